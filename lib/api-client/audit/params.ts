import { auditSearchParams } from "@/lib/schemas/audit";
import type { AuditParams } from "@/lib/search-params/audit";

// The page's state (filters, page) is read from and written to its URL in lib/search-params/audit.ts; this is
// how the API is asked for it.

export const PAGE_SIZE = 50;

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
