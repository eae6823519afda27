// The invitation ledger's sync (lib/server/ledger/sync.ts) and the console's own writes to the ledger, against
// the real simulator, through the route handlers. On PGlite, and on a fresh PostgreSQL database when
// TEST_DATABASE_URL is set.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as syncRoute from "@/app/api/orgs/[orgId]/ledger/sync/route";
import { getDb } from "@/lib/server/db";
import { auditRows, invitationLedger, invitationLedgerEvents, ledgerSyncState } from "@/lib/server/db/schema";
import { V2025 } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import { createPostgresDatabase, TEST_DATABASE_URL } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const SYNC = `/api/orgs/${ORG}/ledger/sync`;

let sim: TestSim;
let dropPg: (() => Promise<void>) | null = null;

beforeAll(async () => {
  // These cases sync several times a second; the Sync-now limit has its own tests (sync-catch-up.test.ts).
  process.env.LEDGER_SYNC_NOW_SECONDS = "0";
  if (TEST_DATABASE_URL) {
    const pg = await createPostgresDatabase(TEST_DATABASE_URL, { migrated: true });
    process.env.DATABASE_URL = pg.url;
    dropPg = pg.drop;
  }
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("admin"));
}, 60_000);
afterAll(async () => {
  await sim.close();
  if (dropPg) {
    const { closeDb } = await import("@/lib/server/db");
    await closeDb();
    await dropPg();
  }
});

async function resetAll() {
  await sim.control("POST", "/__sim/reset");
  await sim.control("DELETE", "/__sim/faults");
  const db = await getDb();
  await db.delete(invitationLedger);
  await db.delete(ledgerSyncState);
}
beforeEach(resetAll);

const syncNow = () => call(syncRoute.POST, "POST", SYNC, { params: { orgId: ORG } });
const status = () => call(syncRoute.GET, "GET", SYNC, { params: { orgId: ORG } });

async function rowsOf(email: string) {
  const db = await getDb();
  return db
    .select()
    .from(invitationLedger)
    .where(and(eq(invitationLedger.orgId, ORG), eq(invitationLedger.email, email.toLowerCase())));
}
async function eventsOf(ledgerId: string) {
  const db = await getDb();
  return db.select().from(invitationLedgerEvents).where(eq(invitationLedgerEvents.ledgerId, ledgerId));
}
async function snapshot() {
  const db = await getDb();
  const rows = await db.select().from(invitationLedger);
  const events = await db.select().from(invitationLedgerEvents);
  return {
    rows: rows
      .map((r) => `${r.email}|${r.source}|${r.projectId}|${r.status}|${r.userId}|${r.invitationId}`)
      .sort(),
    events: events.length,
  };
}
async function pendingUsers() {
  const res = await sim.api(
    "GET",
    `/api/atlas/v2/orgs/${ORG}/users?orgMembershipStatuses=PENDING&itemsPerPage=500`,
    { accept: V2025 },
  );
  return (res.body as any).results as { id: string; username: string }[];
}

