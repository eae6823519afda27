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
type Slot = { boss: Promise<PgBoss> | null; look: NodeJS.Timeout | null };
const slot = ((globalThis as Record<symbol, unknown>)[SLOT] ??= { boss: null, look: null }) as Slot;

// An idle console must cost next to nothing (bench/idle.ts). Workers are woken by NOTIFY when a job is queued
// (pg-boss's LISTEN/NOTIFY: in process on PGlite, across instances on PostgreSQL), so their polling is only a
// backstop; pg-boss's own bookkeeping runs minutes apart. Polling at each queue's pollingIntervalSeconds comes
// back by itself where NOTIFY is unavailable (a listener that cannot connect, PgBouncer in transaction mode).
const QUIET = {
  useListenNotify: true,
  // PostgreSQL: the listener's connection is checked this often (a silent drop is noticed by then).
  notifyHeartbeatIntervalMs: 60_000,
  // Expired jobs failed and retried, archives pruned (expiry is minutes anyway: expireInSeconds).
  superviseIntervalSeconds: 120,
  monitorIntervalSeconds: 300,
  queueCacheIntervalSeconds: 300,
  instanceHeartbeatSeconds: 120,
  // Job flows and pg-boss's background schema commands: the console uses neither.
  flowIntervalSeconds: 600,
  bamIntervalSeconds: 600,
  // pg-boss's instance registry (getInstances: each process's vitals, crash restarts), which the console never
  // reads: its heartbeat samples the event loop's delay on a 20 ms timer, 50 wake-ups a second of an idle
  // process. Recovery never depended on it (expired jobs are failed and retried by supervision).
  registerInstance: false,
} as const;

/**
 * How long a notified worker waits before looking anyway. Nothing relies on it: the due-job look below wakes the
 * workers of any queue with a job to fetch; this is what is left if that look were to stop.
 */
const BACKSTOP_SECONDS = 300;

/**
 * The due-job look: every LOOK_SECONDS one query for all the console's queues (instead of a fetch per worker,
 * 18 workers every 2 or 5 s) answers which queues hold a job that can be fetched now (woken at once) and when
 * the next waiting one comes due (woken then). It finds what NOTIFY never announces: a job queued to start
 * later by another instance or by a process since killed (pg-boss notifies only jobs due at once: T20's audit
 * row of a killed process), a retry made by pg-boss's supervision of an expired job, a stately job freed by
 * another instance. As prompt as the fastest queue's own polling was (2 s).
 * On PGlite one process owns the database (its lock file): no other instance queues or frees a job, each job
 * this process queues for later wakes its queue when due (sendJob), and the workers fetch at start what a killed
 * process left. What is left for the look there is a retry made by supervision (every 120 s anyway): 30 s
 * apart, which takes the look from 35 % of an idle PGlite console's statements to 2 % (bench/idle.ts).
 */
const LOOK_SECONDS = { postgres: 2, pglite: 30 } as const;

// pg-boss's cron queues each due schedule on this internal queue, whose worker then sends it on: woken by
// NOTIFY too, a schedule fires when it is due rather than up to a cron-worker poll later.
const CRON_QUEUE = "__pgboss__send-it";

function createBoss(handle: DatabaseHandle): PgBoss {
  const boss =
    handle.raw.kind === "pglite"
      ? new PgBoss({ db: fromPglite(handle.raw.client), backend: "pglite", schema: "pgboss", ...QUIET })
      : new PgBoss({ connectionString: handle.raw.url, max: 3, schema: "pgboss", ...QUIET });
  // pg-boss reports maintenance and worker failures as events: log them, never crash the process.
  boss.on("error", (err) => logger.error({ err: err.message }, "job layer error"));
  return boss;
}

/** Workers of each queue in this process, to wake them (pg-boss's notifyWorker). */
const workerIds = new Map<string, string[]>();

/** Wakes this process's workers of a queue: each fetches now instead of at its next poll. */
function wake(boss: PgBoss, name: string): void {
  for (const id of workerIds.get(name) ?? []) boss.notifyWorker(id);
}

/**
 * A failed job becomes fetchable again when its back-off ends, and nothing notifies the workers of that: without
 * a wake-up its retry would wait for the next due-job look instead of its back-off (from 1 s). pg-boss
 * puts the retry between delay × 2^n and delay × 2^(n+1) after attempt n (plans.js, "retry_backoff"); this
 * process looks at the start, the middle and the end of that window. Retries past the backstop need no help.
 */
function wakeForRetry(boss: PgBoss, def: JobDefinition<object>, retryCount: number): void {
  if (retryCount >= (def.retryLimit ?? 5)) return;
  const delay = Math.max(1, def.retryDelaySeconds ?? 30);
  const from = delay * 2 ** Math.min(16, retryCount);
  for (const at of [from, from * 1.5, from * 2]) {
    if (at > 60) break;
    setTimeout(() => wake(boss, def.name), at * 1000 + 100).unref();
  }
}

