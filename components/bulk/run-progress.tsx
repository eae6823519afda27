"use client";

import { DateTime } from "@/components/ui/date-time";
import { useSecondsUntil } from "@/components/ui/use-now";
import { formatWait } from "@/lib/format";
import type { BulkRun } from "@/lib/schemas/bulk";
import { count, etaText, progressPercent, progressAnnouncement, rateText } from "./bulk-text";

/** The bar and figures of a started run; screen readers hear it in steps of 10 %, not every second. */
export function RunProgress({ run }: { run: BulkRun }) {
  const { progress } = run;
  const percent = progressPercent(progress);
  const rate = rateText(progress.perMinute);
  const eta = run.status === "running" ? etaText(progress.etaSeconds) : null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <span className="font-medium tabular-nums">
          {count(progress.done)} of {count(progress.toSend)} rows finished ({percent}%)
        </span>
        <span className="text-muted">
          {[`${count(run.states.done)} sent`, `${count(run.states.failed)} failed`, rate, eta]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${count(progress.done)} of ${count(progress.toSend)} rows`}
        className="h-2.5 w-full overflow-hidden rounded-full bg-subtle"
      >
        <div className="h-full rounded-full bg-primary transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      {progress.waitingUntil && run.status === "running" ? (
        <BudgetWait until={progress.waitingUntil} />
      ) : null}
      <p aria-live="polite" className="sr-only">
        {progressAnnouncement(run.status, percent)}
      </p>
    </div>
  );
}

/** Atlas's budget for creates is spent: the job waits, and says until when (counting down each second). */
function BudgetWait({ until }: { until: string }) {
  const ms = Date.parse(until);
  const now = useSecondsUntil(ms);
  const left = ms - now;
  return (
    <p className="text-sm text-muted">
      Waiting for Atlas&apos;s budget until <DateTime value={until} />
      {left > 0 ? ` (${formatWait(left)})` : ""}: Atlas limits how fast invitations are created; the run goes
      on by itself.
    </p>
  );
}
