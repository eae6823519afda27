import "server-only";
import { mapError } from "../../api/errors";

// SCIM error answers (RFC 7644 §3.12): `urn:ietf:params:scim:api:messages:2.0:Error` with the status as a
// string, a `scimType` where one applies, and a `detail`. Every failure of the SCIM endpoint ends here: a
// SCIMMY error keeps its status and scimType, the console's own errors keep their meaning (a conflict stays a
// 409 `uniqueness`, Atlas's rate limit a 429 with Retry-After), and nothing else turns into a 404.

export const ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimType =
  | "uniqueness"
  | "invalidFilter"
  | "invalidValue"
  | "invalidSyntax"
  | "invalidPath"
  | "mutability"
  | "noTarget"
  | "tooMany"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  readonly brand = "invite-console/ScimError";
  constructor(
    readonly status: number,
    readonly scimType: ScimType | null,
    message: string,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ScimError";
  }
}

export const isScimError = (e: unknown): e is ScimError =>
  typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === "invite-console/ScimError";

/** SCIMMY's own errors (SCIMMY.Types.Error): a status and a scimType. */
function fromLibrary(e: unknown): ScimError | null {
  if (!(e instanceof Error) || e.name !== "SCIMError") return null;
  const { status, scimType } = e as Error & { status?: unknown; scimType?: unknown };
  if (typeof status !== "number") return null;
  return new ScimError(status, typeof scimType === "string" ? (scimType as ScimType) : null, e.message);
}

/** Any error as the SCIM error to answer; `internal` is true for an unexpected one (logged by the caller). */
export function toScimError(e: unknown): { error: ScimError; internal: boolean } {
  if (isScimError(e)) return { error: e, internal: false };
  const lib = fromLibrary(e);
  if (lib) return { error: lib, internal: false };
  {
    // The console's errors and Atlas's, as the rest of the console maps them (an unknown error is logged there
    // and becomes a generic 500).
    const mapped = mapError(e);
    const err = mapped.body.error;
    const status: number = mapped.status;
    if (err.code === "rate_limited" || err.code === "atlas_rate_limited" || status === 429) {
      return {
        error: new ScimError(429, null, err.message, Math.max(1, err.retryAfter ?? 30)),
        internal: false,
      };
    }
    const scimType: ScimType | null =
      status === 409 ? "uniqueness" : status === 400 || status === 422 ? "invalidValue" : null;
    const fields = err.fields ? Object.values(err.fields).filter((v) => v !== err.message) : [];
    const detail = fields.length > 0 ? `${err.message} ${fields.join(" ")}` : err.message;
    return { error: new ScimError(status === 422 ? 400 : status, scimType, detail), internal: status >= 500 };
  }
}

export function errorBody(e: ScimError): Record<string, unknown> {
  return {
    schemas: [ERROR_URN],
    status: String(e.status),
    ...(e.scimType ? { scimType: e.scimType } : {}),
    detail: e.message,
  };
}
