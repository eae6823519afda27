import { createSerializer } from "nuqs/server";
import { describe, expect, it } from "vitest";
import {
  CLEARED_FILTERS,
  DEFAULT_LIST_PARAMS,
  drawerParsers,
  hasActiveFilters,
  listParsers,
  listUpdate,
  loadListParams,
  nextSort,
  type ListParams,
  type ListPatch,
} from "./invitations";

const TEAM = "a".repeat(24);

// What the view's useQueryStates writes: the same parsers, the same clear-on-default rules.
const serialize = createSerializer({ ...listParsers, ...drawerParsers });
function write(url: string, patch: ListPatch): string {
  return serialize(url, listUpdate(loadListParams(url.replace(/^[^?]*/, "")), patch));
}

describe("invitations list URL", () => {
  it("reads the parameters the page has always used (bookmarks, e2e links)", () => {
    expect(
      loadListParams(
        `?tab=expired&q=contractors&role=ORG_OWNER&team=${TEAM}&project=${TEAM}&expiring=1&source=project&sort=email&dir=asc`,
      ),
    ).toEqual({
      tab: "expired",
      q: "contractors",
      role: "ORG_OWNER",
      team: TEAM,
      project: TEAM,
      expiring: true,
      source: "project",
      sort: "email",
      dir: "asc",
    } satisfies ListParams);
  });

  it("falls back to the default for unknown or malformed values instead of failing", () => {
    expect(
      loadListParams(
        "?tab=archived&role=ORG_GOD&team=ABC&project=../x&expiring=true&source=all&sort=x&dir=up",
      ),
    ).toEqual(DEFAULT_LIST_PARAMS);
    expect(loadListParams({})).toEqual(DEFAULT_LIST_PARAMS);
    expect(loadListParams(`?q=${"x".repeat(400)}`).q).toHaveLength(254);
  });

  it("leaves defaults out of the URL and keeps other parameters", () => {
    expect(write("?invitation=users:1&other=1", { tab: "expired" })).toBe(
      "?invitation=users:1&other=1&tab=expired",
    );
    expect(write("?tab=expired", { tab: "pending" })).toBe("");
    expect(write("", { expiring: true })).toBe("?expiring=1");
    expect(write("?expiring=1&role=ORG_OWNER", { expiring: false, role: "" })).toBe("");
    expect(write("", { q: "contractors" })).toBe("?q=contractors");
  });

  it("writes the sort column and direction as a pair, and neither for the default order", () => {
    expect(write("", nextSort(DEFAULT_LIST_PARAMS, "email"))).toBe("?sort=email&dir=asc");
    expect(write("?sort=email&dir=asc", { dir: "desc" })).toBe("?sort=email&dir=desc");
    expect(write("?sort=email&dir=asc", { sort: "created" })).toBe("?sort=created&dir=asc");
    expect(write("?sort=created&dir=asc", { dir: "desc" })).toBe("");
    // A change that is not a sort leaves the pair alone.
    expect(write("?sort=created&dir=asc", { tab: "rejected" })).toBe("?sort=created&dir=asc&tab=rejected");
  });

  it("clearing the filters keeps the tab and the sort", () => {
    const url = `?tab=expired&q=a&role=ORG_OWNER&team=${TEAM}&expiring=1&source=org&sort=email&dir=asc`;
    expect(write(url, CLEARED_FILTERS)).toBe("?tab=expired&sort=email&dir=asc");
  });

  it("header clicks: the same column flips, a new one starts ascending", () => {
    const p = { ...DEFAULT_LIST_PARAMS, sort: "email", dir: "asc" } satisfies ListParams;
    expect(nextSort(p, "email")).toEqual({ sort: "email", dir: "desc" });
    expect(nextSort(p, "expires")).toEqual({ sort: "expires", dir: "asc" });
  });

  it("counts only real filters as active (not the tab, the sort or blank search)", () => {
    expect(hasActiveFilters({ ...DEFAULT_LIST_PARAMS, tab: "expired", sort: "email", q: "  " })).toBe(false);
    expect(hasActiveFilters({ ...DEFAULT_LIST_PARAMS, expiring: true })).toBe(true);
    expect(hasActiveFilters({ ...DEFAULT_LIST_PARAMS, q: "x" })).toBe(true);
  });

  it("takes only a row key as the open drawer", () => {
    const parse = (v: string) => drawerParsers.invitation.parse(v);
    expect(parse(`users:${TEAM}`)).toBe(`users:${TEAM}`);
    expect(parse(`project:${TEAM}`)).toBe(`project:${TEAM}`);
    expect(parse("javascript:alert(1)")).toBeNull();
    expect(parse("users:")).toBeNull();
  });
});
