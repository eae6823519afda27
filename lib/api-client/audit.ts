import { queryOptions } from "@tanstack/react-query";
import { auditListSchema, auditOrgListSchema } from "@/lib/schemas/audit";
import { apiFilters, PAGE_SIZE, type AuditParams } from "./audit-params";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./query-keys";

// The Audit page's queries. Rows only grow, and every mutation elsewhere may add one: a mutation that
// should show up at once invalidates queryKeys.audit().

export const auditQuery = (p: AuditParams) =>
  queryOptions({
    queryKey: queryKeys.auditList(p),
    queryFn: ({ signal }) => {
      const q = apiFilters(p);
      q.set("page", String(p.page));
      q.set("pageSize", String(PAGE_SIZE));
      return apiFetch(`/api/audit?${q}`, { signal, schema: auditListSchema });
    },
    placeholderData: (previous) => previous,
  });

export const auditOrgsQuery = () =>
  queryOptions({
    queryKey: queryKeys.auditOrgs(),
    queryFn: ({ signal }) => apiFetch("/api/audit/orgs", { signal, schema: auditOrgListSchema }),
    staleTime: 60_000,
  });

export const auditExportHref = (p: AuditParams) => {
  const q = apiFilters(p).toString();
  return q ? `/api/audit/export?${q}` : "/api/audit/export";
};
