// The ledger keeps up with Atlas's live list (lib/server/ledger/catch-up.ts, lib/server/jobs/ledger-sync.ts):
// a start-up sync, a sync queued when reading the list shows invitations gone from it, "Sync now" limited per
// org (lib/server/ledger/sync.ts), and expired rows dated by Atlas's expiry. Against the simulator, with the job
// layer running in this process, on every test database.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as countsRoute from "@/app/api/orgs/[orgId]/ledger/counts/route";
import * as ledgerRoute from "@/app/api/orgs/[orgId]/ledger/route";
import * as syncRoute from "@/app/api/orgs/[orgId]/ledger/sync/route";
import { installDb } from "@/lib/server/db";
import { invitationLedger, ledgerSyncState, orgRoutes } from "@/lib/server/db/schema";
import { jobsBoss, startJobs, stopJobs } from "@/lib/server/jobs";
import { queueLedgerSyncAtStart } from "@/lib/server/jobs/ledger-sync";
import { catchUpReason } from "@/lib/server/ledger/catch-up";
import { countLedgerTabs } from "@/lib/server/ledger/list-ledger";
import { syncLedger } from "@/lib/server/ledger/sync";
import { listInvitations } from "@/lib/server/invitations/list-invitations";
import { V2025 } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const SYNC = `/api/orgs/${ORG}/ledger/sync`;
const DAY_S = 86_400;

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
}, 120_000);
afterAll(() => sim.close());

const syncNow = (headers?: Record<string, string>) =>
  call(syncRoute.POST, "POST", SYNC, { params: { orgId: ORG }, ...(headers ? { headers } : {}) });
const status = () => call(syncRoute.GET, "GET", SYNC, { params: { orgId: ORG } });
const listPending = () =>
  call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, { params: { orgId: ORG } });
const counts = async () =>
  (await call(countsRoute.GET, "GET", `/api/orgs/${ORG}/ledger/counts`, { params: { orgId: ORG } })).body
    .counts as Record<string, number>;

