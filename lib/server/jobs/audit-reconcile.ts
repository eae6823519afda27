import "server-only";
import { reconcilePendingAudit } from "../audit/reconcile";
import { atlasForAudit } from "../connections/route-org";
import { getDb } from "../db";
import type { JobDefinition } from "./types";

// Audit rows left pending by a crashed process (lib/server/audit/reconcile.ts) are finished by this job while
// the console runs, not only at the next start: every minute by pg-boss's cron, and a few seconds after a
// run (or a start) that left rows Atlas may still be acting on. The queue is "stately": across all instances
// at most one run is active and one waits, so two instances never reconcile at once.

/** A row younger than this most likely belongs to a request still running: its own process completes it. */
const MIN_AGE_MS = 5_000;
/** How soon rows left pending are read again. */
export const RECHECK_SECONDS = 5;

export const auditReconcileJob: JobDefinition<Record<string, never>> = {
  name: "audit-reconcile",
  policy: "stately",
  schedule: () => "* * * * *",
  retryLimit: 2,
  retryDelaySeconds: 10,
  expireInSeconds: 5 * 60,
  pollingIntervalSeconds: 2,
  async handler(_data, { log }) {
    const report = await reconcilePendingAudit(await getDb(), atlasForAudit, { minAgeMs: MIN_AGE_MS });
    if (report.resolved + report.left > 0) log.info(report, "audit rows left pending were reconciled");
    if (report.left > 0) await queueAuditReconcile(RECHECK_SECONDS);
  },
};

/** Queues a run after a few seconds; a run already waiting makes this a no-op. */
export async function queueAuditReconcile(afterSeconds = RECHECK_SECONDS): Promise<void> {
  // Imported when used: ./index imports the registry, which imports this file.
  const { sendJob } = await import("./index");
  await sendJob("audit-reconcile", {}, { startAfterSeconds: afterSeconds });
}
