import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { messageWithWait, retryAtOf, waitLeft } from "./retry-wait";
import { formatWait } from "@/lib/format";

describe("one countdown for a rate-limited answer", () => {
  it("the message and the button show the same seconds as time passes", () => {
    const limited = new ApiError({
      status: 503,
      code: "atlas_rate_limited",
      message: "Atlas rate limit: retry in 30 s.",
      retryAfter: 30,
    });
    const arrived = limited.retryAt! - 30_000;
    // Ten seconds later the message no longer says 30 s while the button says 20 s: both say 20 s.
    const later = arrived + 10_000;
    const left = waitLeft(retryAtOf(limited), later);
    expect(messageWithWait(limited.message, left)).toBe("Atlas rate limit: retry in 20 s.");
    expect(`Retry in ${formatWait(left)}`).toBe("Retry in 20 s");
    expect(messageWithWait(limited.message, waitLeft(limited.retryAt, arrived + 29_500))).toBe(
      "Atlas rate limit: retry in 1 s.",
    );
  });

  it("once the wait is over the message says to retry now", () => {
    expect(messageWithWait("Atlas rate limit: retry in 30 s.", 0)).toBe("Atlas rate limit: retry now.");
    expect(messageWithWait("Too many attempts. Try again in 90 s.", 61_000)).toBe(
      "Too many attempts. Try again in 1 min 1 s.",
    );
  });

  it("a message without a wait, or an error without Retry-After, is left as it is", () => {
    expect(messageWithWait("Atlas is unreachable. Check the network and try again.", 5_000)).toBe(
      "Atlas is unreachable. Check the network and try again.",
    );
    expect(
      retryAtOf(new ApiError({ status: 502, code: "atlas_error", message: "Atlas answered 500." })),
    ).toBeUndefined();
    expect(retryAtOf(new Error("plain"))).toBeUndefined();
    expect(waitLeft(undefined, Date.now())).toBe(0);
  });
});
