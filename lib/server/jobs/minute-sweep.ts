import "server-only";
import { reconcileAuditOnce } from "./audit-reconcile";
import { sweepBulkOnce } from "./bulk-run";
import { sweepProvisioningOnce } from "./provisioning";
import type { JobDefinition } from "./types";

// The console's every-minute work in one scheduled job: the audit reconcile, the bulk sweep and the provisioning
// sweep. Each was its own cron before, and each tick of a cron is pg-boss's work on its own (the schedule's
// send, a job row, a fetch, a completion, an archive): three of them were most of what an idle console did
// (bench/idle.ts). Their queues stay, queued at start and on demand ("audit-reconcile" after a run that left
// rows pending); only the minute's tick is one. A part that fails does not keep the others from running; the
// job then fails and pg-boss runs all three again (each is idempotent).

const PARTS = [
  ["audit-reconcile", reconcileAuditOnce],
  ["bulk-sweep", () => sweepBulkOnce()],
  ["provisioning-sweep", () => sweepProvisioningOnce()],
] as const;

export const minuteSweepJob: JobDefinition<Record<string, never>> = {
  name: "minute-sweep",
  schedule: () => "* * * * *",
  retryLimit: 1,
  retryDelaySeconds: 10,
  expireInSeconds: 5 * 60,
  async handler(_data, { log }) {
    const failed: string[] = [];
    for (const [part, run] of PARTS) {
      try {
        await run(log);
      } catch (err) {
        failed.push(part);
        log.warn({ part, err: err instanceof Error ? err.message : String(err) }, "minute sweep part failed");
      }
    }
    if (failed.length > 0) throw new Error(`minute sweep: ${failed.join(", ")} failed`);
  },
};
