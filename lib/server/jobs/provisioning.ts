import "server-only";
import { getDb } from "../db";
import { markDecidedHolds } from "../provisioning/reconcile";
import { PROVISIONING_WORKER_ID, orgsToWork, workOrg } from "../provisioning/worker";
import { pruneScimRequests } from "../provisioning/prune";
import { sendJob } from "./index";
import type { JobDefinition } from "./types";

// Provisioning on the job layer (docs/provisioning.md): "provisioning-run" works one org's directory changes for a
// slice and queues its own continuation (two jobs for one org are harmless: one holds the org's lease);
// "provisioning-sweep" (at start-up, and every minute in the minute sweep) queues every org with changes that no
// live worker holds, after a crash, a restart or an instance gone. The org's lease lets one worker act.

export const provisioningRunJob: JobDefinition<{ orgId: string }> = {
  name: "provisioning-run",
  retryLimit: 10,
  retryDelaySeconds: 5,
  expireInSeconds: 15 * 60,
  pollingIntervalSeconds: 2,
  localConcurrency: 4,
  // Not "stately": a killed process's job stays active until it expires, and a stately queue would hold the next
  // one back that long. The org's lease (lib/server/provisioning/worker.ts) already lets one worker act.
  async handler({ orgId }) {
    const result = await workOrg(orgId, PROVISIONING_WORKER_ID);
    if (result === "yielded") await sendJob("provisioning-run", { orgId });
  },
};

/** Queues "provisioning-run" for orgs with changes and no live worker (at start and in the minute sweep). */
export async function sweepProvisioningOnce(): Promise<void> {
  const db = await getDb();
  // Directory users an approval held, decided since (approved, denied, expired): the worker takes them up.
  await markDecidedHolds(db);
  for (const orgId of await orgsToWork(db)) await sendJob("provisioning-run", { orgId });
  await pruneScimRequests(db);
}

/** Queued at start; the every-minute sweep is the minute sweep's (./minute-sweep.ts). */
export const provisioningSweepJob: JobDefinition<Record<string, never>> = {
  name: "provisioning-sweep",
  retryLimit: 1,
  handler: () => sweepProvisioningOnce(),
};
