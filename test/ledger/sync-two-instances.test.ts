// Two console instances on one PostgreSQL database, each with its job layer and a one-minute ledger sync
// schedule (lib/server/jobs/ledger-sync.ts): pg-boss's cron queues each tick once across both, so the org is
// synced exactly once per tick, counted both in ledger_sync_state.runs and in the simulator's journal.
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { ledgerSyncState, orgRoutes } from "@/lib/server/db/schema";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { createPostgresDatabase, tempDataDir, TEST_DATABASE_URL } from "../support/db";

const ORG = DEMO.orgId;
const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.proc.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
  for (const f of cleanups.reverse()) await f().catch(() => {});
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!TEST_DATABASE_URL)("two instances on one PostgreSQL", () => {
  it("run each scheduled sync once per tick", { timeout: 300_000 }, async () => {
    const pg = await createPostgresDatabase(TEST_DATABASE_URL!, { migrated: true });
    cleanups.push(pg.drop);
    const sim: TestSim = await startTestSim();
    cleanups.push(() => sim.close());
    // Migrated here, with the Demo Org routed to the environment's connection as an admin would choose it.
    const handle: DatabaseHandle = await openDatabase({ url: pg.url });
    cleanups.push(() => handle.close());
    await handle.db.insert(orgRoutes).values({ orgId: ORG, orgName: "Demo Org", connectionId: "env" });

    const env = {
      DATABASE_URL: pg.url,
      DATA_DIR: tempDataDir("console-jobs-"),
      ATLAS_BASE_URL: sim.url,
      ATLAS_CLIENT_ID: DEMO.owner.clientId,
      ATLAS_CLIENT_SECRET: DEMO.owner.clientSecret,
      ATLAS_INVITES_API: "users",
      CONSOLE_ENCRYPTION_KEYS: `vtest:${randomBytes(32).toString("base64")}`,
      LEDGER_SYNC_MINUTES: "1",
      JOBS: "1",
      NODE_ENV: "test",
    };
    const spawnedMinute = Math.floor(Date.now() / 60_000);
    for (let i = 0; i < 2; i++) children.push(spawnTs("test/support/jobs-child.ts", [], env));
    await Promise.all(children.map((c) => c.waitFor("jobs started", 90_000)));

    const runs = async () =>
      (await handle.db.select().from(ledgerSyncState).where(eq(ledgerSyncState.orgId, ORG)))[0]?.runs ?? 0;
    // The sync's own read: the users API list with all four statuses (one page on the demo seed).
    const syncReads = async () =>
      (await sim.journal()).filter(
        (e) =>
          e.method === "GET" &&
          e.path === `/api/atlas/v2/orgs/${ORG}/users` &&
          JSON.stringify(e.query).includes("ACTIVE"),
      ).length;

    // Each cron tick queues one "ledger-sync" job across both instances (pg-boss's cron), which queues one
    // "ledger-sync-org" job for the org. Wait for two ticks, then stop both instances at 55 s into a minute:
    // the tick of that minute is done (cron checks every 30 s, workers poll every 5 s) and the next not due.
    const jobs = async (name: string) => {
      const r = await handle.db.execute(
        sql`select state, count(*)::int as n from pgboss.job where name = ${name} group by state`,
      );
      return Object.fromEntries((r.rows as { state: string; n: number }[]).map((x) => [x.state, x.n]));
    };
    const deadline = Date.now() + 200_000;
    while (((await jobs("ledger-sync")).completed ?? 0) < 2) {
      if (Date.now() > deadline) throw new Error(`fewer than two ticks ran: ${children[0]!.stderr()}`);
      await sleep(2_000);
    }
    await sleep((55_000 - (Date.now() % 60_000) + 60_000) % 60_000);
    for (const c of children) c.proc.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    // The minutes the instances lived in, the one they started in included (its tick may fire at once): at
    // most one tick each (two instances, one queue; a tick per instance would make twice as many).
    const minutes = Math.floor(Date.now() / 60_000) - spawnedMinute + 1;

    const ticks = await jobs("ledger-sync");
    const perOrg = await jobs("ledger-sync-org");
    expect(Object.keys(ticks)).toEqual(["completed"]);
    expect(Object.keys(perOrg)).toEqual(["completed"]);
    const n = ticks.completed!;
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(minutes);
    expect(perOrg.completed).toBe(n);
    expect(await runs()).toBe(n);
    expect(await syncReads()).toBe(n);
    const [state] = await handle.db.select().from(ledgerSyncState).where(eq(ledgerSyncState.orgId, ORG));
    expect(state!.lastError).toBeNull();
    expect(state!.lastCounts?.discovered).toBe(0);
  });
});
