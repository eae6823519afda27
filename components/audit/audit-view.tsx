"use client";

import { useQuery } from "@tanstack/react-query";
import { useRef } from "react";
import { auditExportHref, auditQuery } from "@/lib/api-client/audit/queries";
import { PAGE_SIZE } from "@/lib/api-client/audit/params";
import { ApiError } from "@/lib/api-client/errors";
import { EMPTY_FILTERS, hasFilters, type AuditFilterValues } from "@/lib/search-params/audit";
import { Button } from "@/components/ui/button";
import { AuditFilters } from "./audit-filters";
import { AuditEmpty, AuditError, AuditSkeleton, AuditTable } from "./audit-table";
import { useAuditParams } from "./use-audit-params";
import { formatCount, plural } from "@/lib/format";

/** The Audit page's client island: filters and page in the URL, one query, four states. */
export function AuditView() {
  const { params, queried, update } = useAuditParams();
  const query = useQuery(auditQuery(queried));
  const { page: _page, ...filters } = params;
  const data = query.data;
  // Past 1,000 matching rows the count stops ("more than 1,000"): the last page is then unknown, and Next
  // follows the answer's nextCursor being there.
  const pages = data && !data.totalCapped ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : null;
  const hasNext = data ? data.nextCursor !== null : false;
  const change = (patch: Partial<AuditFilterValues>) => update({ ...patch, page: 1 });
  const clear = () => update({ ...EMPTY_FILTERS, page: 1 });
  const top = useRef<HTMLDivElement>(null);
  // Previous / Next sit under the rows: the new page is read from its first row, not from where the last ended.
  const turn = (page: number) => {
    update({ page });
    top.current?.scrollIntoView({ block: "start" });
  };

  let body;
  if (query.isPending) body = <AuditSkeleton />;
  else if (query.isError && !data) {
    const message = query.error instanceof ApiError ? query.error.message : "Something went wrong.";
    body = <AuditError message={message} retrying={query.isFetching} onRetry={() => void query.refetch()} />;
  } else if (!data || data.rows.length === 0)
    body = <AuditEmpty filtered={hasFilters(params)} onClear={clear} />;
  else body = <AuditTable rows={data.rows} names={data.names} />;

  return (
    <div ref={top} className="mx-auto flex w-full max-w-screen-2xl min-w-0 flex-col gap-4 px-4 py-4 sm:px-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Audit log</h1>
        <p className="text-sm text-muted" aria-live="polite">
          {data
            ? data.totalCapped
              ? `More than ${formatCount(data.total)} rows`
              : plural(data.total, "row")
            : ""}
          {query.isFetching && !query.isPending ? " · refreshing…" : ""}
        </p>
      </div>
      <AuditFilters value={filters} onChange={change} onClear={clear} exportHref={auditExportHref(queried)} />
      {body}
      {data && (data.total > PAGE_SIZE || params.page > 1) ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-end gap-2 text-sm">
          <Button size="sm" disabled={params.page <= 1} onClick={() => turn(params.page - 1)}>
            Previous
          </Button>
          <span>
            Page {params.page}
            {pages === null ? "" : ` of ${pages}`}
          </span>
          <Button size="sm" disabled={!hasNext} onClick={() => turn(params.page + 1)}>
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
