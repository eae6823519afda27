// docs/bulk.md: a bulk import survives kill -9 and restarts without sending any row twice, with real processes
// (test/support/bulk-child.ts: the console's start-up, job layer and bulk worker). Atlas answers each create after
// a delay, so that the kills land while a create is in flight: the next process must settle that row by reading
// Atlas, not send it again. On PostgreSQL, two instances then work the same database: each row still once.
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { useCrashProcesses } from "../support/crash-processes";

const ORG = DEMO.orgId;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
const ROWS = 16;
const kit = useCrashProcesses("bulk-crash-");

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

describe.each(kit.stores)("bulk import on $name", { timeout: 240_000 }, ({ name, database }) => {
  it("kill -9 twice mid-create, restart: every valid row created exactly once", async () => {
    const { file, emails } = csvFile(name);
    const sim = kit.sim();
    // After a kill on PostgreSQL the next instance takes the run up once the dead one's claim has lapsed.
    const env = kit.env(await database(), { ATLAS_TIMEOUT_MS: "20000", BULK_LEASE_SECONDS: "5" });
    await sim.control("DELETE", "/__sim/faults");
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, delayMs: 600, times: 1000 });
    const creates = async () =>
      (await sim.journal({ method: "POST", path: USERS })).filter((e) =>
        emails.includes((e.body as { username?: string }).username ?? ""),
      );
    const inFlight = async () => (await creates()).some((e) => e.status === null);

    const first = spawnTs("test/support/bulk-child.ts", ["plan", file], env);
    kit.track(first);
    await first.waitFor(/^run [a-f0-9]{24}$/m, 120_000);
    const runId = first.stdout().match(/^run ([a-f0-9]{24})$/m)![1]!;
    await first.waitFor(() => doneOf(first) >= 3, 120_000);
    await expect.poll(inFlight, { timeout: 30_000, interval: 50 }).toBe(true);
    first.proc.kill("SIGKILL");
    await first.exited;

    const second = spawnTs("test/support/bulk-child.ts", ["watch", runId], env);
    kit.track(second);
    await second.waitFor(() => doneOf(second) >= 8, 120_000);
    await expect.poll(inFlight, { timeout: 30_000, interval: 50 }).toBe(true);
    second.proc.kill("SIGKILL");
    await second.exited;

    const instances = [spawnTs("test/support/bulk-child.ts", ["watch", runId], env)];
    // PostgreSQL: a second instance on the same database works the same run meanwhile (the lease gives it to one).
    if (name === "postgres") instances.push(spawnTs("test/support/bulk-child.ts", ["watch", runId], env));
    kit.track(...instances);
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
