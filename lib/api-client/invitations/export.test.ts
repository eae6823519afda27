import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_PARAMS, loadListParams } from "@/lib/search-params/invitations";
import { exportHref } from "./export";

describe("exportHref", () => {
  it("names the tab and format always, and the filters the page's URL carries", () => {
    const href = exportHref("5f1000000000000000000001", DEFAULT_LIST_PARAMS, "csv");
    const url = new URL(href, "http://console.test");
    expect(url.pathname).toBe("/api/orgs/5f1000000000000000000001/export");
    expect(url.searchParams.get("tab")).toBe("pending");
    expect(url.searchParams.get("format")).toBe("csv");
    expect(url.searchParams.get("q")).toBeNull();
  });

  it("round-trips through the page's parsers (what the route reads)", () => {
    const params = {
      ...DEFAULT_LIST_PARAMS,
      tab: "expired" as const,
      q: "a&b=c",
      role: "ORG_MEMBER" as const,
      team: "5f2000000000000000000001",
      expiring: true,
      sort: "email" as const,
      dir: "asc" as const,
    };
    const url = new URL(exportHref("5f1000000000000000000001", params, "json"), "http://console.test");
    expect(loadListParams(url.searchParams)).toEqual(params);
    expect(url.searchParams.get("format")).toBe("json");
  });
});
