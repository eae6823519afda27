// The job layer (lib/server/jobs) on a real database: pg-boss starts on PGlite through its adapter and on
// PostgreSQL (TEST_DATABASE_URL), creates every registered queue, and a queued job is worked and completed.
import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { installDb } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { idempotencyRecords } from "@/lib/server/db/schema";
import { jobsBoss, sendJob, startJobs, stopJobs } from "@/lib/server/jobs";
import { JOBS } from "@/lib/server/jobs/registry";
import { testDatabases } from "../support/db";
import { until } from "../support/mail";

const opened: DatabaseHandle[] = [];
afterEach(async () => {
  await stopJobs();
  installDb(null);
  for (const h of opened.splice(0).reverse()) await h.close();
});

describe.each(testDatabases())("on $name", { timeout: 90_000 }, (kind) => {
  it("starts, creates every registered queue, and works a queued job to completion", async () => {
    const handle = await kind.open();
    opened.push(handle);
    installDb(handle);
    const old = new Date(Date.now() - 48 * 3600_000);
    await handle.db.insert(idempotencyRecords).values({
      id: "old-record",
      orgId: "5f1000000000000000000001",
      email: "old@example.com",
      state: "done",
      createdAt: old,
      completedAt: old,
    });
    await startJobs(handle);
    const boss = await jobsBoss();
    expect(boss).not.toBeNull();
    const queues = await boss!.getQueues();
    for (const def of JOBS) expect(queues.map((q) => q.name)).toContain(def.name);
    const schedules = await boss!.getSchedules();
    expect(schedules.map((s) => s.name)).toContain("prune-idempotency");

    const id = await sendJob("prune-idempotency", {});
    expect(id).toEqual(expect.any(String));
    const done = await until("the job to complete", async () => {
      const [job] = await boss!.findJobs("prune-idempotency", { id: id! });
      return job?.state === "completed" ? job : null;
    });
    expect(done.state).toBe("completed");
    const left = await handle.db
      .select()
      .from(idempotencyRecords)
      .where(eq(idempotencyRecords.id, "old-record"));
    expect(left).toEqual([]);
  });

  it("runs the every-minute work as one scheduled job, and unschedules the three crons it replaced", async () => {
    const handle = await kind.open();
    opened.push(handle);
    installDb(handle);
    await startJobs(handle);
    let boss = await jobsBoss();
    // What a console of an earlier version left: its own minute crons.
    for (const name of ["audit-reconcile", "bulk-sweep", "provisioning-sweep"])
      await boss!.schedule(name, "* * * * *", {}, { tz: "UTC" });
    await stopJobs();
    await startJobs(handle);
    boss = await jobsBoss();
    const minute = (await boss!.getSchedules()).filter((s) => s.cron === "* * * * *").map((s) => s.name);
    expect(minute).toEqual(["minute-sweep"]);

    // Its three parts run on an empty console (nothing pending, no orphaned run, no directory change).
    const id = await sendJob("minute-sweep", {});
    const done = await until("the minute sweep to end", async () => {
      const [job] = await boss!.findJobs("minute-sweep", { id: id! });
      return job && job.state !== "created" && job.state !== "active" ? job : null;
    });
    expect(done.state).toBe("completed");
  });
});
