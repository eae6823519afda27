import "server-only";
import { z } from "zod";
import { atlasIdSchema } from "@/lib/schemas/ids";
import { listRoutes } from "../connections/routing";
import { getDb } from "../db";
import { env } from "../env";
import { syncOrg } from "../ledger/sync";
import { sendJob } from "./index";
import type { JobDefinition } from "./types";

// The ledger's scheduled sync (lib/server/ledger/sync.ts): every LEDGER_SYNC_MINUTES one "ledger-sync" job
// (pg-boss queues one per cron tick, whatever the number of instances) queues one "ledger-sync-org" job per
// org with a route; a stately queue keyed by org holds at most one waiting and one running sync per org.

/** A cron expression (UTC) for "every n minutes", or null when n is 0 (no scheduled sync). */
export function syncCron(minutes: number): string | null {
  if (minutes <= 0) return null;
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

export const ledgerSyncJob: JobDefinition<Record<string, never>> = {
  name: "ledger-sync",
  schedule: () => syncCron(env().LEDGER_SYNC_MINUTES),
  retryLimit: 2,
  async handler() {
    const routes = await listRoutes(await getDb());
    for (const r of routes) await sendJob("ledger-sync-org", { orgId: r.orgId }, { singletonKey: r.orgId });
  },
};

const orgJobSchema = z.object({ orgId: atlasIdSchema });

export const ledgerSyncOrgJob: JobDefinition<{ orgId: string }> = {
  name: "ledger-sync-org",
  policy: "stately",
  // A 429 or an unreachable Atlas fails the job: pg-boss retries it with back-off (30 s, 60 s, 120 s, ...).
  retryLimit: 4,
  retryDelaySeconds: 30,
  async handler(data, { log }) {
    const { orgId } = orgJobSchema.parse(data);
    const report = await syncOrg(await getDb(), orgId);
    log.info({ orgId, counts: report.counts, complete: report.complete }, "ledger synced");
  },
};
