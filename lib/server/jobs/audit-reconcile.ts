import "server-only";
import { reconcilePendingAudit } from "../audit/reconcile";
import { atlasForAudit } from "../connections/route-org";
import { getDatabaseHandle } from "../db";
import { exclusively } from "../db/exclusive";
import type { Logger } from "pino";
import type { JobDefinition } from "./types";

// Audit rows left pending by a crashed process (lib/server/audit/reconcile.ts) are finished by this job while the
// console runs, not only at the next start: every minute by the minute sweep (./minute-sweep.ts), and a few
// seconds after a run (or a start) that left rows Atlas may still be acting on. Two instances never reconcile at
// once: a run takes an advisory lock (lib/server/db/exclusive.ts), which a killed process drops with its
// connection. The queue was "stately" before: a run active in a killed process then held every later run back
// until pg-boss expired it (5 minutes), and the rows that process left pending waited as long (e2e T20 on
// PostgreSQL). The queue is "short": at most one run waits.

/** A row younger than this most likely belongs to a request still running: its own process completes it. */
const MIN_AGE_MS = 5_000;
/** The advisory lock of a reconcile run (any constant no other lock of the console uses). */
const RECONCILE_LOCK = 7_420_313;
/** How soon rows left pending are read again. */
export const RECHECK_SECONDS = 5;

/** One reconcile run: the queued job's, and the minute sweep's (./minute-sweep.ts). */
export async function reconcileAuditOnce(log: Logger): Promise<void> {
  const handle = await getDatabaseHandle();
  const report = await exclusively(handle, RECONCILE_LOCK, () =>
    reconcilePendingAudit(handle.db, atlasForAudit, { minAgeMs: MIN_AGE_MS }),
  );
  // Another instance is reconciling: look again once it is likely done.
  if (report === null) return queueAuditReconcile(RECHECK_SECONDS);
  if (report.resolved + report.left > 0) log.info(report, "audit rows left pending were reconciled");
  if (report.left > 0) await queueAuditReconcile(RECHECK_SECONDS);
}

/** Queued at start and after a run that left rows pending; the every-minute run is the minute sweep's. */
export const auditReconcileJob: JobDefinition<Record<string, never>> = {
  name: "audit-reconcile",
  policy: "short",
  retryLimit: 2,
  retryDelaySeconds: 10,
  expireInSeconds: 5 * 60,
  pollingIntervalSeconds: 2,
  handler: (_data, { log }) => reconcileAuditOnce(log),
};

/** Queues a run after a few seconds; a run already waiting makes this a no-op. */
export async function queueAuditReconcile(afterSeconds = RECHECK_SECONDS): Promise<void> {
  // Imported when used: ./index imports the registry, which imports this file.
  const { sendJob } = await import("./index");
  await sendJob("audit-reconcile", {}, { startAfterSeconds: afterSeconds });
}
