import "server-only";
// Deadline-aware admission for SCIM requests. An IdP sends its burst as fast as the console answers (Okta and
// Entra keep 10–50 requests in flight); an answer that comes after several seconds makes the IdP time out and
// retry the same write, while a 429 with Retry-After makes it wait. Recent requests' times already include their
// wait behind the others in flight (Little's law: a new one is expected to take about as long), so while they
// run past most of the deadline a new request is refused at once, and taken again once they are quick.
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
   * being worked, or 0 to take it: refused while the recent mean is past 80 % of the deadline.
   */
  refuse(inFlight: number): number {
    if (this.meanMs === null || inFlight < MIN_IN_FLIGHT) return 0;
    if (this.meanMs <= 0.8 * this.deadlineMs) return 0;
    return Math.min(30, Math.max(1, Math.ceil(this.meanMs / 1000)));
  }

  /** The moving average, ms (for tests and logs). */
  get recentMs(): number | null {
    return this.meanMs;
  }
}