/** Per queue of this process: a job fetchable now, and how long until the next waiting one comes due. */
const DUE_SQL = `
  select name,
    bool_or(start_after <= pgboss.job_now()) as due,
    extract(epoch from min(start_after) filter (where start_after > pgboss.job_now()) - pgboss.job_now()) * 1000
      as "nextMs"
  from pgboss.job
  where name = any($1::text[]) and state < 'active' and not blocked
  group by name`;

/** One due-job look: wakes the queues with a job to fetch now, and those whose next job comes due before the next look. */
async function lookForDueJobs(boss: PgBoss, everyMs: number): Promise<void> {
  const names = [...workerIds.keys()];
  if (names.length === 0) return;
  let rows: { name: string; due: boolean; nextMs: string | number | null }[];
  try {
    rows = (await boss.getDb().executeSql(DUE_SQL, [names])).rows;
  } catch (err) {
    // The workers' own fetches see the same database: let them look (and report what fails).
    logger.debug({ err: err instanceof Error ? err.message : String(err) }, "due-job look failed");
    for (const name of names) wake(boss, name);
    return;
  }
  for (const { name, due, nextMs } of rows) {
    if (due) wake(boss, name);
    const ms = nextMs === null ? null : Number(nextMs);
    if (ms !== null && ms < everyMs) setTimeout(() => wake(boss, name), ms + 50).unref();
  }
}

/**
 * Starts the due-job look of this process: one at once (a job a killed process left queued for later gets its
 * wake-up), then one after another, `seconds` apart, until stopJobs.
 */
function startLooking(boss: PgBoss, seconds: number): void {
  const next = (delayMs: number) => {
    const timer = setTimeout(() => {
      // A look of a layer since stopped (or started again) ends its chain here.
      void lookForDueJobs(boss, seconds * 1000).finally(() => {
        if (slot.look === timer) next(seconds * 1000);
      });
    }, delayMs);
    timer.unref();
    slot.look = timer;
  };
  next(0);
}

async function register(boss: PgBoss, def: JobDefinition<object>): Promise<void> {
  const policy = def.policy ?? "standard";
  // pg-boss cannot change a queue's policy: a queue made by an older console with another one is made again.
  // Its waiting jobs go with it; every queue whose policy changed is one the start-up sweeps and crons fill
  // again (audit-reconcile, provisioning-run).
  const existing = await boss.getQueue(def.name);
  if (existing && existing.policy !== policy) {
    logger.info(
      { queue: def.name, from: existing.policy, to: policy },
      "job queue made again with its new policy",
    );
    await boss.deleteQueue(def.name);
  }
  await boss.createQueue(def.name, {
    retryLimit: def.retryLimit ?? 5,
    retryDelay: def.retryDelaySeconds ?? 30,
    retryBackoff: true,
    expireInSeconds: def.expireInSeconds ?? 15 * 60,
    // A queue holds at most one waiting job per singleton key (a sync per org, say).
    policy,
    notify: true,
  });
  // A queue created before NOTIFY was used keeps its options through createQueue.
  if (!(await boss.getQueue(def.name))?.notify) await boss.updateQueue(def.name, { notify: true });
  await boss.work<object>(
    def.name,
    {
      batchSize: 1,
      pollingIntervalSeconds: def.pollingIntervalSeconds ?? 5,
      // NOTIFY and the due-job look wake the workers; without NOTIFY (a listener down) pg-boss polls at
      // pollingIntervalSeconds again by itself.
      notifyPollingIntervalSeconds: BACKSTOP_SECONDS,
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
        wakeForRetry(boss, def, job.retryCount);
        throw err;
      } finally {
        // A worker that just finished a job looks again at once: a backlog (one sync per org, queued together)
        // drains job after job, not one per backstop interval. The look that finds nothing sends it back to
        // waiting.
        wake(boss, def.name);
      }
    },
  );
  workerIds.set(
    def.name,
    boss
      .getWipData()
      .filter((w) => w.name === def.name)
      .map((w) => w.id),
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
    await boss
      .updateQueue(CRON_QUEUE, { notify: true })
      .catch((err: unknown) =>
        logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          "cron queue not woken by NOTIFY",
        ),
      );
    for (const def of JOBS) await register(boss, def as JobDefinition<object>);
    startLooking(boss, LOOK_SECONDS[handle.kind]);
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
  options: { singletonKey?: string; startAfterSeconds?: number; onceInSeconds?: number } = {},
): Promise<string | null> {
  if (!slot.boss) throw new Error("the job layer is not running in this process");
  const boss = await slot.boss;
  const id = await boss.send(name, data, {
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    // At most one job of this queue (and key) per time slot of this many seconds, across instances.
    ...(options.onceInSeconds ? { singletonSeconds: options.onceInSeconds } : {}),
  });
  // NOTIFY woke the workers when it was queued; a job that waits is looked for again when it comes due here.
  if (options.startAfterSeconds) {
    setTimeout(() => wake(boss, name), options.startAfterSeconds * 1000 + 100).unref();
  }
  return id;
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
  if (slot.look) clearTimeout(slot.look);
  slot.look = null;
  workerIds.clear();
  await boss?.stop({ graceful: true, timeout: 5_000, close: true }).catch(() => {});
}
