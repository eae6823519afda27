import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { parseRetryAfter, queryRetryDelay, shouldRetryQuery } from "./fetcher";

describe("Retry-After in the browser", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-12-01T05:00:00Z");
    expect(parseRetryAfter("12", now)).toBe(12);
    expect(parseRetryAfter("Tue, 01 Dec 2026 05:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("a query is never retried before Retry-After", () => {
    const busy = new ApiError(503, "atlas_unavailable", "Atlas is busy.", undefined, undefined, 20);
    expect(shouldRetryQuery(1, busy)).toBe(true);
    expect(queryRetryDelay(1, busy)).toBeGreaterThan(19_000);
    const down = new ApiError(502, "atlas_unavailable", "Atlas answered 500.");
    expect(queryRetryDelay(1, down)).toBeLessThan(5_000);
  });

  it("a rate limit is left to the Retry button (it counts down); refusals are not retried", () => {
    const limited = new ApiError(
      503,
      "rate_limited",
      "Atlas rate limit: retry in 20 s.",
      undefined,
      undefined,
      20,
    );
    expect(shouldRetryQuery(1, limited)).toBe(false);
    expect(shouldRetryQuery(1, new ApiError(403, "forbidden", "no"))).toBe(false);
    expect(shouldRetryQuery(1, new ApiError(502, "atlas_gone", "retired"))).toBe(false);
  });
});
