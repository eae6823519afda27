import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { parseRetryAfter } from "@/lib/retry-after";
import { queryRetryDelay, shouldRetryQuery } from "./fetcher";

describe("Retry-After in the browser", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-12-01T05:00:00Z");
    expect(parseRetryAfter("12", now)).toBe(12);
    expect(parseRetryAfter("Tue, 01 Dec 2026 05:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("a query is never retried before Retry-After", () => {
    const busy = new ApiError({
      status: 503,
      code: "atlas_unavailable",
      message: "Atlas is busy.",
      retryAfter: 20,
    });
    expect(shouldRetryQuery(1, busy)).toBe(true);
    expect(queryRetryDelay(1, busy)).toBeGreaterThan(19_000);
    const down = new ApiError({ status: 502, code: "atlas_error", message: "Atlas answered 500." });
    expect(queryRetryDelay(1, down)).toBeLessThan(5_000);
  });

  it("a rate limit is left to the Retry button (it counts down); refusals are not retried", () => {
    const limited = new ApiError({
      status: 503,
      code: "atlas_rate_limited",
      message: "Atlas rate limit: retry in 20 s.",
      retryAfter: 20,
    });
    expect(shouldRetryQuery(1, limited)).toBe(false);
    const console429 = new ApiError({
      status: 429,
      code: "rate_limited",
      message: "Retry in 5 s.",
      retryAfter: 5,
    });
    expect(shouldRetryQuery(1, console429)).toBe(false);
    expect(shouldRetryQuery(1, new ApiError({ status: 403, code: "forbidden", message: "no" }))).toBe(false);
    expect(shouldRetryQuery(1, new ApiError({ status: 502, code: "atlas_gone", message: "retired" }))).toBe(
      false,
    );
  });
});
