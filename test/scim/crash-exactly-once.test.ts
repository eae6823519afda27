// docs/provisioning.md: every Atlas invitation the directory asks for is sent exactly once, kill -9 and restart
// mid-burst included, with real console processes (test/support/scim-child.ts: the console's start-up, job layer
// and provisioning worker). Atlas answers each create after a delay, so that the kill lands while a create is in
// flight: the next process must settle that user by reading Atlas (`sending_at`), not send it again. On
// PostgreSQL a second console instance on the same database runs throughout and the restarted one joins it: the
// org's lease lets one of them send at a time, and each person is still invited once.
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { provisioningOrgs } from "@/lib/server/db/schema";
import { DEMO, V2025 } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { useCrashProcesses } from "../support/crash-processes";

const ORG = DEMO.orgId;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
const PEOPLE = 60;
const kit = useCrashProcesses("scim-crash-");

/** What an instance found unsettled when it came up. */
const leftAtStart = (c: Child) => Number(c.stdout().match(/^left (\d+)$/m)?.[1] ?? NaN);

/** On PostgreSQL, from this process: the org's worker lease (its owner names the process: host-pid-…). */
async function withLease<T>(
  url: string,
  fn: (read: () => Promise<{ owner: string | null; until: Date | null }>) => Promise<T>,
) {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const db = drizzle(pool);
    return await fn(async () => {
      const [row] = await db
        .select({ owner: provisioningOrgs.leaseOwner, until: provisioningOrgs.leaseUntil })
        .from(provisioningOrgs)
        .where(eq(provisioningOrgs.orgId, ORG));
      return { owner: row?.owner ?? null, until: row?.until ?? null };
    });
  } finally {
    await pool.end();
  }
}

describe.each(kit.stores)("SCIM burst on $name", { timeout: 240_000 }, ({ name, database }) => {
  it("kill -9 mid-send, restart: every user invited exactly once", async () => {
    const prefix = `scim-crash-${name}-${Date.now().toString(36)}`;
    const emails = Array.from({ length: PEOPLE }, (_, i) => `${prefix}-${i}@example.com`);
    const sim = kit.sim();
    const db = await database();
    const env = kit.env(db, { ATLAS_TIMEOUT_MS: "20000", BULK_LEASE_SECONDS: "5" });
    await sim.control("DELETE", "/__sim/faults");
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, delayMs: 250, times: 1000 });
    const creates = async () =>
      (await sim.journal({ method: "POST", path: USERS })).filter((e) =>
        emails.includes((e.body as { username?: string }).username ?? ""),
      );

    const instances: Child[] = [];
    if (name === "postgres") {
      // The other instance, there from the start: it may take the org's work whenever the lease is free.
      const other = spawnTs("test/support/scim-child.ts", ["watch"], env);
      kit.track(other);
      instances.push(other);
      await other.waitFor(/^left 0$/m, 120_000);
    }
    const first = spawnTs("test/support/scim-child.ts", ["push", String(PEOPLE), prefix], env);
    kit.track(first);
    await first.waitFor(/^posted \d+$/m, 120_000);
    // Mid-send: ten or more creates answered, one still in flight.
    await expect
      .poll(
        async () => {
          const c = await creates();
          return c.filter((e) => e.status !== null).length >= 10 && c.some((e) => e.status === null);
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    // The instance sending (on PostgreSQL either may hold the org's lease) is the one killed.
    let victim = first;
    if (name === "postgres") {
      const pid = await withLease(db.DATABASE_URL!, async (read) =>
        Number((await read()).owner?.match(/-(\d+)-[0-9a-f]{8}\//)?.[1]),
      );
      victim = instances.concat(first).find((c) => c.proc.pid === pid)!;
      expect(victim, `the lease holder ${pid} is one of the instances`).toBeDefined();
    }
    victim.proc.kill("SIGKILL");
    await victim.exited;
    const atKill = (await creates()).length;
    expect(atKill).toBeLessThan(PEOPLE);
    const survivors = instances.concat(first).filter((c) => c !== victim);

    if (name === "postgres") {
      // The next instance's start-up sweep takes the org up once the dead one's lease has lapsed.
      await withLease(db.DATABASE_URL!, (read) =>
        expect
          .poll(async () => ((await read()).until?.getTime() ?? 0) < Date.now(), {
            timeout: 30_000,
            interval: 250,
          })
          .toBe(true),
      );
    }
    const restarted = spawnTs("test/support/scim-child.ts", ["watch"], env);
    kit.track(restarted);
    survivors.push(restarted);
    await Promise.all(survivors.map((c) => c.waitFor(/^finished /m, 120_000)));
    const states = JSON.parse(restarted.stdout().match(/^finished (.*)$/m)![1]!) as Record<string, number>;
    expect(states).toEqual({ pending: PEOPLE });

    const sent = (await creates()).map((e) => (e.body as { username: string }).username);
    expect(sent.sort()).toEqual([...emails].sort());
    const atlas = await sim.api("GET", `${USERS}?itemsPerPage=500&orgMembershipStatus=PENDING`, {
      accept: V2025,
    });
    const pending = (atlas.body as { results: { username: string }[] }).results
      .map((u) => u.username)
      .filter((u) => u.startsWith(prefix));
    expect(pending.sort()).toEqual([...emails].sort());
    const owners = new Set(
      [...survivors, victim].flatMap((c) => [...c.stdout().matchAll(/^lease (.*)$/gm)].map((m) => m[1])),
    );
    console.log(
      `${name}: killed after ${atKill} creates; ${sent.length} creates for ${PEOPLE} users; ` +
        `${owners.size} lease owners seen; unsettled when the restarted one came up ${leftAtStart(restarted)}`,
    );
  });
});