describe("sync", { timeout: 60_000 }, () => {
  it("discovers the demo org's invitations, then a second run changes nothing", async () => {
    const first = await syncNow();
    expect(first.status).toBe(200);
    expect(first.body.run.outcome).toBe("done");
    // 35 pending org invitations + 3 project invitations, 4 expired and 2 rejected people (SIMULATOR.md seed).
    expect(first.body.ledger).toMatchObject({
      pending: 38,
      expired: 4,
      rejected: 2,
      accepted: 0,
      cancelled: 0,
    });
    expect(first.body.run.counts).toMatchObject({ discovered: 44, pendingSeen: 38 });
    expect(first.body.run.counts.atlasCalls).toBeGreaterThan(2);
    const before = await snapshot();
    const second = await syncNow();
    expect(second.body.run.counts).toMatchObject({
      discovered: 0,
      accepted: 0,
      expired: 0,
      rejected: 0,
      cancelledInAtlas: 0,
    });
    expect(await snapshot()).toEqual(before);
    const st = await status();
    expect(st.status).toBe(200);
    expect(st.body.state).toMatchObject({ runs: 2, lastError: null, connectionId: "env" });
    expect(st.body.state.lowestRateLimitRemaining).toEqual(expect.any(Number));
  });

  it("sees accepted, rejected and cancelled-in-Atlas invitations", async () => {
    await syncNow();
    const [a, r, c] = await pendingUsers();
    await sim.control("POST", `/__sim/orgs/${ORG}/users/${a!.id}/accept`);
    await sim.control("POST", `/__sim/orgs/${ORG}/users/${r!.id}/reject`);
    const del = await sim.api("DELETE", `/api/atlas/v2/orgs/${ORG}/users/${c!.id}`, { accept: V2025 });
    expect(del.status).toBe(204);
    const res = await syncNow();
    expect(res.body.run.counts).toMatchObject({
      accepted: 1,
      rejected: 1,
      cancelledInAtlas: 1,
      discovered: 0,
    });
    const [ra] = await rowsOf(a!.username);
    expect(ra!.status).toBe("accepted");
    const [rr] = await rowsOf(r!.username);
    expect(rr!.status).toBe("rejected");
    const [rc] = await rowsOf(c!.username);
    expect(rc!.status).toBe("cancelled");
    expect((await eventsOf(rc!.id)).map((e) => e.kind)).toEqual(["discovered", "cancelled_in_atlas"]);
    // The rejected person is not recorded twice (the users API lists them as INVITATION_REJECTED now).
    expect(await rowsOf(r!.username)).toHaveLength(1);
    const again = await syncNow();
    expect(again.body.run.counts).toMatchObject({
      accepted: 0,
      rejected: 0,
      cancelledInAtlas: 0,
      discovered: 0,
    });
  });

  it("sees invitations expire (simulated clock + 31 days), project invitations included", async () => {
    await syncNow();
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * 86400 });
    const res = await syncNow();
    expect(res.body.run.outcome).toBe("done");
    expect(res.body.ledger.pending).toBe(0);
    // 35 org + 3 project invitations expired, besides the seed's 4 already expired.
    expect(res.body.run.counts.expired).toBe(38);
    expect(res.body.ledger.expired).toBe(42);
    expect(res.body.ledger.cancelled).toBe(0);
    expect(res.body.run.counts.discovered).toBe(0);
    expect((await syncNow()).body.run.counts).toMatchObject({ expired: 0, discovered: 0 });
  });

  it("records the console's create and cancel with their audit rows and the console user", async () => {
    const email = `ledger-${Date.now()}@example.com`;
    const created = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
    });
    expect(created.status).toBe(201);
    const id = created.body.results[0].invitation.id as string;
    const [row] = await rowsOf(email);
    expect(row).toMatchObject({ status: "pending", source: "users", userId: id });
    expect(row!.createdByEmail).toMatch(/@session\.test$/);
    const db = await getDb();
    const [audit] = await db
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, "invitation.created"), eq(auditRows.targetEmail, email)));
    const [ev] = await eventsOf(row!.id);
    expect(ev).toMatchObject({ kind: "created", auditId: audit!.id, toStatus: "pending" });
    expect(ev!.actorEmail).toBe(row!.createdByEmail);

    // A sync now finds it already known.
    expect((await syncNow()).body.run.counts.discovered).toBe(44);
    expect(await rowsOf(email)).toHaveLength(1);

    const cancelled = await call(cancelRoute.DELETE, "DELETE", `/api/orgs/${ORG}/invitations/${id}`, {
      params: { orgId: ORG, invitationId: id },
      body: { source: "users" },
    });
    expect(cancelled.status).toBe(204);
    const [after] = await rowsOf(email);
    expect(after!.status).toBe("cancelled");
    const [cancelAudit] = await db
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, "invitation.cancelled"), eq(auditRows.targetEmail, email)));
    const events = await eventsOf(row!.id);
    expect(events.map((e) => e.kind)).toEqual(["created", "cancelled"]);
    expect(events[1]).toMatchObject({
      auditId: cancelAudit!.id,
      fromStatus: "pending",
      toStatus: "cancelled",
    });
    // The next sync does not call it cancelled in Atlas.
    expect((await syncNow()).body.run.counts.cancelledInAtlas).toBe(0);
  });

  it("stops on a 429, records it, and answers atlas_rate_limited with Retry-After", async () => {
    await sim.control("POST", "/__sim/faults", {
      method: "GET",
      path: `/api/atlas/v2/orgs/${ORG}/users`,
      status: 429,
      retryAfter: 42,
      times: 5,
    });
    const res = await syncNow();
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("atlas_rate_limited");
    expect(res.headers.get("retry-after")).toBe("42");
    const st = await status();
    expect(st.body.state.lastError).toMatch(/429/);
    expect(new Date(st.body.state.retryAfterAt).getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(st.body.ledger.pending).toBe(0);
    // No wait in place: one attempt, not the interactive client's retries.
    const users = (await sim.journal()).filter((e) => e.path === `/api/atlas/v2/orgs/${ORG}/users`);
    expect(users).toHaveLength(1);
  });

  it("refuses viewers (sync spends Atlas budget) and checks the org id", async () => {
    const viewer = await signedInRequest("viewer");
    const res = await call(syncRoute.POST, "POST", SYNC, { params: { orgId: ORG }, headers: viewer });
    expect(res.status).toBe(403);
    const read = await call(syncRoute.GET, "GET", SYNC, { params: { orgId: ORG }, headers: viewer });
    expect(read.status).toBe(200);
    const bad = await call(syncRoute.POST, "POST", "/api/orgs/nope/ledger/sync", {
      params: { orgId: "nope" },
    });
    expect(bad.status).toBe(400);
  });
});
