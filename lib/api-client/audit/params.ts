import { auditSearchParams } from "@/lib/schemas/audit";

// The Audit page's state lives in its URL: filters, page. Dates in the URL are UTC calendar days.
export interface AuditParams {
  from: string;
  to: string;
  user: string;
  action: string;
  org: string;
  target: string;
  outcome: string;
  page: number;
}

export const PAGE_SIZE = 50;
export const EMPTY_FILTERS: Omit<AuditParams, "page"> = {
  from: "",
  to: "",
  user: "",
  action: "",
  org: "",
  target: "",
  outcome: "",
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseAuditParams(search: URLSearchParams): AuditParams {
  const get = (k: string) => search.get(k)?.trim() ?? "";
  const page = Number.parseInt(get("page"), 10);
  return {
    from: DAY.test(get("from")) ? get("from") : "",
    to: DAY.test(get("to")) ? get("to") : "",
    user: get("user").slice(0, 320),
    action: get("action").slice(0, 100),
    org: get("org").slice(0, 24),
    target: get("target").slice(0, 320),
    outcome: get("outcome").slice(0, 20),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The page URL's query (what the user sees and shares). */
export function pageQuery(p: AuditParams): string {
  return auditSearchParams({ ...p, page: p.page > 1 ? p.page : undefined }).toString();
}

/** The API's filters: whole UTC days become a time range (the "to" day included). */
export function apiFilters(p: AuditParams): URLSearchParams {
  return auditSearchParams({
    from: p.from ? `${p.from}T00:00:00.000Z` : undefined,
    to: p.to ? `${p.to}T23:59:59.999Z` : undefined,
    user: p.user,
    action: p.action,
    org: p.org,
    target: p.target,
    outcome: p.outcome,
  });
}

export function hasFilters(p: AuditParams): boolean {
  return Object.keys(EMPTY_FILTERS).some((k) => p[k as keyof typeof EMPTY_FILTERS] !== "");
}
