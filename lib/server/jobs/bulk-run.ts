import "server-only";
import { WORKER_ID, orphanedRuns, workRun } from "../bulk/work-run";
import { getDb } from "../db";
import { sendJob } from "./index";
import type { JobDefinition } from "./types";

// Bulk runs on the job layer (docs/bulk.md): "bulk-run" works one run for a slice of minutes and queues its own
// continuation; "bulk-sweep" (at start-up, and every minute in the minute sweep) queues every run that should be
// worked but that no live worker holds — after a crash, a restart, or an instance gone. Two jobs for one run are
// harmless: the run's lease (lib/server/bulk/work-run.ts) lets one of them work it.

export const bulkRunJob: JobDefinition<{ runId: string }> = {
  name: "bulk-run",
  retryLimit: 10,
  retryDelaySeconds: 5,
  expireInSeconds: 15 * 60,
  pollingIntervalSeconds: 2,
  // Runs of different orgs go side by side (each org's own budget paces its run).
  localConcurrency: 4,
  async handler({ runId }) {
    const result = await workRun(runId, WORKER_ID);
    if (result === "yielded") await sendJob("bulk-run", { runId });
  },
};

/** Queues "bulk-run" for every run no live worker holds: the start-up job's, and the minute sweep's. */
export async function sweepBulkOnce(): Promise<void> {
  for (const runId of await orphanedRuns(await getDb())) await sendJob("bulk-run", { runId });
}

/** Queued at start (sweepBulkRuns); the every-minute sweep is the minute sweep's (./minute-sweep.ts). */
export const bulkSweepJob: JobDefinition<Record<string, never>> = {
  name: "bulk-sweep",
  retryLimit: 1,
  handler: () => sweepBulkOnce(),
};

/** At start-up: runs a crash or restart left without a worker are taken up at once, not at the next minute. */
export async function sweepBulkRuns(): Promise<void> {
  await sendJob("bulk-sweep", {});
}
