import "server-only";

/** What went wrong talking to Atlas, in terms the console can act on. */
export type AtlasFailure =
  | "http" // Atlas answered with an error status
  | "timeout" // no answer in time
  | "network" // connection refused / reset / DNS
  | "unknown_outcome" // a POST/PATCH whose fate is unknown (5xx, timeout or dropped connection)
  | "invalid_response" // Atlas answered something we cannot parse
  | "token"; // the token endpoint refused (bad credentials, limit reached)

/**
 * Next.js bundles instrumentation and route handlers apart, so this class can exist twice in one process: an
 * error made by one copy fails `instanceof` in the other. Classify with `isAtlasError` (a brand field), never
 * with `instanceof`.
 */
const ATLAS_ERROR_BRAND = "invite-console/AtlasError";

export class AtlasError extends Error {
  readonly brand = ATLAS_ERROR_BRAND;
  constructor(
    readonly failure: AtlasFailure,
    message: string,
    readonly status: number | null = null,
    readonly errorCode: string | null = null,
    readonly detail: string | null = null,
    /** Seconds, from Retry-After on 429/503. */
    readonly retryAfter: number | null = null,
    /** unknown_outcome only: Atlas may still be working on it (no answer in time), so look again later. */
    readonly stillRunning = false,
    /** The attributes Atlas names in badRequestDetail.fields (400 answers), e.g. "mobileNumber". */
    readonly fields: readonly string[] = [],
  ) {
    super(message);
    this.name = "AtlasError";
  }

  get isNotFound(): boolean {
    return this.failure === "http" && this.status === 404;
  }
}

/** True for an AtlasError made by any copy of this module (see the brand above). */
export function isAtlasError(e: unknown): e is AtlasError {
  return typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === ATLAS_ERROR_BRAND;
}

export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
