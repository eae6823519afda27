import "server-only";
import { candidates, evaluateRoute, listRoutes } from "../connections/routing";
import { getDb } from "../db";
import { env } from "../env";
import { logger } from "../log";
import { ledgerSyncStateOf, syncLedger } from "../ledger/sync";
import { sendJob } from "./index";
import type { JobDefinition } from "./types";

// The invitation ledger's sync on the job layer (docs/jobs.md). Every LEDGER_SYNC_MINUTES pg-boss's cron
// queues one "ledger-sync" job across all instances; it fans out one "ledger-sync-org" job per org that a
// working connection serves. That queue is "stately" with the org as singleton key: per org at most one run
// is active and one waits, whatever the number of instances and ticks.

/** A cron expression for "every n minutes" (UTC); null for 0 (not scheduled). */
function ledgerSyncCron(minutes: number): string | null {
  if (minutes <= 0) return null;
  if (minutes < 60) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  const hours = Math.max(1, Math.round(minutes / 60));
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

export const ledgerSyncOrgJob: JobDefinition<{ orgId: string; noticedAt?: string }> = {
  name: "ledger-sync-org",
  policy: "stately",
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 10 * 60,
  async handler({ orgId, noticedAt }, { log }) {
    const db = await getDb();
    const state = await ledgerSyncStateOf(db, orgId);
    // Atlas asked the last run to wait: the job queued for that time does it, this one calls nothing.
    if (state?.retryAfterAt && state.retryAfterAt > new Date()) return;
    // A catch-up (lib/server/ledger/catch-up.ts) is for what a read noticed at `noticedAt`: a run that started
    // after it and completed read Atlas since (one queued while the previous run was starting, say).
    if (noticedAt && state?.lastStartedAt && state.lastSuccessAt && state.lastFinishedAt) {
      const completed = state.lastSuccessAt >= state.lastFinishedAt;
      if (completed && state.lastStartedAt > new Date(noticedAt)) return;
    }
    const run = await syncLedger(orgId);
    if (run.outcome === "rate_limited") {
      await sendJob(
        "ledger-sync-org",
        { orgId },
        { singletonKey: orgId, startAfterSeconds: run.retryAfterSeconds ?? 60 },
      );
    } else if (run.outcome === "failed" && run.cause !== undefined && run.connectionId !== null) {
      // Atlas or the database failed mid-run: pg-boss retries with back-off (the run is idempotent).
      throw new Error(run.error ?? "ledger sync failed");
    }
    log.debug({ orgId, outcome: run.outcome }, "ledger sync job");
  },
};

export const ledgerSyncJob: JobDefinition<Record<string, never>> = {
  name: "ledger-sync",
  policy: "stately",
  schedule: () => ledgerSyncCron(env().LEDGER_SYNC_MINUTES),
  async handler() {
    const db = await getDb();
    const all = await candidates(db);
    for (const route of await listRoutes(db)) {
      if (!evaluateRoute(route, all, route.orgName).serving) continue;
      await sendJob("ledger-sync-org", { orgId: route.orgId }, { singletonKey: route.orgId });
    }
  },
};

/**
 * At start-up (lib/server/startup.ts): one sync of every served org at once, so that the tabs do not wait a
 * whole interval for what changed in Atlas while the console was down. Off with the schedule
 * (LEDGER_SYNC_MINUTES=0); several instances starting together queue one ("ledger-sync" is stately).
 */
export async function queueLedgerSyncAtStart(): Promise<void> {
  if (env().LEDGER_SYNC_MINUTES === 0 || env().JOBS === "0") return;
  await sendJob("ledger-sync", {}).catch((err: unknown) =>
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "start-up ledger sync not queued"),
  );
}
