// The ledger sync (lib/server/ledger/sync.ts) against the real simulator, on PGlite and (TEST_DATABASE_URL)
// PostgreSQL: it discovers what Atlas holds, sees acceptances, rejections, expiry (simulated clock + 31 days)
// and cancellations made in Atlas, changes nothing on a second run, stops on a 429 with the reason kept, and
// the console's own create and cancel write ledger rows linked to their audit rows.
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as syncRoute from "@/app/api/orgs/[orgId]/ledger/sync/route";
import { installDb } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { auditRows, invitationLedger, invitationLedgerEvents } from "@/lib/server/db/schema";
import { countLedger, listLedger } from "@/lib/server/ledger/repository";
import { syncOrg, syncState } from "@/lib/server/ledger/sync";
import type { TestSim } from "@/sim/test/support/sim";
import { testDatabases } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const V2025 = "application/vnd.atlas.2025-02-19+json";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("admin", { email: "ledger-admin@console.test" }));
});
afterAll(() => sim.close());

interface Person {
  id: string;
  username: string;
  orgMembershipStatus: string;
}
async function people(status: string): Promise<Person[]> {
  const r = await sim.api<{ results: Person[] }>(
    "GET",
    `/api/atlas/v2/orgs/${ORG}/users?orgMembershipStatuses=${status}&itemsPerPage=500`,
    { accept: V2025 },
  );
  return r.body.results.filter((p) => p.orgMembershipStatus === status);
}

