import { describe, expect, it } from "vitest";
import { formatLocal, formatRelative, formatUtc, formatWait } from "./format";

const T = Date.UTC(2026, 10, 23, 14, 38);

describe("date formats", () => {
  it("exact UTC is the same in every locale", () => {
    expect(formatUtc(T)).toBe("2026-11-23 14:38 UTC");
  });

  it("local format follows the locale and the time zone", () => {
    expect(formatLocal(T, { locale: "en-GB", timeZone: "Europe/Berlin" })).toBe("23 Nov 2026, 15:38");
    expect(formatLocal(T, { locale: "en-US", timeZone: "America/New_York" })).toMatch(/^Nov 23, 2026.*9:38/);
    expect(formatLocal(T, { locale: "de-DE", timeZone: "UTC" })).toBe("23.11.2026, 14:38");
  });

  it("relative wording", () => {
    expect(formatRelative(T + 3 * 86_400_000, T)).toBe("in 3 days");
    expect(formatRelative(T - 30_000, T)).toBe("just now");
  });

  it("a past event ahead of this clock reads 'just now', never a future tense", () => {
    // A row sent a few seconds after the minute clock last ticked, or by a server whose clock runs ahead.
    expect(formatRelative(T + 20_000, T, { past: true })).toBe("just now");
    expect(formatRelative(T + 5 * 60_000, T, { past: true })).toBe("just now");
    expect(formatRelative(T, T, { past: true })).toBe("just now");
    expect(formatRelative(T - 3 * 60_000, T, { past: true })).toBe("3 min. ago");
    // The same instant as now is not "in less than a minute" either.
    expect(formatRelative(T, T)).toBe("just now");
    // A future event keeps its future tense.
    expect(formatRelative(T + 20_000, T)).toBe("in less than a minute");
    expect(formatRelative(T + 2 * 3_600_000, T)).toBe("in 2 hr.");
  });

  it("waits in seconds, then minutes", () => {
    expect(formatWait(400)).toBe("1 s");
    expect(formatWait(12_000)).toBe("12 s");
    expect(formatWait(90_000)).toBe("1 min 30 s");
    expect(formatWait(120_000)).toBe("2 min");
  });
});
