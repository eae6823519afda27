import { describe, expect, it } from "vitest";
import { createLoader } from "nuqs/server";
import { orgParsers, withOrg } from "./org";

const load = createLoader(orgParsers);

describe("?org=", () => {
  it("reads an Atlas org id and nothing else", () => {
    expect(load("?org=5f1000000000000000000001").org).toBe("5f1000000000000000000001");
    for (const bad of ["5F1000000000000000000001", "5f10", "../x", "5f1000000000000000000001x", ""]) {
      expect(load(`?org=${encodeURIComponent(bad)}`).org, bad).toBeNull();
    }
  });

  it("withOrg adds the org to a path only when there is one", () => {
    expect(withOrg("/audit", "5f1000000000000000000001")).toBe("/audit?org=5f1000000000000000000001");
    expect(withOrg("/audit", null)).toBe("/audit");
  });
});
