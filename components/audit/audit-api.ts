import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client/fetcher";
import { auditListSchema } from "@/lib/schemas/audit";
import { apiFilters, PAGE_SIZE, type AuditParams } from "./audit-params";

// The Audit page's queries (the key starts with "audit": nothing else invalidates it; rows only grow).
export const auditKeys = {
  all: () => ["audit"] as const,
  list: (p: AuditParams) => ["audit", "list", p] as const,
};

export const auditQuery = (p: AuditParams) =>
  queryOptions({
    queryKey: auditKeys.list(p),
    queryFn: ({ signal }) => {
      const q = apiFilters(p);
      q.set("page", String(p.page));
      q.set("pageSize", String(PAGE_SIZE));
      return apiFetch(`/api/audit?${q}`, { signal, schema: auditListSchema });
    },
    placeholderData: (previous) => previous,
  });

export const exportHref = (p: AuditParams) => {
  const q = apiFilters(p).toString();
  return q ? `/api/audit/export?${q}` : "/api/audit/export";
};
