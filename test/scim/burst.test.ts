// An identity provider pushing 1,000 users at once (docs/provisioning.md): every SCIM answer is quick (a 201, or a
// 429 with Retry-After that the IdP honours and retries), never a 5xx, and never waits on Atlas; the worker then
// sends exactly one Atlas create per user, at the pace of the org's Atlas bucket and not much slower.
// The bucket has the shape of "100 per minute" with time scaled 10×: capacity 100, refilled by 100 every 6 s
// (a real minute would make this test run for 9 minutes or more). The console is this process (JOBS off: the
// SCIM endpoint's wakeOrg works the org here, lib/server/provisioning/dirty.ts), as one console instance is.
import { and, eq, isNotNull, or, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDb } from "@/lib/server/db";
import { scimUsers } from "@/lib/server/db/schema";
import { demoSeed } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { DEMO, consoleAgainstSimulator } from "../support/routes";
import { newUser, scim, scimToken } from "./support";

const ORG = DEMO.orgId;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
const BUCKET = { capacity: 100, refillRate: 100, refillDurationSeconds: 6 };
const PEOPLE = 1000;
/** SCIM requests in flight at once, as an IdP's provisioning engine sends them. */
const IN_FLIGHT = 16;

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({
    seed: { ...demoSeed(Date.now()), rateLimits: { orgUsers: BUCKET } },
  });
});
afterAll(() => sim.close());

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** POSTs every user as an IdP does: `IN_FLIGHT` at a time, a 429 retried after its Retry-After. */
async function push(token: string, emails: string[]) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  let retried = 0;
  let next = 0;
  const lane = async () => {
    while (next < emails.length) {
      const email = emails[next++]!;
      for (;;) {
        const t0 = performance.now();
        const res = await scim(token, "POST", "/Users", newUser(email));
        latencies.push(performance.now() - t0);
        statuses.push(res.status);
        if (res.status !== 429) {
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          break;
        }
        const after = Number(res.headers.get("retry-after"));
        expect(after, "a 429 says when to come back").toBeGreaterThan(0);
        retried++;
        await new Promise((r) => setTimeout(r, after * 1000));
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return { latencies: latencies.sort((a, b) => a - b), statuses, retried };
}

describe.each(testDatabases())("a 1,000-user SCIM burst on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  beforeAll(async () => {
    h = await open();
    installDb(h);
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });

  it("answers quickly, then sends one Atlas create per user, paced by the bucket (never faster, and no stall: ≤ 2.5× its bound)", async () => {
    await sim.control("POST", "/__sim/reset");
    const token = await scimToken(ORG, "okta");
    await sim.control("DELETE", "/__sim/requests");
    const stamp = Date.now().toString(36);
    const emails = Array.from({ length: PEOPLE }, (_, i) => `burst-${stamp}-${i}@example.com`);

    const started = performance.now();
    const { latencies, statuses, retried } = await push(token, emails);
    const answeredIn = (performance.now() - started) / 1000;
    // The answers never wait on Atlas: when the last SCIM answer is in, Atlas's bucket has not yet let every
    // create through (at least 54 s of refills for 1,000 creates). A count, not a clock: a timed bound here
    // failed under a machine load of 10 while the answers still came well before the last create.
    const createsWhenAnswered = (await sim.journal()).filter(
      (e) => e.method === "POST" && e.path === USERS && e.status === 201,
    ).length;
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 201)).toHaveLength(PEOPLE);
    const p50 = quantile(latencies, 0.5);
    const p99 = quantile(latencies, 0.99);

    const db = h.db;
    const unsettled = async () =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(scimUsers)
          .where(
            and(eq(scimUsers.orgId, ORG), or(isNotNull(scimUsers.dirtyAt), isNotNull(scimUsers.sendingAt))),
          )
      )[0]!.n;
    await expect.poll(unsettled, { timeout: 150_000, interval: 500 }).toBe(0);
    const states = await db
      .select({ state: scimUsers.atlasState, n: sql<number>`count(*)::int` })
      .from(scimUsers)
      .where(eq(scimUsers.orgId, ORG))
      .groupBy(scimUsers.atlasState);
    expect(states).toEqual([{ state: "pending", n: PEOPLE }]);

    // The journal keeps the last 10,000 calls (sim/README.md): this run makes far fewer, all of them kept.
    const stats = (await sim.control<{ journalSize: number }>("GET", "/__sim/stats")).body;
    expect(stats.journalSize).toBeLessThan(10_000);
    const journal = await sim.journal();
    const creates = journal.filter((e) => e.method === "POST" && e.path === USERS && e.status === 201);
    const perUser = new Map<string, number>();
    for (const c of creates) {
      const u = (c.body as { username: string }).username.toLowerCase();
      perUser.set(u, (perUser.get(u) ?? 0) + 1);
    }
    expect([...perUser.keys()].sort()).toEqual([...emails].sort());
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);

    // Never faster than the bucket, and not much slower: every org-users call that took a token counts (creates
    // and any reads), as in test/bulk/import-run.test.ts.
    const calls = journal.filter((e) => e.path.startsWith(USERS) && e.status !== 429);
    const lowerBound = Math.floor((calls.length - 1) / BUCKET.refillRate) * BUCKET.refillDurationSeconds;
    const times = creates.map((c) => Date.parse(c.time));
    const span = (Math.max(...times) - Math.min(...times)) / 1000;
    const limited = journal.filter((e) => e.path.startsWith(USERS) && e.status === 429).length;
    console.log(
      `burst: answered in ${answeredIn.toFixed(1)} s, SCIM p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, ` +
        `429s retried ${retried}; ${creates.length} creates, ${calls.length} org-users calls, ${limited} Atlas 429s; ` +
        `first to last create ${span.toFixed(1)} s, ${createsWhenAnswered} sent when answered, bound ${lowerBound} s (× 1.15 = ${(lowerBound * 1.15).toFixed(1)} s)`,
    );
    expect(span).toBeGreaterThanOrEqual(lowerBound - 1);
    // The worker leaves a reserve of the bucket to people using the console (reserveOf in
    // lib/server/bulk/work-run.ts: 10 of 100) and paces past it at the refill rate Atlas states for the bucket
    // (paceAfter in lib/server/provisioning/worker.ts). Speed goals live in the bench, not in timed tests: the
    // 1.15× goal is bench/scim.ts's (issue [J]). This test checks that the worker keeps pace with the bucket
    // rather than stalling (a worker waiting out a retry or a poll between creates takes several times the
    // bound). Measured in CI: 60–64 s against a 54 s bound before issue [J]'s merge, 69–74 s after it, and
    // 90–99 s on both stores in the 2026-12-07 rehearsal, whose whole unit phase ran 25 % longer (the test
    // process also hosts the IdP's 1,000 requests and the simulator, on two cores shared with other files).
    expect(span).toBeLessThanOrEqual(lowerBound * 2.5);
    // Latency figures are printed above; their goals live in the bench (bench/scim.ts), not in a timed test.
    expect(createsWhenAnswered).toBeLessThan(PEOPLE);
  }, 240_000);
});
