// docs/bulk.md: a bulk import survives kill -9 and restarts without sending any row twice, with real processes
// (test/support/bulk-child.ts: the console's start-up, job layer and bulk worker). Atlas answers each create after
// a delay, so that the kills land while a create is in flight: the next process must settle that row by reading
// Atlas, not send it again. On PostgreSQL, two instances then work the same database: each row still once.
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { TEST_DATABASE_URL, createPostgresDatabase, tempDataDir } from "../support/db";

const ORG = DEMO.orgId;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
const ROWS = 16;
const UNSET = undefined as unknown as string;
let sim: TestSim;
const children: Child[] = [];
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(async () => {
  for (const c of children) c.proc.kill("SIGKILL");
  await Promise.all(children.map((c) => c.exited));
  for (const f of cleanup.reverse()) await f();
  await sim.close();
});

const stores = [
  { name: "pglite", database: async () => ({ DATA_DIR: tempDataDir("bulk-crash-"), DATABASE_URL: UNSET }) },
  ...(TEST_DATABASE_URL
    ? [
        {
          name: "postgres",
          database: async () => {
            const fresh = await createPostgresDatabase(TEST_DATABASE_URL!);
            cleanup.push(() => fresh.drop());
            return { DATA_DIR: tempDataDir("bulk-crash-"), DATABASE_URL: fresh.url };
          },
        },
      ]
    : []),
];

function csvFile(name: string): { file: string; emails: string[] } {
  const stamp = `${name}-${randomBytes(3).toString("hex")}`;
  const emails = Array.from({ length: ROWS }, (_, i) => `crash-${stamp}-${i}@example.com`);
  const dir = mkdtempSync(path.join(tmpdir(), "bulk-csv-"));
  const file = path.join(dir, "crash.csv");
  writeFileSync(file, ["email", ...emails, "not-an-address"].join("\n"));
  return { file, emails };
}

const doneOf = (c: Child) =>
  Math.max(-1, ...[...c.stdout().matchAll(/^done (\d+)$/gm)].map((m) => Number(m[1])));

describe.each(stores)("bulk import on $name", { timeout: 240_000 }, ({ name, database }) => {
  it("kill -9 twice mid-create, restart: every valid row created exactly once", async () => {
    const { file, emails } = csvFile(name);
    const env = {
      ...(await database()),
      CRASH_ORG_ID: ORG,
      ATLAS_BASE_URL: sim.url,
      ATLAS_CLIENT_ID: DEMO.owner.clientId,
      ATLAS_CLIENT_SECRET: DEMO.owner.clientSecret,
      ATLAS_INVITES_API: "users",
      ATLAS_TIMEOUT_MS: "20000",
      CONSOLE_ENCRYPTION_KEYS: `vtest:${randomBytes(32).toString("base64")}`,
      CONSOLE_AUTH_SECRET: "vitest-auth-secret-not-for-production-0123456789",
      CONSOLE_URL: "http://127.0.0.1:3999",
      CONSOLE_DEMO: "0",
      NODE_ENV: "development",
      LEDGER_SYNC_MINUTES: "0",
      // After a kill on PostgreSQL the next instance takes the run up once the dead one's claim has lapsed.
      BULK_LEASE_SECONDS: "5",
    };
    await sim.control("DELETE", "/__sim/faults");
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, delayMs: 600, times: 1000 });
    const creates = async () =>
      (await sim.journal({ method: "POST", path: USERS })).filter((e) =>
        emails.includes((e.body as { username?: string }).username ?? ""),
      );
    const inFlight = async () => (await creates()).some((e) => e.status === null);

    const first = spawnTs("test/support/bulk-child.ts", ["plan", file], env);
    children.push(first);
    await first.waitFor(/^run [a-f0-9]{24}$/m, 120_000);
    const runId = first.stdout().match(/^run ([a-f0-9]{24})$/m)![1]!;
    await first.waitFor(() => doneOf(first) >= 3, 120_000);
    await expect.poll(inFlight, { timeout: 30_000, interval: 50 }).toBe(true);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = spawnTs("test/support/bulk-child.ts", ["watch", runId], env);
    children.push(second);
    await second.waitFor(() => doneOf(second) >= 8, 120_000);
    await expect.poll(inFlight, { timeout: 30_000, interval: 50 }).toBe(true);
    second.proc.kill("SIGKILL");
    await second.exited;

    const instances = [spawnTs("test/support/bulk-child.ts", ["watch", runId], env)];
    // PostgreSQL: a second instance on the same database works the same run meanwhile (the lease gives it to one).
    if (name === "postgres") instances.push(spawnTs("test/support/bulk-child.ts", ["watch", runId], env));
    children.push(...instances);
    await Promise.all(instances.map((c) => c.waitFor(/^finished /m, 180_000)));
    const states = JSON.parse(instances[0]!.stdout().match(/^finished (.*)$/m)![1]!) as Record<
      string,
      number
    >;
    expect(states).toMatchObject({ done: ROWS, failed: 0, planned: 0, sending: 0, skipped: 1 });

    const sent = (await creates()).map((e) => (e.body as { username: string }).username);
    expect(sent.sort()).toEqual([...emails].sort());
  });
});
