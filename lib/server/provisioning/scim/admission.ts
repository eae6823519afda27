import "server-only";
// Deadline-aware admission for SCIM requests. An IdP sends its burst as fast as the console answers (Okta and
// Entra keep 10–50 requests in flight); an answer that comes after several seconds makes the IdP time out and
// retry the same write, while a 429 with Retry-After makes it wait. So a request is refused at once when the
// requests already in flight would, at the pace the recent ones took, keep it waiting past the deadline.
// bench/scim.ts measured (issue 18) answers of 19–61 s at p99 with 32 in flight on a machine with load 46: the
// fixed in-flight cap (48) never refused one.

/** What an answer may take (p99) before the IdP is better told to come back. */
export const SCIM_DEADLINE_MS = 1_000;
/** Below this many in flight nothing is refused (a single slow request says little about the next). */
const MIN_IN_FLIGHT = 4;
/** Weight of the newest request time in the moving average. */
const ALPHA = 0.2;

export class Admission {
  /** Exponentially weighted mean of recent request times, ms (null before the first). */
  private meanMs: number | null = null;

  constructor(private readonly deadlineMs = SCIM_DEADLINE_MS) {}

  /** A request worked in `ms` (answered, whatever its status). */
  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.meanMs = this.meanMs === null ? ms : this.meanMs + ALPHA * (ms - this.meanMs);
  }

  /**
   * Seconds the IdP should wait (Retry-After) when a new request should be refused with `inFlight` already
   * being worked, or 0 to take it. Requests in flight share the process, so a new one is expected to take
   * about (inFlight + 1) × the recent mean.
   */
  refuse(inFlight: number): number {
    if (this.meanMs === null || inFlight < MIN_IN_FLIGHT) return 0;
    const expectedMs = (inFlight + 1) * this.meanMs;
    if (expectedMs <= this.deadlineMs) return 0;
    return Math.min(30, Math.max(1, Math.ceil(expectedMs / 1000)));
  }

  /** The moving average, ms (for tests and logs). */
  get recentMs(): number | null {
    return this.meanMs;
  }
}
