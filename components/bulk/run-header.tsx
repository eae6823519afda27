import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import type { BulkRun } from "@/lib/schemas/bulk";
import { runSummary, STATUS_LABELS, STATUS_TONES } from "./bulk-text";

/** The run's name, status, who planned it and when, and where its rows stand. */
export function RunHeader({ orgId, run }: { orgId: string; run: BulkRun }) {
  return (
    <header className="space-y-1">
      <p className="text-sm">
        <Link href={`/orgs/${orgId}/bulk`} className="text-muted underline-offset-2 hover:underline">
          ← Bulk import
        </Link>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="min-w-0 text-xl font-semibold tracking-tight break-all">{run.label}</h1>
        <Badge tone={STATUS_TONES[run.status]}>{STATUS_LABELS[run.status]}</Badge>
      </div>
      <p className="text-sm text-muted">
        Planned by <span className="break-all text-fg">{run.createdBy}</span>,{" "}
        <DateTime value={run.createdAt} />
        {run.startedAt ? (
          <>
            {" · started "}
            <DateTime value={run.startedAt} />
          </>
        ) : null}
        {run.finishedAt ? (
          <>
            {" · ended "}
            <DateTime value={run.finishedAt} />
          </>
        ) : null}
        {run.parentRunId ? (
          <>
            {" · retries the failed rows of "}
            <Link href={`/orgs/${orgId}/bulk/${run.parentRunId}`} className="underline underline-offset-2">
              an earlier run
            </Link>
          </>
        ) : null}
      </p>
      {/* Not a live region: it changes every second while running (RunProgress announces in steps). */}
      <p className="text-sm">{runSummary(run)}</p>
    </header>
  );
}
