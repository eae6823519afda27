// The run page's rows, 100 a page: the URL's page as a window (components/bulk/run-params.ts), and the request
// the browser makes (lib/api-client/bulk/queries.ts) as the rows route reads it (lib/schemas/bulk.ts).
import { describe, expect, it } from "vitest";
import { lastPage, rowsWindow, ROWS_PER_PAGE } from "@/components/bulk/run-params";
import { bulkRowsSearch } from "@/lib/api-client/bulk/queries";
import { bulkRowsQuerySchema } from "@/lib/schemas/bulk";

const asRouteReadsIt = (search: string) =>
  bulkRowsQuerySchema.parse(Object.fromEntries(new URLSearchParams(search)));

describe("rows paging", () => {
  it("turns the URL's page into an offset of 100 rows, a bad page into the first", () => {
    expect(ROWS_PER_PAGE).toBe(100);
    expect(rowsWindow(1)).toEqual({ offset: 0, limit: 100 });
    expect(rowsWindow(3)).toEqual({ offset: 200, limit: 100 });
    expect(rowsWindow(0)).toEqual({ offset: 0, limit: 100 });
    expect(rowsWindow(-4)).toEqual({ offset: 0, limit: 100 });
    expect(rowsWindow(Number.NaN)).toEqual({ offset: 0, limit: 100 });
  });

  it("knows the last page of a filter", () => {
    expect(lastPage(0)).toBe(1);
    expect(lastPage(100)).toBe(1);
    expect(lastPage(101)).toBe(2);
    expect(lastPage(5_000)).toBe(50);
  });

  it("asks the rows route for exactly the filter and window shown", () => {
    const filter = { bucket: "already_member" as const, state: "skipped" as const, ...rowsWindow(2) };
    expect(asRouteReadsIt(bulkRowsSearch(filter))).toEqual(filter);
    expect(asRouteReadsIt(bulkRowsSearch(rowsWindow(1)))).toEqual({ offset: 0, limit: 100 });
  });
});
