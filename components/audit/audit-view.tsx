"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { ApiError } from "@/lib/api-client/errors";
import { Button } from "@/components/ui/button";
import { auditQuery, exportHref } from "./audit-api";
import { AuditFilters } from "./audit-filters";
import { hasFilters, PAGE_SIZE, pageQuery, parseAuditParams, type AuditParams } from "./audit-params";
import { AuditEmpty, AuditError, AuditSkeleton, AuditTable } from "./audit-table";

/** The Audit page's client island: filters and page in the URL, one query, four states. */
export function AuditView() {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = useMemo(() => parseAuditParams(new URLSearchParams(search.toString())), [search]);
  const navigate = useCallback(
    (next: AuditParams) => {
      const q = pageQuery(next);
      router.push(q ? `${pathname}?${q}` : pathname, { scroll: false });
    },
    [pathname, router],
  );
  const query = useQuery(auditQuery(params));
  const { page: _page, ...filters } = params;
  const data = query.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const clear = () =>
    navigate({
      ...params,
      from: "",
      to: "",
      user: "",
      action: "",
      org: "",
      target: "",
      outcome: "",
      page: 1,
    });

  let body;
  if (query.isPending) body = <AuditSkeleton />;
  else if (query.isError && !data) {
    const message = query.error instanceof ApiError ? query.error.message : "Something went wrong.";
    body = <AuditError message={message} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  } else if (!data || data.rows.length === 0)
    body = <AuditEmpty filtered={hasFilters(params)} onClear={clear} />;
  else body = <AuditTable rows={data.rows} />;

  return (
    <div className="flex flex-col gap-4 px-4 py-4 sm:px-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <p className="text-sm text-muted" aria-live="polite">
          {data ? `${data.total.toLocaleString("en")} row${data.total === 1 ? "" : "s"}` : ""}
          {query.isFetching && !query.isPending ? " · refreshing…" : ""}
        </p>
      </div>
      <AuditFilters
        value={filters}
        onApply={(f) => navigate({ ...f, page: 1 })}
        onClear={clear}
        exportHref={exportHref(params)}
      />
      {body}
      {data && data.total > PAGE_SIZE ? (
        <nav aria-label="Pages" className="flex items-center justify-end gap-2 text-sm">
          <Button
            size="sm"
            disabled={params.page <= 1}
            onClick={() => navigate({ ...params, page: params.page - 1 })}
          >
            Previous
          </Button>
          <span>
            Page {params.page} of {pages}
          </span>
          <Button
            size="sm"
            disabled={params.page >= pages}
            onClick={() => navigate({ ...params, page: params.page + 1 })}
          >
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
