"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { ErrorMessage } from "@/components/ui/error-message";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { bulkRunsQuery } from "@/lib/api-client/bulk/queries";
import type { BulkRun } from "@/lib/schemas/bulk";
import { progressPercent, runSummary, STATUS_LABELS, STATUS_TONES } from "./bulk-text";

const KIND_LABELS: Record<BulkRun["kind"], string> = {
  import: "CSV import",
  cancel: "Bulk cancel",
  renew: "Bulk renew",
  reinvite: "Bulk re-invite",
  add_team: "Add a team",
  add_project_role: "Add a project role",
  apply_preset: "Apply a preset",
};

/** The org's recent runs, newest first, as cards (no table to scroll sideways on a phone). */
export function RecentRuns({ orgId }: { orgId: string }) {
  const runs = useQuery(bulkRunsQuery(orgId));
  return (
    <section aria-labelledby="recent-runs-title" className="space-y-3">
      <h2 id="recent-runs-title" className="text-base font-semibold">
        Recent runs
      </h2>
      {runs.isPending ? (
        <ul className="space-y-2" aria-busy="true" aria-label="Loading the recent runs">
          {[0, 1, 2].map((i) => (
            <li key={i}>
              <Skeleton className="h-16 w-full" />
            </li>
          ))}
        </ul>
      ) : runs.isError ? (
        <StatePanel
          role="alert"
          tone="danger"
          title="The recent runs could not be read"
          action={
            <RetryButton error={runs.error} pending={runs.isFetching} onClick={() => void runs.refetch()} />
          }
        >
          <ErrorMessage error={runs.error} />
        </StatePanel>
      ) : runs.data.runs.length === 0 ? (
        <p className="rounded-lg border border-line bg-surface p-4 text-sm text-muted">
          No imports yet in this organization. Paste or upload a CSV above to preview the first one.
        </p>
      ) : (
        <ul className="space-y-2">
          {runs.data.runs.map((run) => (
            <li key={run.id}>
              <RunCard orgId={orgId} run={run} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RunCard({ orgId, run }: { orgId: string; run: BulkRun }) {
  const started = run.status !== "planned";
  const percent = progressPercent(run.progress);
  return (
    <div className="rounded-lg border border-line bg-surface p-3 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Link
          href={`/orgs/${orgId}/bulk/${run.id}`}
          className="min-w-0 font-medium break-all underline-offset-2 hover:underline"
        >
          {run.label}
        </Link>
        <Badge tone={STATUS_TONES[run.status]}>{STATUS_LABELS[run.status]}</Badge>
        {run.kind !== "import" ? <Badge>{KIND_LABELS[run.kind]}</Badge> : null}
        {run.parentRunId ? <Badge>Retry</Badge> : null}
      </div>
      <p className="mt-1 text-muted">
        {runSummary(run)}
        {" · "}
        <span className="break-all">{run.createdBy}</span>
        {" · "}
        <DateTime value={run.createdAt} mode="relative" past />
      </p>
      {started ? (
        <div
          role="progressbar"
          aria-label={`Progress of ${run.label}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-subtle"
        >
          <div className="h-full rounded-full bg-primary" style={{ width: `${percent}%` }} />
        </div>
      ) : null}
    </div>
  );
}
