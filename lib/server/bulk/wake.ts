import "server-only";
import { jobsBoss, sendJob } from "../jobs";
import { logger } from "../log";
import { WORKER_ID, workRun } from "./work-run";

// Imported by the bulk services, not by the job layer: lib/server/jobs/index.ts loads every job through its
// registry, so the services reach the layer through its index (a job file imported first would meet itself
// half-loaded in the registry).

/** Works a run in this process, slice after slice (no job layer: JOBS=0, or a test calling the routes). */
async function workHere(runId: string): Promise<void> {
  try {
    while ((await workRun(runId, WORKER_ID)) === "yielded");
  } catch (err) {
    logger.error({ err: err instanceof Error ? err.message : String(err), runId }, "bulk run stopped");
  }
}

/** Queues a run's worker now (start, resume, a command that needs the worker). */
export async function wakeRun(runId: string): Promise<void> {
  if (await jobsBoss()) await sendJob("bulk-run", { runId });
  else void workHere(runId);
}
