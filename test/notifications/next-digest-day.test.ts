// nextDigestDay (lib/server/notifications/digest.ts): the day the preview names is the day of the cron's next
// run that would build anything, read by cron-parser as pg-boss reads NOTIFY_DIGEST_CRON.
import { describe, expect, it } from "vitest";
import { nextDigestDay } from "@/lib/server/notifications/digest";

const at = (iso: string) => new Date(iso);

describe("nextDigestDay", () => {
  it("daily at 07:00: today before the tick, tomorrow after it or once today's is built", () => {
    expect(nextDigestDay("0 7 * * *", null, at("2026-12-07T06:59:00Z"))).toBe("2026-12-07");
    expect(nextDigestDay("0 7 * * *", "2026-12-06", at("2026-12-07T06:59:00Z"))).toBe("2026-12-07");
    expect(nextDigestDay("0 7 * * *", null, at("2026-12-07T07:30:00Z"))).toBe("2026-12-08");
    expect(nextDigestDay("0 7 * * *", "2026-12-07", at("2026-12-07T06:00:00Z"))).toBe("2026-12-08");
  });

  it("weekdays only: Friday after the tick → Monday", () => {
    // 2026-12-11 is a Friday.
    expect(nextDigestDay("0 7 * * 1-5", null, at("2026-12-11T08:00:00Z"))).toBe("2026-12-14");
    expect(nextDigestDay("0 7 * * mon-fri", "2026-12-11", at("2026-12-11T06:00:00Z"))).toBe("2026-12-14");
  });

  it("several ticks a day: the first on a day not built yet", () => {
    expect(nextDigestDay("0 */6 * * *", null, at("2026-12-07T13:00:00Z"))).toBe("2026-12-07");
    expect(nextDigestDay("0 */6 * * *", "2026-12-07", at("2026-12-07T13:00:00Z"))).toBe("2026-12-08");
    // A day built ahead by hand (the job queued with { day }): the next tick after it.
    expect(nextDigestDay("0 */6 * * *", "2026-12-09", at("2026-12-07T13:00:00Z"))).toBe("2026-12-10");
  });

  it("without a schedule: today, or tomorrow once today's is built", () => {
    expect(nextDigestDay(null, null, at("2026-12-07T23:00:00Z"))).toBe("2026-12-07");
    expect(nextDigestDay(null, "2026-12-07", at("2026-12-07T23:00:00Z"))).toBe("2026-12-08");
  });
});
