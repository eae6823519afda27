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

interface AtlasErrorInit {
  failure: AtlasFailure;
  message: string;
  status?: number | null;
  errorCode?: string | null;
  detail?: string | null;
  retryAfter?: number | null;
  stillRunning?: boolean;
  fields?: readonly string[];
}

/** What Atlas answered with an error status: its status, errorCode, detail, Retry-After and field names. */
export interface AtlasAnswer {
  status: number;
  errorCode: string | null;
  detail: string | null;
  retryAfter?: number | null;
  fields?: readonly string[];
}

export class AtlasError extends Error {
  readonly brand = ATLAS_ERROR_BRAND;
  readonly failure: AtlasFailure;
  readonly status: number | null;
  readonly errorCode: string | null;
  readonly detail: string | null;
  /** Seconds, from Retry-After on 429/503. */
  readonly retryAfter: number | null;
  /** unknown_outcome only: Atlas may still be working on it (no answer in time), so look again later. */
  readonly stillRunning: boolean;
  /** The attributes Atlas names in badRequestDetail.fields (400 answers), e.g. "mobileNumber". */
  readonly fields: readonly string[];

  private constructor(init: AtlasErrorInit) {
    super(init.message);
    this.name = "AtlasError";
    this.failure = init.failure;
    this.status = init.status ?? null;
    this.errorCode = init.errorCode ?? null;
    this.detail = init.detail ?? null;
    this.retryAfter = init.retryAfter ?? null;
    this.stillRunning = init.stillRunning ?? false;
    this.fields = init.fields ?? [];
  }

  /** Atlas answered with an error status. */
  static http(answer: AtlasAnswer): AtlasError {
    return new AtlasError({ failure: "http", message: `Atlas answered ${answer.status}`, ...answer });
  }

  /** No answer: in time (`timeout`) or at all (refused, reset, DNS). */
  static unreachable({ timeout }: { timeout: boolean }): AtlasError {
    return new AtlasError({
      failure: timeout ? "timeout" : "network",
      message: timeout ? "Atlas did not answer in time" : "Atlas is unreachable",
    });
  }

  /** A POST/PATCH whose fate is unknown; `stillRunning` when Atlas may still be working on it. */
  static unknownOutcome(
    init: { message: string; stillRunning?: boolean } & Partial<Omit<AtlasAnswer, "fields">>,
  ): AtlasError {
    return new AtlasError({ failure: "unknown_outcome", ...init });
  }

  /** Atlas answered something the console cannot read. */
  static invalidResponse({ message, status }: { message: string; status: number }): AtlasError {
    return new AtlasError({ failure: "invalid_response", message, status });
  }

  /** The token endpoint refused (bad credentials, token limit) or failed. */
  static token(init: { message: string } & AtlasAnswer): AtlasError {
    return new AtlasError({ failure: "token", ...init });
  }

  get isNotFound(): boolean {
    return this.failure === "http" && this.status === 404;
  }

  /**
   * What an Atlas 404 says is missing, from its errorCode: the invitation or user acted on ("target"), or
   * something the request only names (a team, project or org: "team" / "project" / "org"). A generic
   * RESOURCE_NOT_FOUND says neither ("unknown"); a 404 without a body is taken as the target's.
   */
  get notFoundKind(): NotFoundKind | null {
    if (!this.isNotFound) return null;
    if (this.errorCode === null) return "target";
    return NOT_FOUND_CODES[this.errorCode] ?? "unknown";
  }

  /** Atlas refused the caller's address (the API access list of the key or service account). */
  get isAccessListRefusal(): boolean {
    if (this.status !== 403) return false;
    return (
      /ACCESS_LIST|WHITELIST/.test(this.errorCode ?? "") ||
      /not allowed to access this resource|access list|whitelist/i.test(this.detail ?? "")
    );
  }
}

export type NotFoundKind = "target" | "team" | "project" | "org" | "unknown";

// Atlas names what it did not find (sim/src/errors.ts answers the same codes).
const NOT_FOUND_CODES: Record<string, NotFoundKind> = {
  INVITATION_NOT_FOUND: "target",
  USER_NOT_FOUND: "target",
  TEAM_NOT_FOUND: "team",
  GROUP_NOT_FOUND: "project",
  ORG_NOT_FOUND: "org",
};

/** True for an AtlasError made by any copy of this module (see the brand above). */
export function isAtlasError(e: unknown): e is AtlasError {
  return typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === ATLAS_ERROR_BRAND;
}

/**
 * The console's own words for Atlas refusals whose errorCode says what to fix (the API answer and the audit
 * row): a 404 naming a team, project or org of the request, and the API access list. Null for the others.
 * Never Atlas's detail text, which may quote input back; only the address Atlas saw, from its detail.
 */
export function atlasRefusalText(e: AtlasError): string | null {
  if (e.isAccessListRefusal) {
    const ip = e.detail?.match(/\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/i)?.[0];
    return (
      `Atlas refused the console's address${ip ? ` ${ip}` : ""}: it is not on the API access list of this ` +
      "connection's service account. Add it in Atlas (Organization → Access Manager → Service Accounts → " +
      "API Access List), or ask an admin to, then try again."
    );
  }
  const code = e.errorCode ? ` (${e.errorCode})` : "";
  switch (e.notFoundKind) {
    case "team":
      return `Atlas has no such team in this organization${code}: it was deleted or belongs to another org. Choose teams of this org.`;
    case "project":
      return `Atlas has no such project in this organization${code}: it was deleted or belongs to another org. Choose projects of this org.`;
    case "org":
      return `Atlas has no such organization${code}: it was deleted, or this connection no longer sees it.`;
    case "unknown":
      return `Atlas did not find something this request names${code}. Reload the page and try again.`;
    default:
      return null;
  }
}
