import "server-only";

/** What went wrong talking to Atlas, in terms the console can act on. */
export type AtlasFailure =
  | "http" // Atlas answered with an error status
  | "timeout" // no answer in time
  | "network" // connection refused / reset / DNS
  | "unknown_outcome" // a POST/PATCH whose fate is unknown (5xx, timeout or dropped connection)
  | "invalid_response" // Atlas answered something we cannot parse
  | "token"; // the token endpoint refused (bad credentials, limit reached)

export class AtlasError extends Error {
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
  ) {
    super(message);
    this.name = "AtlasError";
  }

  get isNotFound(): boolean {
    return this.failure === "http" && this.status === 404;
  }
}

export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
