// 200 orgs (one per business unit, the simulator's `orgs+200` seed) on two console instances over one PostgreSQL
// database, each with its job layer (lib/server/jobs/ledger-sync.ts): one scheduled tick syncs every org once,
// the two instances share the orgs through pg-boss, and no org's bucket answers 429. Atlas answers after 50 ms
// (a fault on every call), so that syncing one org after another, or one per polling interval, would show.
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { ledgerSyncState, orgRoutes } from "@/lib/server/db/schema";
import { manyOrgId } from "@/sim/src/demo-seed";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { createPostgresDatabase, tempDataDir, TEST_DATABASE_URL } from "../support/db";

const ORGS = 200;
const children: Child[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) c.proc.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
  for (const f of cleanups.reverse()) await f().catch(() => {});
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The orgs one instance synced: its log's "ledger sync" lines (lib/server/ledger/sync.ts). */
const syncedBy = (c: Child) => c.stdout().match(/"msg":"ledger sync"/g)?.length ?? 0;

describe.skipIf(!TEST_DATABASE_URL)("200 orgs on two instances", () => {
  it("one tick syncs every org once, shared by both instances", { timeout: 300_000 }, async () => {
    const pg = await createPostgresDatabase(TEST_DATABASE_URL!, { migrated: true, prefix: "orgs_sync" });
    cleanups.push(pg.drop);
    const sim: TestSim = await startTestSim(`orgs+${ORGS}`);
    cleanups.push(() => sim.close());
    const handle: DatabaseHandle = await openDatabase({ url: pg.url });
    cleanups.push(() => handle.close());
    const orgIds = [DEMO.orgId, ...Array.from({ length: ORGS }, (_, i) => manyOrgId(i + 1))];
    await handle.db
      .insert(orgRoutes)
      .values(orgIds.map((orgId) => ({ orgId, orgName: orgId, connectionId: "env" })));
    expect((await sim.control("POST", "/__sim/faults", { delayMs: 50, times: 1_000_000 })).status).toBe(201);

    const env = {
      DATABASE_URL: pg.url,
      DATA_DIR: tempDataDir("console-orgs-"),
      ATLAS_BASE_URL: sim.url,
      ATLAS_CLIENT_ID: DEMO.owner.clientId,
      ATLAS_CLIENT_SECRET: DEMO.owner.clientSecret,
      ATLAS_INVITES_API: "users",
      CONSOLE_ENCRYPTION_KEYS: `vtest:${randomBytes(32).toString("base64")}`,
      // No tick of its own during the test (24 h), and none at start-up without a started server.
      LEDGER_SYNC_MINUTES: "1440",
      JOBS: "1",
      LOG_LEVEL: "info",
      NODE_ENV: "test",
    };
    for (let i = 0; i < 2; i++) children.push(spawnTs("test/support/jobs-child.ts", [], env));
    await Promise.all(children.map((c) => c.waitFor("jobs started", 90_000)));

    // One tick, as pg-boss's cron would queue it.
    const boss = new PgBoss({
      connectionString: pg.url,
      schema: "pgboss",
      supervise: false,
      schedule: false,
    });
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: false, close: true }));
    const t0 = Date.now();
    await boss.send("ledger-sync", {});

    const done = async () =>
      Number(
        (
          await handle.db.execute(
            sql`select count(*)::int as n from ${ledgerSyncState} where ${ledgerSyncState.lastSuccessAt} is not null`,
          )
        ).rows[0]!.n,
      );
    const deadline = Date.now() + 240_000;
    while ((await done()) < orgIds.length) {
      if (Date.now() > deadline)
        throw new Error(`only ${await done()} orgs synced: ${children[0]!.stderr()}`);
      await sleep(500);
    }
    const wallMs = Date.now() - t0;

    const states = await handle.db.select().from(ledgerSyncState);
    expect(states).toHaveLength(orgIds.length);
    // Each org once, and every one of them complete (4 pending invitations each, the fourth one expired).
    expect(states.every((s) => s.runs === 1 && s.lastError === null)).toBe(true);
    expect((await sim.control("GET", "/__sim/stats")).body.rateLimited).toBe(0);
    const split = children.map(syncedBy);
    expect(split[0]! + split[1]!).toBe(orgIds.length);
    expect(Math.min(...split)).toBeGreaterThan(0);
    // One org per 5-second poll would take (201 / 2) × 5 s ≈ 500 s on two instances; 201 × 6 calls × 50 ms one
    // after another ≈ 60 s.
    expect(wallMs).toBeLessThan(60_000);
    console.log(`201 orgs synced in ${wallMs} ms; orgs per instance ${split.join(" / ")}`);
  });
});
