import "server-only";
import { PgBoss, fromPglite } from "pg-boss";
import type { DatabaseHandle } from "../db";
import { env } from "../env";
import { logger } from "../log";
import { JOBS } from "./registry";
import type { JobDefinition } from "./types";

// The one job layer (docs/jobs.md): pg-boss on the console's database, on PostgreSQL through its own small
// pool and on the embedded PGlite through pg-boss's PGlite adapter (same single connection as the console).
// Every job is a queue: a scheduled job is queued by pg-boss's cron once per tick across all instances, and
// each queued job is worked by exactly one instance. A job's unit of work must be idempotent and resumable:
// a crash mid-job leaves it to be retried (with back-off) by whichever instance picks it up.

export type { JobDefinition };

const SLOT = Symbol.for("invite-console.jobs");
type Slot = { boss: Promise<PgBoss> | null };
const slot = ((globalThis as Record<symbol, unknown>)[SLOT] ??= { boss: null }) as Slot;

function createBoss(handle: DatabaseHandle): PgBoss {
  const boss =
    handle.raw.kind === "pglite"
      ? new PgBoss({ db: fromPglite(handle.raw.client), backend: "pglite", schema: "pgboss" })
      : new PgBoss({ connectionString: handle.raw.url, max: 3, schema: "pgboss" });
  // pg-boss reports maintenance and worker failures as events: log them, never crash the process.
  boss.on("error", (err) => logger.error({ err: err.message }, "job layer error"));
  return boss;
}

async function register(boss: PgBoss, def: JobDefinition<object>): Promise<void> {
  await boss.createQueue(def.name, {
    retryLimit: def.retryLimit ?? 5,
    retryDelay: def.retryDelaySeconds ?? 30,
    retryBackoff: true,
    expireInSeconds: def.expireInSeconds ?? 15 * 60,
    // A queue holds at most one waiting job per singleton key (a sync per org, say).
    policy: def.policy ?? "standard",
  });
  await boss.work<object>(
    def.name,
    {
      batchSize: 1,
      pollingIntervalSeconds: def.pollingIntervalSeconds ?? 5,
      localConcurrency: def.localConcurrency ?? 1,
    },
    async ([job]) => {
      if (!job) return;
      const log = logger.child({ job: def.name, jobId: job.id });
      const started = Date.now();
      try {
        await def.handler(job.data, { jobId: job.id, log });
        log.debug({ ms: Date.now() - started }, "job done");
      } catch (err) {
        log.warn(
          { err: err instanceof Error ? err.message : String(err) },
          "job failed; retried with back-off",
        );
        throw err;
      }
    },
  );
  const cron = def.schedule?.() ?? null;
  if (cron) await boss.schedule(def.name, cron, def.scheduleData ?? {}, { tz: "UTC" });
  else await boss.unschedule(def.name).catch(() => {});
}

/** Starts the job layer on the open database (start-up, after migrations). Idempotent. */
export function startJobs(handle: DatabaseHandle): Promise<PgBoss> | null {
  if (env().JOBS === "0") return null;
  slot.boss ??= (async () => {
    const boss = createBoss(handle);
    await boss.start();
    for (const def of JOBS) await register(boss, def as JobDefinition<object>);
    logger.info({ jobs: JOBS.map((j) => j.name) }, "job layer started");
    return boss;
  })();
  const starting = slot.boss;
  starting.catch((err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, "job layer failed to start");
    if (slot.boss === starting) slot.boss = null;
  });
  return starting;
}

/** Queues a job; answers its id, or null when a singleton key already holds one. Throws when jobs are off. */
export async function sendJob(
  name: (typeof JOBS)[number]["name"],
  data: object,
  options: { singletonKey?: string; startAfterSeconds?: number } = {},
): Promise<string | null> {
  if (!slot.boss) throw new Error("the job layer is not running in this process");
  const boss = await slot.boss;
  return boss.send(name, data, {
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
  });
}

/** The running pg-boss, for status pages and tests; null when the layer is off or not started. */
export async function jobsBoss(): Promise<PgBoss | null> {
  return slot.boss ? slot.boss.catch(() => null) : null;
}

/** Stops workers and the scheduler (SIGTERM), letting a running job finish for a few seconds. */
export async function stopJobs(): Promise<void> {
  const current = slot.boss;
  slot.boss = null;
  if (!current) return;
  const boss = await current.catch(() => null);
  await boss?.stop({ graceful: true, timeout: 5_000, close: true }).catch(() => {});
}
