import "server-only";
// Deadline-aware admission for SCIM requests. An IdP sends its burst as fast as the console answers (Okta and
// Entra keep 10–50 requests in flight); an answer that comes after several seconds makes the IdP time out and
// retry the same write, while a 429 with Retry-After makes it wait.
//
// Requests in flight share the process (and PGlite runs one query at a time), so a request takes about its own
// work times the number of requests it shares the process with. Each answered request gives that share: its time
// divided by the requests in flight when it started (itself included). A new request is expected to take the
// share times the requests it joins; it is refused at once when that would pass the target, which leaves room
// under the deadline for the slower ones (a p99 is about twice the typical time). The mean of recent request
// times is kept as a second check: it refuses while answers are slow whatever the estimate says.
// bench/scim.ts measured (issue 18) answers of 19–61 s at p99 with 32 in flight on a machine with load 46: the
// fixed in-flight cap (48) never refused one. With the mean alone (refused past 800 ms) a quiet 2-core machine
// answered at p99 1.9 s with no 429: the mean stayed under its mark while the slowest waited twice as long.

/** What an answer may take (p99) before the IdP is better told to come back. */
export const SCIM_DEADLINE_MS = 1_000;
/** The time a new request is expected to take past which it is refused: half the deadline. */
const TARGET_SHARE = 0.5;
/** Below this many in flight nothing is refused (a single slow request says little about the next). */
const MIN_IN_FLIGHT = 4;
/** Weight of the newest request in the moving averages. */
const ALPHA = 0.2;

export class Admission {
  /** Exponentially weighted mean of recent request times, ms (null before the first). */
  private meanMs: number | null = null;
  /** The same of each request's time divided by the requests in flight when it started, ms. */
  private shareMs: number | null = null;

  constructor(private readonly deadlineMs = SCIM_DEADLINE_MS) {}

  /** A request worked in `ms` (answered, whatever its status), started with `inFlight` in flight besides it. */
  record(ms: number, inFlight = 0): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const share = ms / (1 + Math.max(0, Math.floor(Number.isFinite(inFlight) ? inFlight : 0)));
    this.meanMs = this.meanMs === null ? ms : this.meanMs + ALPHA * (ms - this.meanMs);
    this.shareMs = this.shareMs === null ? share : this.shareMs + ALPHA * (share - this.shareMs);
  }

  /** What a request that joins `inFlight` others is expected to take, ms (null before the first answer). */
  expectedMs(inFlight: number): number | null {
    return this.shareMs === null ? null : this.shareMs * (inFlight + 1);
  }

  /**
   * Seconds the IdP should wait (Retry-After) when a new request should be refused with `inFlight` already
   * being worked, or 0 to take it.
   */
  refuse(inFlight: number): number {
    if (this.meanMs === null || inFlight < MIN_IN_FLIGHT) return 0;
    const expected = this.expectedMs(inFlight) ?? 0;
    if (expected <= TARGET_SHARE * this.deadlineMs && this.meanMs <= 0.8 * this.deadlineMs) return 0;
    return Math.min(30, Math.max(1, Math.ceil(Math.max(this.meanMs, expected) / 1000)));
  }

  /** The moving average of request times, ms (for tests and logs). */
  get recentMs(): number | null {
    return this.meanMs;
  }
}