describe.each(testDatabases())("on $name", { timeout: 120_000 }, ({ open }) => {
  let h: TestDatabaseHandle;
  let admin: Record<string, string>;

  /** Jobs of a queue by state, from pg-boss's own table (empty before the layer first started). */
  async function jobs(name: string): Promise<Record<string, number>> {
    if (!(await jobsBoss())) return {};
    const r = await h.db.execute(
      sql`select state, count(*)::int as n from pgboss.job where name = ${name} group by state`,
    );
    return Object.fromEntries((r.rows as { state: string; n: number }[]).map((x) => [x.state, Number(x.n)]));
  }
  const total = (byState: Record<string, number>) => Object.values(byState).reduce((a, b) => a + b, 0);
  /** Sync runs of the org started so far (every queued job that syncs adds one). */
  const runs = async () =>
    (await h.db.select().from(ledgerSyncState).where(eq(ledgerSyncState.orgId, ORG)))[0]?.runs ?? 0;

  beforeAll(async () => {
    h = await open();
    installDb(h);
    admin = await signedInRequest("admin");
  });
  afterAll(async () => {
    await stopJobs();
    installDb(null);
    await h.close();
  });
  beforeEach(async () => {
    await stopJobs();
    useDefaultHeaders(admin);
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
    await h.db.delete(invitationLedger);
    await h.db.delete(ledgerSyncState);
    await h.db.execute(sql`delete from pgboss.job`).catch(() => undefined);
  });

  it("Sync now starts at most one sync of an org per 30 s, whoever asks: 429 with Retry-After", async () => {
    const first = await syncNow();
    expect(first.status).toBe(200);
    const st = await status();
    expect(st.body.syncNowWaitSeconds).toBeGreaterThan(0);
    expect(st.body.syncNowWaitSeconds).toBeLessThanOrEqual(30);
    expect(Date.parse(st.body.now)).not.toBeNaN();

    const again = await syncNow();
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe("rate_limited");
    expect(again.body.error.message).toMatch(/sync now again in \d+ s/);
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // Per org, not per user: another inviter is refused too; a viewer may not sync at all.
    const inviter = await signedInRequest("inviter");
    expect((await syncNow(inviter)).status).toBe(429);
    expect((await syncNow(await signedInRequest("viewer"))).status).toBe(403);

    // 31 s later (the last start moved back) it syncs again.
    const back = new Date(Date.now() - 31_000);
    await h.db.update(ledgerSyncState).set({ lastStartedAt: back }).where(eq(ledgerSyncState.orgId, ORG));
    expect((await status()).body.syncNowWaitSeconds).toBe(0);
    expect((await syncNow(inviter)).status).toBe(200);
  });

  it("parallel Sync now clicks start one sync (one Atlas read)", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const answers = await Promise.all([syncNow(), syncNow(), syncNow()]);
    expect(answers.map((a) => a.status).filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    const [state] = await h.db.select().from(ledgerSyncState).where(eq(ledgerSyncState.orgId, ORG));
    expect(state!.runs).toBe(1);
    const reads = (await sim.journal()).filter(
      (e) => e.method === "GET" && e.path === `/api/atlas/v2/orgs/${ORG}/users`,
    );
    expect(reads).toHaveLength(1);
  });

  it("the Expired tab dates each invitation by its expiry in Atlas, not by when the sync noticed", async () => {
    expect((await syncLedger(ORG)).outcome).toBe("done");
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * DAY_S });
    expect((await syncLedger(ORG)).outcome).toBe("done");
    const res = await call(ledgerRoute.GET, "GET", `/api/orgs/${ORG}/ledger`, {
      params: { orgId: ORG },
      query: "?status=expired",
    });
    expect(res.status).toBe(200);
    const entries = res.body.invitations as { email: string; expiresAt: string; statusChangedAt: string }[];
    // 38 that expired between the two syncs, and the seed's 4 found already expired.
    expect(entries).toHaveLength(42);
    for (const e of entries)
      expect({ email: e.email, at: e.statusChangedAt }).toEqual({ email: e.email, at: e.expiresAt });
  });

  it("rows dated by an expiry Atlas's clock puts ahead of ours do not hide the same people invited again", async () => {
    expect((await syncLedger(ORG)).outcome).toBe("done");
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * DAY_S });
    expect((await syncLedger(ORG)).counts.expired).toBe(38);
    // Some of those expiries are after this machine's now (the simulated clock is 31 days ahead).
    const [ahead] = await h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(invitationLedger)
      .where(sql`${invitationLedger.status} = 'expired' and ${invitationLedger.statusChangedAt} > now()`);
    expect(Number(ahead!.n)).toBeGreaterThan(0);
    // Atlas back at the demo seed: the same people and Atlas ids, invited anew. (A reset within the same second
    // would give them the same creation times, i.e. the same invitations: the closed rows are made older.)
    await h.db
      .update(invitationLedger)
      .set({ atlasCreatedAt: sql`${invitationLedger.atlasCreatedAt} - interval '1 day'` })
      .where(eq(invitationLedger.status, "expired"));
    await sim.control("POST", "/__sim/reset");
    const run = await syncLedger(ORG);
    expect(run.counts.discovered).toBe(38);
    expect((await counts()).pending).toBe(38);
  });

  it("start-up queues one sync of every served org", async () => {
    await h.db
      .insert(orgRoutes)
      .values({ orgId: ORG, orgName: "Demo Org", connectionId: "env" })
      .onConflictDoNothing();
    await startJobs(h);
    await queueLedgerSyncAtStart();
    await queueLedgerSyncAtStart();
    // Read from the database, not through the counts route (whose own catch-up would sync the org too).
    await expect
      .poll(() => countLedgerTabs(ORG), { timeout: 60_000, interval: 500 })
      .toMatchObject({ pending: 38, expired: 4, rejected: 2 });
    expect(total(await jobs("ledger-sync"))).toBe(1);
    expect(await runs()).toBe(1);
  });

  it("a first read of the list syncs an org the ledger never synced", async () => {
    await startJobs(h);
    expect((await listPending()).status).toBe(200);
    await expect
      .poll(counts, { timeout: 60_000, interval: 500 })
      .toMatchObject({ pending: 38, expired: 4, rejected: 2 });
    expect(await runs()).toBe(1);
  });

  it("a first load of the tabs' counts, on a ledger tab, syncs an org the ledger never synced", async () => {
    await startJobs(h);
    expect(await counts()).toMatchObject({ pending: 0, expired: 0 });
    await expect
      .poll(counts, { timeout: 60_000, interval: 500 })
      .toMatchObject({ pending: 38, expired: 4, rejected: 2 });
    expect(await runs()).toBe(1);
  });

  it("reading the list queues the org's sync once when invitations left it, and the tabs catch up", async () => {
    expect((await syncLedger(ORG)).outcome).toBe("done");
    await startJobs(h);
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * DAY_S });
    const first = await listPending();
    expect(first.status).toBe(200);
    expect(first.body.invitations).toEqual([]);
    expect((await listPending()).status).toBe(200);
    await expect
      .poll(counts, { timeout: 60_000, interval: 500 })
      .toMatchObject({ pending: 0, expired: 42, cancelled: 0 });
    // The baseline and one catch-up, however many reads noticed it.
    expect(await runs()).toBe(2);
    // Caught up: nothing left to look at.
    expect(await catchUpReason(h.db, ORG, [], new Date())).toBeNull();
  });

  it("counts a cancel made in Atlas, not rows recorded after the read began nor rows the last sync left", async () => {
    expect((await syncLedger(ORG)).outcome).toBe("done");
    const pending = await sim.api(
      "GET",
      `/api/atlas/v2/orgs/${ORG}/users?orgMembershipStatuses=PENDING&itemsPerPage=500`,
      { accept: V2025 },
    );
    const gone = (pending.body as { results: { id: string }[] }).results[0]!;
    const readBefore = new Date();
    expect(
      (await sim.api("DELETE", `/api/atlas/v2/orgs/${ORG}/users/${gone.id}`, { accept: V2025 })).status,
    ).toBe(204);
    const live = (await listInvitations(ORG)).invitations;
    expect(await catchUpReason(h.db, ORG, live, new Date())).toBe(
      "1 pending in the ledger, no longer listed by Atlas",
    );
    // The read began before the baseline sync saw the rows: none of them is judged by it.
    expect(await catchUpReason(h.db, ORG, live, new Date(readBefore.getTime() - 60_000))).toBeNull();
    expect((await syncLedger(ORG)).counts.cancelledInAtlas).toBe(1);
    expect(await catchUpReason(h.db, ORG, live, new Date())).toBeNull();
    // A row the last successful sync saw missing and could not close (made to look so here) is not asked again.
    await h.db
      .update(invitationLedger)
      .set({ lastSeenAt: new Date(Date.now() - 3_600_000) })
      .where(eq(invitationLedger.email, live[0]!.email.toLowerCase()));
    expect(await catchUpReason(h.db, ORG, live.slice(1), new Date())).toBeNull();
  });
});
