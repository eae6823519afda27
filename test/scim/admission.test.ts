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
    // 300 ms each, 40 in flight: 7.5 ms of work each, so one more is expected to take ~310 ms.
    for (let i = 0; i < 20; i++) a.record(300, 39);
    expect(a.refuse(40)).toBe(0);
    expect(a.recentMs).toBeCloseTo(300, 5);
  });

  it("refuses while recent requests run past most of the deadline, with a Retry-After", () => {
    const a = new Admission();
    // Started with 16 in flight: the share (~56 ms) alone would take one more at 8 in flight.
    for (let i = 0; i < 20; i++) a.record(900, 15);
    expect(a.refuse(8)).toBe(1);
    for (let i = 0; i < 20; i++) a.record(3_500, 15);
    expect(a.refuse(8)).toBe(4);
    // Never more than 30 s.
    for (let i = 0; i < 50; i++) a.record(60_000);
    expect(a.refuse(40)).toBe(30);
  });

  it("refuses a request expected to take past half the deadline from the requests it would join", () => {
    const a = new Admission();
    // 200 ms each with 4 in flight: 50 ms of work each. The mean alone (200 ms) would never refuse.
    for (let i = 0; i < 20; i++) a.record(200, 3);
    expect(a.expectedMs(7)).toBeCloseTo(400, 5);
    expect(a.refuse(7)).toBe(0);
    expect(a.refuse(9)).toBe(0);
    expect(a.expectedMs(12)).toBeCloseTo(650, 5);
    expect(a.refuse(12)).toBe(1);
    // Four times the work per request: 1.6 s expected with 7 in flight, so the IdP is told to wait 2 s.
    for (let i = 0; i < 60; i++) a.record(800, 3);
    expect(a.refuse(7)).toBe(2);
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
    expect(a.expectedMs(5)).toBeNull();
    a.record(100, Number.NaN);
    expect(a.expectedMs(0)).toBeCloseTo(100, 5);
  });
});
