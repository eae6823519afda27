// The job layer's workers poll only as a backstop, minutes apart (lib/server/jobs/index.ts): what they work is
// announced by NOTIFY (pg-boss's LISTEN/NOTIFY, in process on PGlite) or found by the process's one due-job
// look. A job this instance queues still starts at once, a backlog drains job after job, a job queued to start
// later starts when it comes due, and so does one NOTIFY never announced (queued for later by another process,
// one since killed). Real pg-boss on PGlite, and on PostgreSQL with TEST_DATABASE_URL; times are the database's
// own (pgboss.job).
import { JOBS } from "@/lib/server/jobs/registry";
import { afterEach, describe, expect, it } from "vitest";
import { installDb } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { jobsBoss, sendJob, startJobs, stopJobs } from "@/lib/server/jobs";
import { testDatabases } from "../support/db";
import { until } from "../support/mail";

const opened: DatabaseHandle[] = [];
afterEach(async () => {
  await stopJobs();
  installDb(null);
  for (const h of opened.splice(0).reverse()) await h.close();
});

// A harmless job (forgets idempotency records past their window; none here), worked by one worker.
const QUEUE = "prune-idempotency";
/** Well under the workers' own polling, on a loaded CI machine. */
const PROMPT_MS = 1_500;

describe.each(testDatabases())("on $name", { timeout: 90_000 }, (kind) => {
  async function running(reuse?: DatabaseHandle) {
    const handle = reuse ?? (await kind.open());
    if (!reuse) opened.push(handle);
    installDb(handle);
    await startJobs(handle);
    const boss = (await jobsBoss())!;
    const done = (id: string) =>
      until(`job ${id} to complete`, async () => {
        const [job] = await boss.findJobs(QUEUE, { id });
        return job?.state === "completed" ? job : null;
      });
    return { boss, done };
  }

  it("is woken by NOTIFY (polling only as a backstop), and starts a job this instance queues within a second", async () => {
    const { boss, done } = await running();
    const workers = boss.getWipData().filter((w) => w.name === QUEUE);
    // The workers' own backstop is minutes apart (the due-job look finds what NOTIFY does not announce), while
    // without NOTIFY they would poll at the queue's own interval.
    const def = JOBS.find((j) => j.name === QUEUE)!;
    expect(workers.map((w) => w.options.notifyPollingIntervalSeconds)).toEqual([300]);
    expect(workers.map((w) => w.options.pollingIntervalSeconds)).toEqual([def.pollingIntervalSeconds ?? 5]);
    expect((await boss.getQueue(QUEUE))?.notify).toBe(true);
    // pg-boss's cron queues what is due on its own queue, whose worker is woken the same way.
    expect((await boss.getQueue("__pgboss__send-it"))?.notify).toBe(true);
    // One after the other: from the second on, the worker is back in its wait when the job comes.
    for (let i = 0; i < 3; i++) {
      const job = await done((await sendJob(QUEUE, {}))!);
      expect(job.startedOn.getTime() - job.createdOn.getTime()).toBeLessThan(PROMPT_MS);
    }
  });

  it("drains a backlog job after job, not one per poll", async () => {
    const { done } = await running();
    const ids = await Promise.all(Array.from({ length: 5 }, () => sendJob(QUEUE, {})));
    const jobs = await Promise.all(ids.map((id) => done(id!)));
    const first = Math.min(...jobs.map((j) => j.createdOn.getTime()));
    const last = Math.max(...jobs.map((j) => j.startedOn.getTime()));
    expect(last - first).toBeLessThan(5 * PROMPT_MS);
  });

  it("starts a job queued for later when it comes due", async () => {
    const { done } = await running();
    const job = await done((await sendJob(QUEUE, {}, { startAfterSeconds: 2 }))!);
    expect(job.startedOn.getTime()).toBeGreaterThanOrEqual(job.startAfter.getTime());
    expect(job.startedOn.getTime() - job.startAfter.getTime()).toBeLessThan(PROMPT_MS);
  });

  // Other processes' jobs: on PGlite one process owns the database (its lock file), and the look is 30 s apart
  // (lib/server/jobs/index.ts LOOK_SECONDS); the next test covers what it does there.
  it.runIf(kind.name === "postgres")(
    "starts a job NOTIFY never announced (queued for later by another process) within the look after it comes due",
    async () => {
      const { boss, done } = await running();
      // Straight through pg-boss, as another instance (or a process since killed) would have queued it: no wake-up
      // of this process's workers is set for it, and pg-boss notifies only jobs due at once.
      const id = await boss.send(QUEUE, {}, { startAfter: 2 });
      const job = await done(id!);
      expect(job.startedOn.getTime()).toBeGreaterThanOrEqual(job.startAfter.getTime());
      // The look comes every 2 s, and wakes the queue when a job it saw waiting comes due.
      expect(job.startedOn.getTime() - job.startAfter.getTime()).toBeLessThan(PROMPT_MS);
    },
  );

  it.runIf(kind.name === "postgres")(
    "starts a job inserted without any NOTIFY within the next look",
    async () => {
      const { boss, done } = await running();
      // A row written by another instance whose NOTIFY was lost: the queue's option off for one send.
      await boss.updateQueue(QUEUE, { notify: false });
      const id = await boss.send(QUEUE, {});
      await boss.updateQueue(QUEUE, { notify: true });
      const job = await done(id!);
      // Two looks at most (2 s apart), on a loaded machine.
      expect(job.startedOn.getTime() - job.createdOn.getTime()).toBeLessThan(2_000 + 2 * PROMPT_MS);
    },
  );

  it("wakes at start for a job a killed process left queued for later", async () => {
    // Queued through pg-boss before this process's job layer starts, as by a process since killed: no wake-up
    // of this process is set for it, and the workers' first fetch comes before it is due.
    const handle = await kind.open();
    opened.push(handle);
    installDb(handle);
    const first = (await startJobs(handle))!;
    const id = await first.send(QUEUE, {}, { startAfter: 3 });
    await stopJobs();
    const { done } = await running(handle);
    const job = await done(id!);
    expect(job.startedOn.getTime()).toBeGreaterThanOrEqual(job.startAfter.getTime());
    expect(job.startedOn.getTime() - job.startAfter.getTime()).toBeLessThan(PROMPT_MS);
  });
});
