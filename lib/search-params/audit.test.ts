import { createSerializer } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { auditParsers, EMPTY_FILTERS, hasFilters, loadAuditParams } from "./audit";

const serialize = createSerializer(auditParsers);

describe("audit page URL", () => {
  it("reads the filters and page links use (the account page, e2e)", () => {
    expect(
      loadAuditParams(
        "?from=2026-11-01&to=2026-11-30&user=admin%40x.io&action=invitation.created&org=" +
          "a".repeat(24) +
          "&target=p%40x.io&outcome=failure&page=3",
      ),
    ).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      user: "admin@x.io",
      action: "invitation.created",
      org: "a".repeat(24),
      target: "p@x.io",
      outcome: "failure",
      page: 3,
    });
  });

  it("reads malformed dates and pages as blank and page 1; trims and cuts text", () => {
    const p = loadAuditParams(`?from=yesterday&to=2026-1-1&page=0&user=%20%20x%20&org=${"b".repeat(40)}`);
    expect(p).toMatchObject({ from: "", to: "", page: 1, user: "x", org: "b".repeat(24) });
    expect(loadAuditParams("?page=-2").page).toBe(1);
    expect(loadAuditParams("?page=abc").page).toBe(1);
    expect(loadAuditParams(`?target=${"t".repeat(500)}`).target).toHaveLength(320);
  });

  it("leaves blank filters and page 1 out of the URL", () => {
    expect(serialize({ ...EMPTY_FILTERS, page: 1 })).toBe("");
    expect(serialize({ ...EMPTY_FILTERS, target: "p@x.io", page: 2 })).toBe("?target=p@x.io&page=2");
    expect(serialize("?action=invitation.created&page=4", { action: "", page: 1 })).toBe("");
  });

  it("counts filters, not the page", () => {
    expect(hasFilters(loadAuditParams("?page=5"))).toBe(false);
    expect(hasFilters(loadAuditParams("?outcome=failure"))).toBe(true);
  });
});
