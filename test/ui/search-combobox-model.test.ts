// The searchable combobox's logic (components/ui/search-combobox-model.ts): the org switcher and the audit's org
// filter with 200 orgs.
import { describe, expect, it } from "vitest";
import { filterOptions, fold, moveActive } from "@/components/ui/search-combobox-model";
import type { ComboOption } from "@/components/ui/search-combobox-model";

const UNITS = ["Payments", "Retail", "Logistics", "Énergie", "Health-care"];
const orgs: ComboOption[] = Array.from({ length: 200 }, (_, i) => ({
  value: `6b1${String(i + 1).padStart(21, "0")}`,
  label: `${UNITS[i % UNITS.length]} ${String(i + 1).padStart(3, "0")}`,
  detail: i % 2 ? "Production connection" : "EU connection",
}));
const labels = (q: string, limit?: number) => filterOptions(orgs, q, limit).shown.map((o) => o.label);

describe("filterOptions", () => {
  it("shows the first `limit` options and the total when nothing is typed", () => {
    const r = filterOptions(orgs, "  ", 50);
    expect(r.shown).toHaveLength(50);
    expect(r.total).toBe(200);
    expect(r.shown[0]!.label).toBe("Payments 001");
  });

  it("matches case and accents loosely, every word of the query", () => {
    expect(fold("Énergie")).toBe("energie");
    expect(labels("energie 004")).toEqual(["Énergie 004"]);
    // A word of the label starting with "01" first, then "01" anywhere in the label.
    expect(labels("PAY 01")).toEqual(["Payments 011", "Payments 016", "Payments 001", "Payments 101"]);
    expect(filterOptions(orgs, "retail").total).toBe(40);
    expect(filterOptions(orgs, "nothing like it").total).toBe(0);
  });

  it("ranks label prefix, then word prefix, then anywhere in the label, then the id or the detail", () => {
    const opts: ComboOption[] = [
      { value: "1", label: "Data Platform" },
      { value: "2", label: "Platform" },
      { value: "3", label: "Replatforming" },
      { value: "4", label: "Billing", detail: "platform team connection" },
    ];
    expect(filterOptions(opts, "platf").shown.map((o) => o.value)).toEqual(["2", "1", "3", "4"]);
    // A word after a dash is a word.
    expect(labels("care 005")).toEqual(["Health-care 005"]);
  });

  it("finds an org by a pasted id", () => {
    expect(labels(orgs[41]!.value)).toEqual([orgs[41]!.label]);
  });

  it("caps what it shows but counts every match", () => {
    const r = filterOptions(orgs, "payments", 10);
    expect(r.shown).toHaveLength(10);
    expect(r.total).toBe(40);
  });
});

describe("moveActive", () => {
  it("wraps with the arrows, jumps with Home, End and the page keys", () => {
    expect(moveActive(-1, "ArrowDown", 5)).toBe(0);
    expect(moveActive(4, "ArrowDown", 5)).toBe(0);
    expect(moveActive(0, "ArrowUp", 5)).toBe(4);
    expect(moveActive(-1, "ArrowUp", 5)).toBe(4);
    expect(moveActive(2, "Home", 5)).toBe(0);
    expect(moveActive(2, "End", 5)).toBe(4);
    expect(moveActive(2, "PageDown", 50)).toBe(12);
    expect(moveActive(45, "PageDown", 50)).toBe(49);
    expect(moveActive(5, "PageUp", 50)).toBe(0);
    expect(moveActive(3, "ArrowDown", 0)).toBe(-1);
  });
});
