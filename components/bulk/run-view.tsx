"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { toast } from "@/components/ui/toast";
import { usePermission } from "@/components/auth/session-context";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DisabledReason } from "@/components/ui/disabled-reason";
import { ErrorMessage } from "@/components/ui/error-message";
import { RetryButton } from "@/components/ui/retry-button";
import { Skeleton } from "@/components/ui/skeleton";
import { StatePanel } from "@/components/ui/state-panel";
import { useBulkRunCommand, type BulkRunCommand } from "@/lib/api-client/bulk/mutations";
import { bulkResultsPath, useBulkRun } from "@/lib/api-client/bulk/queries";
import { ApiError } from "@/lib/api-client/errors";
import type { BulkRun } from "@/lib/schemas/bulk";
import { count, failureLine, humanDuration, plural } from "./bulk-text";
import { RunHeader } from "./run-header";
import { RunProgress } from "./run-progress";
import { RunRows } from "./run-rows";
import { StartDialog } from "./start-dialog";

const REFUSED_ID = "bulk-run-refused";

/** One run, everything read from the server (it survives a reload and other admins see the same). */
export function RunView({ orgId, runId }: { orgId: string; runId: string }) {
  const query = useBulkRun(orgId, runId);
  if (query.isPending) {
    return (
      <div className="space-y-4" role="status" aria-busy="true" aria-label="Loading the run">
        <Skeleton className="h-7 w-64 max-w-full" />
        <Skeleton className="h-4 w-80 max-w-full" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (query.isError) {
    const gone = query.error instanceof ApiError && query.error.code === "not_found";
    return (
      <StatePanel
        role="alert"
        tone="danger"
        title={gone ? "This run does not exist in this organization" : "The run could not be read"}
        action={
          gone ? (
            <Link href={`/orgs/${orgId}/bulk`} className={buttonClasses("primary")}>
              Back to bulk import
            </Link>
          ) : (
            <RetryButton
              error={query.error}
              pending={query.isFetching}
              onClick={() => void query.refetch()}
            />
          )
        }
      >
        <ErrorMessage error={query.error} />
      </StatePanel>
    );
  }
  return <RunDetail orgId={orgId} run={query.data.run} />;
}

function RunDetail({ orgId, run }: { orgId: string; run: BulkRun }) {
  const router = useRouter();
  const permission = usePermission("bulk.run");
  const command = useBulkRunCommand(orgId, run.id);
  const [confirm, setConfirm] = useState<"start" | "cancel" | null>(null);
  // Where focus goes when a dialog closes and the button that opened it is gone (Start disappears once started).
  const controls = useRef<HTMLElement>(null);
  const pendingCommand = command.isPending ? command.variables : undefined;

  const send = async (c: BulkRunCommand) => {
    const { run: answer } = await command.mutateAsync(c);
    return answer;
  };
  /** Pause, resume and retry act at once; a refusal is a toast (the page keeps showing the run). */
  const act = (c: Exclude<BulkRunCommand, "start" | "cancel">) => {
    send(c)
      .then((answer) => {
        if (c === "retry") {
          toast.success(
            answer.status === "planned"
              ? `A new run of the ${plural(answer.total, "failed row")} is planned: check it and start it.`
              : `Retrying ${plural(answer.total, "failed row")}.`,
          );
          router.push(`/orgs/${orgId}/bulk/${answer.id}`);
        } else toast.success(c === "pause" ? "Pausing after the row in flight." : "Resumed.");
      })
      .catch((e: unknown) =>
        toast.error(`Not done: ${e instanceof ApiError ? e.message : "the console did not answer."}`),
      );
  };

  const controlProps = (c: BulkRunCommand) => ({
    pending: pendingCommand === c,
    disabled: !permission.allowed || (command.isPending && pendingCommand !== c),
    "aria-describedby": permission.allowed ? undefined : REFUSED_ID,
  });
  const finished = run.status === "done" || run.status === "cancelled";
  // Started and not ended: the progress and the pause / resume / cancel buttons.
  const active =
    run.status === "running" ||
    run.status === "pausing" ||
    run.status === "paused" ||
    run.status === "cancelling";

  return (
    <div className="space-y-6">
      <RunHeader orgId={orgId} run={run} />

      <section
        ref={controls}
        tabIndex={-1}
        aria-label="Run controls"
        className="space-y-3 rounded-lg border border-line bg-surface p-4 focus:outline-none"
      >
        {run.status === "planned" ? (
          <>
            <p className="text-sm">
              This is a dry run: nothing has been sent.{" "}
              {run.buckets.ready > 0
                ? `Starting sends ${plural(run.buckets.ready, "invitation")}${run.expectedSeconds !== null ? ` (${humanDuration(run.expectedSeconds)})` : ""}.`
                : "No row is ready to send."}
              {run.approvalsNeeded > 0
                ? ` ${plural(run.approvalsNeeded, "row")} need a second admin's approval.`
                : ""}
            </p>
            <div className="flex flex-wrap gap-2">
              <a href={bulkResultsPath(orgId, run.id)} download className={buttonClasses("secondary")}>
                Download plan (CSV)
              </a>
              <Button
                variant="primary"
                onClick={() => setConfirm("start")}
                {...controlProps("start")}
                disabled={controlProps("start").disabled || run.buckets.ready + run.approvalsNeeded === 0}
              >
                Start
              </Button>
            </div>
          </>
        ) : null}

        {active || (finished && run.progress.toSend > 0) ? <RunProgress run={run} /> : null}

        {active ? (
          <div className="flex flex-wrap gap-2">
            {run.status === "running" ? (
              <Button onClick={() => act("pause")} {...controlProps("pause")}>
                Pause
              </Button>
            ) : null}
            {run.status === "paused" ? (
              <Button variant="primary" onClick={() => act("resume")} {...controlProps("resume")}>
                Resume
              </Button>
            ) : null}
            {run.status === "running" || run.status === "paused" || run.status === "pausing" ? (
              <Button variant="danger" onClick={() => setConfirm("cancel")} {...controlProps("cancel")}>
                Cancel run
              </Button>
            ) : null}
            {run.status === "pausing" ? (
              <p className="self-center text-sm text-muted">Pausing after the row in flight…</p>
            ) : null}
            {run.status === "cancelling" ? (
              <p className="self-center text-sm text-muted">Cancelling after the row in flight…</p>
            ) : null}
          </div>
        ) : null}

        {finished ? (
          <div className="space-y-3">
            {run.failures.length ? (
              <div>
                <h2 className="text-sm font-semibold">Failed rows by reason</h2>
                <ul className="mt-1 space-y-0.5 text-sm">
                  {run.failures.map((f) => (
                    <li key={`${f.reason}-${f.atlasErrorCode ?? ""}`} className="break-words">
                      {failureLine(f)}
                      {f.atlasErrorCode ? <span className="text-muted"> ({f.atlasErrorCode})</span> : null}
                    </li>
                  ))}
                </ul>
              </div>
            ) : run.status === "done" ? (
              <p className="text-sm">No row failed.</p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <a href={bulkResultsPath(orgId, run.id)} download className={buttonClasses("secondary")}>
                Download results (CSV)
              </a>
              {run.retryable > 0 ? (
                <Button variant="primary" onClick={() => act("retry")} {...controlProps("retry")}>
                  Retry failed rows ({count(run.retryable)})
                </Button>
              ) : null}
            </div>
          </div>
        ) : null}
        <DisabledReason id={REFUSED_ID} reason={permission.reason} />
      </section>

      <RunRows orgId={orgId} run={run} />

      <StartDialog
        run={run}
        open={confirm === "start"}
        pending={pendingCommand === "start"}
        onClose={() => setConfirm(null)}
        returnFocusFallback={() => controls.current}
        onStart={async () => {
          await send("start");
          toast.success("Started. You can leave this page: the run goes on.");
          setConfirm(null);
        }}
      />
      <ConfirmDialog
        open={confirm === "cancel"}
        title="Cancel this run?"
        description="Rows not yet sent are cancelled and never sent. Invitations already sent stay."
        note="A cancelled run cannot be resumed; you can import the remaining rows again later."
        keepLabel="Keep running"
        confirmLabel="Cancel run"
        pending={pendingCommand === "cancel"}
        pendingAnnouncement="Cancelling the run…"
        errorPrefix="Not cancelled"
        failureMessage="The console did not answer."
        onClose={() => setConfirm(null)}
        returnFocusFallback={() => controls.current}
        onConfirm={async () => {
          await send("cancel");
          toast.success("Cancelling after the row in flight.");
          setConfirm(null);
        }}
      />
    </div>
  );
}
