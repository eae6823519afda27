import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { auditKeys } from "./keys";
import type { AuditParams } from "@/lib/search-params/audit";
import { apiFilters, PAGE_SIZE } from "./params";

export const auditQuery = (p: AuditParams) =>
  queryOptions({
    queryKey: auditKeys.list(p),
    queryFn: ({ signal }) => {
      const q = apiFilters(p);
      q.set("page", String(p.page));
      q.set("pageSize", String(PAGE_SIZE));
      return apiFetch(`/api/audit?${q}`, { signal, schema: answer("auditListSchema") });
    },
    placeholderData: (previous) => previous,
  });

export const auditOrgsQuery = () =>
  queryOptions({
    queryKey: auditKeys.orgs(),
    queryFn: ({ signal }) => apiFetch("/api/audit/orgs", { signal, schema: answer("auditOrgListSchema") }),
    staleTime: 60_000,
  });

export const auditExportHref = (p: AuditParams) => {
  const q = apiFilters(p).toString();
  return q ? `/api/audit/export?${q}` : "/api/audit/export";
};
