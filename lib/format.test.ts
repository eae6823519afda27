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

  it("waits in seconds, then minutes", () => {
    expect(formatWait(400)).toBe("1 s");
    expect(formatWait(12_000)).toBe("12 s");
    expect(formatWait(90_000)).toBe("1 min 30 s");
    expect(formatWait(120_000)).toBe("2 min");
  });
});
