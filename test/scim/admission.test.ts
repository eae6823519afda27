import { describe, expect, it } from "vitest";
import { Admission, SCIM_DEADLINE_MS } from "@/lib/server/provisioning/scim/admission";

describe("SCIM admission (deadline-aware 429)", () => {
  it("takes every request before it has seen one, and while few are in flight", () => {
    const a = new Admission();
    expect(a.refuse(40)).toBe(0);
    a.record(5_000);
    expect(a.refuse(0)).toBe(0);
    expect(a.refuse(3)).toBe(0);
  });

  it("takes requests while recent ones, waits included, stay well within the deadline", () => {
    const a = new Admission();
    for (let i = 0; i < 20; i++) a.record(300);
    expect(a.refuse(40)).toBe(0);
    expect(a.recentMs).toBeCloseTo(300, 5);
  });

  it("refuses while recent requests run past most of the deadline, with a Retry-After", () => {
    const a = new Admission();
    for (let i = 0; i < 20; i++) a.record(900);
    expect(a.refuse(8)).toBe(1);
    for (let i = 0; i < 20; i++) a.record(3_500);
    expect(a.refuse(8)).toBe(4);
    // Never more than 30 s.
    for (let i = 0; i < 50; i++) a.record(60_000);
    expect(a.refuse(40)).toBe(30);
  });

  it("follows the recent pace: refusals stop once requests are quick again", () => {
    const a = new Admission();
    for (let i = 0; i < 20; i++) a.record(1_500);
    expect(a.refuse(10)).toBeGreaterThan(0);
    for (let i = 0; i < 40; i++) a.record(10);
    expect(a.refuse(10)).toBe(0);
  });

  it("ignores nonsense times", () => {
    const a = new Admission(SCIM_DEADLINE_MS);
    a.record(Number.NaN);
    a.record(-5);
    a.record(Infinity);
    expect(a.recentMs).toBeNull();
  });
});
