import "server-only";
import { WORKER_ID, orphanedRuns, workRun } from "../bulk/work-run";
import { getDb } from "../db";
import { sendJob } from "./index";
import type { JobDefinition } from "./types";

// Bulk runs on the job layer (docs/bulk.md): "bulk-run" works one run for a slice of minutes and queues its
// own continuation; "bulk-sweep" (every minute, and once at start-up) queues every run that should be worked
// but that no live worker holds — after a crash, a restart, or an instance gone. Two jobs for one run are
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

export const bulkSweepJob: JobDefinition<Record<string, never>> = {
  name: "bulk-sweep",
  schedule: () => "* * * * *",
  retryLimit: 1,
  async handler() {
    for (const runId of await orphanedRuns(await getDb())) await sendJob("bulk-run", { runId });
  },
};

/** At start-up: runs a crash or restart left without a worker are taken up at once, not at the next minute. */
export async function sweepBulkRuns(): Promise<void> {
  await sendJob("bulk-sweep", {});
}
