"use client";

import { useQuery } from "@tanstack/react-query";
import { cn } from "@/components/ui/cn";
import { Button } from "@/components/ui/button";
import { Email } from "@/components/ui/email";
import { ErrorMessage } from "@/components/ui/error-message";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { bulkRowsQuery, isRunMoving } from "@/lib/api-client/bulk/queries";
import type { BulkRun } from "@/lib/schemas/bulk";
import {
  BULK_PLAN_BUCKET_LABELS,
  BULK_PLAN_BUCKETS,
  BULK_ROW_STATES,
  type BulkPlanBucket,
  type BulkRowState,
} from "@/lib/schemas/onboarding";
import { count, pageRangeText, rowReasonText, rowWhatText, STATE_LABELS } from "./bulk-text";
import { lastPage, rowsWindow, useRunRowsParams } from "./run-params";

function Chip({
  pressed,
  onClick,
  children,
}: {
  pressed: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={cn(
        "inline-flex h-8 items-center gap-1.5 rounded-full border px-3 text-sm whitespace-nowrap",
        pressed
          ? "border-primary bg-primary text-on-primary"
          : "border-line-strong bg-surface text-fg hover:bg-subtle",
      )}
    >
      {children}
    </button>
  );
}

/** The plan's buckets and (once started) the rows' states as filter chips, then the filtered rows, 100 a page. */
export function RunRows({ orgId, run }: { orgId: string; run: BulkRun }) {
  const [{ bucket, state, page }, setParams] = useRunRowsParams();
  const win = rowsWindow(page);
  const filter = { ...(bucket ? { bucket } : {}), ...(state ? { state } : {}), ...win };
  const rows = useQuery(bulkRowsQuery(orgId, run.id, filter, isRunMoving(run.status)));
  const started = run.status !== "planned";
  const setBucket = (b: BulkPlanBucket | null) => void setParams({ bucket: b, page: null });
  const setState = (s: BulkRowState | null) => void setParams({ state: s, page: null });
  const total = rows.data?.total ?? 0;
  const last = lastPage(total);

  return (
    <section aria-labelledby="run-rows-title" className="space-y-3">
      <h2 id="run-rows-title" className="text-base font-semibold">
        Rows
      </h2>
      <div role="group" aria-label="Filter by plan" className="flex flex-wrap gap-1.5">
        <Chip pressed={!bucket} onClick={() => setBucket(null)}>
          All <span className="tabular-nums">{count(run.total)}</span>
        </Chip>
        {BULK_PLAN_BUCKETS.map((b) => (
          <Chip key={b} pressed={bucket === b} onClick={() => setBucket(bucket === b ? null : b)}>
            {BULK_PLAN_BUCKET_LABELS[b]} <span className="tabular-nums">{count(run.buckets[b])}</span>
          </Chip>
        ))}
      </div>
      {started ? (
        <div role="group" aria-label="Filter by outcome" className="flex flex-wrap gap-1.5">
          <Chip pressed={!state} onClick={() => setState(null)}>
            Any outcome
          </Chip>
          {BULK_ROW_STATES.filter((s) => run.states[s] > 0 || state === s).map((s) => (
            <Chip key={s} pressed={state === s} onClick={() => setState(state === s ? null : s)}>
              {STATE_LABELS[s]} <span className="tabular-nums">{count(run.states[s])}</span>
            </Chip>
          ))}
        </div>
      ) : null}

      {rows.isPending ? (
        <div className="space-y-2" role="status" aria-busy="true" aria-label="Loading the rows">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : rows.isError ? (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-3 rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft"
        >
          <span className="min-w-0 flex-1">
            The rows could not be read: <ErrorMessage error={rows.error} />
          </span>
          <RetryButton
            error={rows.error}
            size="sm"
            pending={rows.isFetching}
            onClick={() => void rows.refetch()}
          />
        </div>
      ) : rows.data.rows.length === 0 ? (
        <p className="rounded-lg border border-line bg-surface p-4 text-sm text-muted">
          {bucket || state ? "No row matches this filter." : "This run has no rows."}
        </p>
      ) : (
        <>
          {/* The table scrolls inside its own box: the page never scrolls sideways (360 px phones). */}
          <div className="overflow-x-auto rounded-lg border border-line bg-surface">
            <table className="w-full min-w-[44rem] border-collapse text-sm">
              <caption className="sr-only">
                Rows of {run.label}
                {bucket ? `, ${BULK_PLAN_BUCKET_LABELS[bucket]}` : ""}
                {state ? `, ${STATE_LABELS[state]}` : ""}
              </caption>
              <thead>
                <tr className="border-b border-line text-left text-xs text-muted">
                  <th scope="col" className="w-16 px-3 py-2 font-medium">
                    Line
                  </th>
                  <th scope="col" className="w-[36%] px-3 py-2 font-medium">
                    E-mail
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {started ? "Outcome" : "What will happen"}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    Reason
                  </th>
                  <th scope="col" className="w-52 px-3 py-2 font-medium">
                    Invitation id
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.data.rows.map((r) => (
                  <tr key={r.line} className="border-b border-line last:border-b-0 align-top">
                    <td className="px-3 py-2 tabular-nums text-muted">{count(r.line)}</td>
                    <td className="px-3 py-2">
                      {r.email ? <Email address={r.email} /> : <span className="text-muted">(none)</span>}
                    </td>
                    <td className="px-3 py-2">{rowWhatText(r, run.status)}</td>
                    <td className="px-3 py-2 break-words text-muted">{rowReasonText(r)}</td>
                    <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{r.invitationId ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav
            aria-label="Pages of rows"
            className="flex flex-wrap items-center justify-between gap-2 text-sm"
          >
            <p className="text-muted">{pageRangeText(win.offset, rows.data.rows.length, total)}</p>
            <div className="flex gap-2">
              <Button size="sm" disabled={page <= 1} onClick={() => void setParams({ page: page - 1 })}>
                Previous 100
              </Button>
              <Button size="sm" disabled={page >= last} onClick={() => void setParams({ page: page + 1 })}>
                Next 100
              </Button>
            </div>
          </nav>
        </>
      )}
    </section>
  );
}
