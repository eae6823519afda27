import "server-only";
import { candidates, evaluateRoute, listRoutes } from "../connections/routing";
import { getDb } from "../db";
import { env } from "../env";
import { logger } from "../log";
import { ledgerSyncStateOf, syncLedger } from "../ledger/sync";
import type { Logger } from "pino";
import { jobsBoss, sendJob } from "./index";
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

type OrgSyncData = { orgId: string; noticedAt?: string };

const ORG_QUEUE = "ledger-sync-org";
/**
 * A worker that finds more orgs queued keeps syncing them, this many at once, instead of waiting a polling interval
 * per org: pg-boss's worker takes one job per poll (5 s), so 200 orgs took 1,000 s on one instance and 500 s on two,
 * past or near a 15-minute interval. Each lane fetches the next queued org from pg-boss, so every instance drains
 * the same queue and the work is shared. One org's sync at a time per org (stately queue), and each org's calls
 * spend that org's own buckets only, so lanes do not share a budget.
 */
const DRAIN_LANES = 4;
/** A drain stops taking new orgs after this long (the job that started it expires after 10 minutes). */
const DRAIN_MS = 4 * 60_000;

/** One org's scheduled or catch-up sync (one queued "ledger-sync-org" job). Throws for pg-boss to retry. */
async function syncOrgJob({ orgId, noticedAt }: OrgSyncData, log: Logger): Promise<void> {
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
      ORG_QUEUE,
      { orgId },
      { singletonKey: orgId, startAfterSeconds: run.retryAfterSeconds ?? 60 },
    );
  } else if (run.outcome === "failed" && run.cause !== undefined && run.connectionId !== null) {
    // Atlas or the database failed mid-run: pg-boss retries with back-off (the run is idempotent).
    throw new Error(run.error ?? "ledger sync failed");
  }
  log.debug({ orgId, outcome: run.outcome }, "ledger sync job");
}

/**
 * Works the orgs still queued, `DRAIN_LANES` at once, until the queue is empty or `DRAIN_MS` has passed. Each
 * job is fetched, completed or failed through pg-boss as its worker would (a failed one is retried with
 * back-off; one left active by a crash expires and is retried).
 */
export async function drainLedgerSyncQueue(
  log: Logger,
  lanes = DRAIN_LANES,
  forMs = DRAIN_MS,
): Promise<number> {
  const boss = await jobsBoss();
  if (!boss) return 0;
  const until = Date.now() + forMs;
  let worked = 0;
  const lane = async () => {
    while (Date.now() < until) {
      // Stopping (SIGTERM) or the database gone: the queued orgs wait for the next worker.
      const [job] = await boss.fetch<OrgSyncData>(ORG_QUEUE, { batchSize: 1 }).catch(() => []);
      if (!job) return;
      worked++;
      try {
        await syncOrgJob(job.data, log.child({ jobId: job.id }));
        await boss.complete(ORG_QUEUE, job);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.warn({ jobId: job.id, err: message }, "job failed; retried with back-off");
        await boss.fail(ORG_QUEUE, job, { message }).catch(() => {});
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return worked;
}

export const ledgerSyncOrgJob: JobDefinition<OrgSyncData> = {
  name: ORG_QUEUE,
  policy: "stately",
  retryLimit: 3,
  retryDelaySeconds: 60,
  expireInSeconds: 10 * 60,
  async handler(data, { log }) {
    await syncOrgJob(data, log);
    const more = await drainLedgerSyncQueue(log);
    if (more > 0) log.debug({ orgs: more }, "ledger sync: drained the queued orgs");
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
      await sendJob(ORG_QUEUE, { orgId: route.orgId }, { singletonKey: route.orgId });
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
  // One per 10 s slot whoever starts (instances starting together): the stately queue alone let a second in
  // once the first was taken at once (workers are woken by NOTIFY now, not polled 5 s apart).
  await sendJob("ledger-sync", {}, { onceInSeconds: 10 }).catch((err: unknown) =>
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "start-up ledger sync not queued"),
  );
}