describe.each(testDatabases())("on $name", { timeout: 120_000 }, (kind) => {
  let handle: DatabaseHandle;
  const opened: DatabaseHandle[] = [];
  afterEach(async () => {
    for (const h of opened.splice(0).reverse()) await h.close();
  });
  async function fresh() {
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
    handle = await kind.open();
    opened.push(handle);
    installDb(handle);
    // The session of useDefaultHeaders lives in the first database: sign in again in this one.
    useDefaultHeaders(await signedInRequest("admin", { email: "ledger-admin@console.test" }));
    return handle.db;
  }

  it("discovers what Atlas holds, then a second run changes nothing", async () => {
    const db = await fresh();
    const first = await syncOrg(db, ORG);
    expect(first.complete).toBe(true);
    const pendingInAtlas = (await people("PENDING")).length;
    const counts = await countLedger(db, ORG);
    // Org invitations (one person each, whichever API created them) plus the 3 legacy project invitations.
    expect(counts.pending).toBe(pendingInAtlas + 3);
    expect(counts.expired).toBe((await people("INVITATION_EXPIRED")).length);
    expect(counts.rejected).toBe((await people("INVITATION_REJECTED")).length);
    expect(counts.expired).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
    expect(first.counts.discovered).toBe(counts.pending);

    const events = await db.select().from(invitationLedgerEvents);
    const second = await syncOrg(db, ORG);
    expect(second.counts).toMatchObject({
      discovered: 0,
      accepted: 0,
      expired: 0,
      rejected: 0,
      cancelled: 0,
    });
    expect(await countLedger(db, ORG)).toEqual(counts);
    expect(await db.select().from(invitationLedgerEvents)).toHaveLength(events.length);
    expect((await syncState(db, ORG))?.runs).toBe(2);
  });

  it("sees an acceptance, a rejection and a cancellation made in Atlas", async () => {
    const db = await fresh();
    await syncOrg(db, ORG);
    const [a, r, c] = await people("PENDING");
    expect((await sim.control("POST", `/__sim/orgs/${ORG}/users/${a!.id}/accept`)).status).toBe(200);
    expect((await sim.control("POST", `/__sim/orgs/${ORG}/users/${r!.id}/reject`)).status).toBe(200);
    expect(
      (await sim.api("DELETE", `/api/atlas/v2/orgs/${ORG}/users/${c!.id}`, { accept: V2025 })).status,
    ).toBe(204);
    const report = await syncOrg(db, ORG);
    expect(report.counts).toMatchObject({ accepted: 1, rejected: 1, cancelled: 1 });
    const byEmail = async (email: string) =>
      db
        .select()
        .from(invitationLedger)
        .where(and(eq(invitationLedger.orgId, ORG), eq(invitationLedger.email, email.toLowerCase())));
    expect((await byEmail(a!.username)).map((x) => x.status)).toEqual(["accepted"]);
    expect((await byEmail(r!.username)).map((x) => x.status)).toEqual(["rejected"]);
    expect((await byEmail(c!.username)).map((x) => x.status)).toEqual(["cancelled"]);
    const [ev] = await db
      .select()
      .from(invitationLedgerEvents)
      .where(eq(invitationLedgerEvents.email, c!.username.toLowerCase()))
      .orderBy(invitationLedgerEvents.seq);
    expect(ev?.kind).toBe("discovered");
    const kinds = (
      await db
        .select()
        .from(invitationLedgerEvents)
        .where(eq(invitationLedgerEvents.email, c!.username.toLowerCase()))
    ).map((e) => e.kind);
    expect(kinds).toEqual(["discovered", "cancelled_in_atlas"]);
  });

  it("31 days later every pending invitation is expired, project invitations included", async () => {
    const db = await fresh();
    await syncOrg(db, ORG);
    const before = await countLedger(db, ORG);
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * 86_400 });
    const report = await syncOrg(db, ORG);
    const after = await countLedger(db, ORG);
    expect(after.pending).toBe(0);
    expect(after.expired).toBe(before.expired + before.pending);
    expect(report.counts.expired).toBe(before.pending);
    expect(after.cancelled).toBe(0);
    const project = (await listLedger(db, ORG, "expired")).filter((x) => x.source === "project");
    expect(project).toHaveLength(3);
  });

  it("a 429 stops the run, keeps the reason, and the next run goes on", async () => {
    const db = await fresh();
    await sim.control("POST", "/__sim/faults", {
      method: "GET",
      path: `/api/atlas/v2/orgs/${ORG}/users`,
      status: 429,
      errorCode: "RATE_LIMITED",
      retryAfter: 60,
      times: 5,
    });
    await expect(syncOrg(db, ORG)).rejects.toMatchObject({ status: 429 });
    const state = await syncState(db, ORG);
    expect(state?.lastError).toMatch(/rate|limit|too many/i);
    expect(state?.lastOkAt).toBeNull();
    expect((await countLedger(db, ORG)).pending).toBe(0);
    await sim.control("DELETE", "/__sim/faults");
    await syncOrg(db, ORG);
    expect((await syncState(db, ORG))?.lastError).toBeNull();
    expect((await countLedger(db, ORG)).pending).toBeGreaterThan(0);
  });

  it("the console's create and cancel write ledger rows linked to their audit rows, and sync now answers", async () => {
    const db = await fresh();
    const email = `ledger-${kind.name}-${Date.now()}@example.com`;
    const created = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
    });
    expect(created.status).toBe(201);
    const id = created.body.results[0].invitation.id as string;
    const [row] = await db.select().from(invitationLedger).where(eq(invitationLedger.email, email));
    expect(row).toMatchObject({ status: "pending", source: "users", userId: id });
    expect(row!.createdByEmail).toBe("ledger-admin@console.test");
    const [createdEv] = await db
      .select()
      .from(invitationLedgerEvents)
      .where(eq(invitationLedgerEvents.ledgerId, row!.id));
    const [audit] = await db.select().from(auditRows).where(eq(auditRows.id, createdEv!.auditId!));
    expect(audit).toMatchObject({ action: "invitation.created", targetEmail: email });

    const synced = await call(syncRoute.POST, "POST", `/api/orgs/${ORG}/ledger/sync`, {
      params: { orgId: ORG },
    });
    expect(synced.status).toBe(200);
    expect(synced.body.lastOkAt).toEqual(expect.any(String));
    expect(synced.body.lastError).toBeNull();
    // The sync refreshed the console's own row instead of adding another.
    expect(await db.select().from(invitationLedger).where(eq(invitationLedger.email, email))).toHaveLength(1);

    const cancelled = await call(cancelRoute.DELETE, "DELETE", `/api/orgs/${ORG}/invitations/${id}`, {
      params: { orgId: ORG, invitationId: id },
      body: { source: "users" },
    });
    expect(cancelled.status).toBe(204);
    const [after] = await db.select().from(invitationLedger).where(eq(invitationLedger.email, email));
    expect(after!.status).toBe("cancelled");
    const evs = await db
      .select()
      .from(invitationLedgerEvents)
      .where(eq(invitationLedgerEvents.ledgerId, row!.id))
      .orderBy(invitationLedgerEvents.seq);
    expect(evs.map((e) => e.kind)).toEqual(["created", "cancelled"]);
    expect(evs[1]!.actorEmail).toBe("ledger-admin@console.test");
    const [cancelAudit] = await db.select().from(auditRows).where(eq(auditRows.id, evs[1]!.auditId!));
    expect(cancelAudit?.action).toBe("invitation.cancelled");
    // A later sync does not call the console's cancel a cancellation in Atlas.
    await syncOrg(db, ORG);
    expect(
      (await db.select().from(invitationLedgerEvents).where(eq(invitationLedgerEvents.ledgerId, row!.id)))
        .length,
    ).toBe(2);
  });
});
