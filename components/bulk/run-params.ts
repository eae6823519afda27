import { parseAsInteger, parseAsStringLiteral, useQueryStates } from "nuqs";
import { BULK_PLAN_BUCKETS, BULK_ROW_STATES } from "@/lib/schemas/onboarding";

// The run page's row filter and page as URL search params (?bucket=&state=&page=): reload, back and a link
// another admin opens keep them. Unknown values fall back to "all" and page 1.

export const ROWS_PER_PAGE = 100;

export const runRowsParsers = {
  bucket: parseAsStringLiteral(BULK_PLAN_BUCKETS),
  state: parseAsStringLiteral(BULK_ROW_STATES),
  page: parseAsInteger.withDefault(1),
};

/** The filter and page; a new filter goes back to page 1. */
export function useRunRowsParams() {
  return useQueryStates(runRowsParsers, { history: "replace" });
}

/** The rows request for a page of the URL (a page below 1 reads as 1). */
export function rowsWindow(page: number): { offset: number; limit: number } {
  const p = Number.isFinite(page) && page >= 1 ? Math.floor(page) : 1;
  return { offset: (p - 1) * ROWS_PER_PAGE, limit: ROWS_PER_PAGE };
}

/** The last page a filter with `total` rows has (at least 1). */
export const lastPage = (total: number) => Math.max(1, Math.ceil(total / ROWS_PER_PAGE));
