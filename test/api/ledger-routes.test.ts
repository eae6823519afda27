// The ledger's JSON API (tabs, a person's timeline, re-invite) against the simulator, on every test database.
// Ledger rows are written through the repository (lib/server/ledger/repository.ts), as the console's own
// actions and the sync write them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import * as exportRoute from "@/app/api/orgs/[orgId]/export/route";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as reinviteRoute from "@/app/api/orgs/[orgId]/ledger/[ledgerId]/reinvite/route";
import * as ledgerRoute from "@/app/api/orgs/[orgId]/ledger/route";
import * as timelineRoute from "@/app/api/orgs/[orgId]/people/[email]/timeline/route";
import { recordAudit } from "@/lib/server/audit";
import { getDb, installDb } from "@/lib/server/db";
import type { Grants } from "@/lib/schemas/grants";
import type { LedgerStatus } from "@/lib/schemas/ledger";
import { LEDGER_TAB_LIMIT } from "@/lib/schemas/ledger-api";
import {
  getLedgerRow,
  personHistory,
  recordPending,
  setSupersededBy,
  transition,
  SYSTEM_ACTOR,
} from "@/lib/server/ledger/repository";
import type { LedgerRow } from "@/lib/server/ledger/repository";
import { demoSeed } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const OTHER_ORG = "5f1000000000000000000002";
const TEAM = "5f2000000000000000000003";
const P1 = "5f3000000000000000000001";
const DAY = 86_400_000;
const GRANTS: Grants = {
  orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
  teamIds: [TEAM],
  projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
};
const alice = { userId: "u-alice", email: "alice@console.example" };

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

let n = 0;
/** A ledger row for `email` that went pending → `status` (`daysAgo` days ago), the way the sync records it. */
async function seedRow(
  email: string,
  status: LedgerStatus,
  opts: { daysAgo?: number; orgId?: string; grants?: Grants } = {},
): Promise<LedgerRow> {
  const db = await getDb();
  const row = await recordPending(
    db,
    {
      connectionId: "env",
      orgId: opts.orgId ?? ORG,
      email,
      source: "users",
      grants: opts.grants ?? GRANTS,
      // Not the demo seed's ids (5f7000…01–06 are its expired and rejected people).
      userId: `5f7a0000000000000000${String(++n).padStart(4, "0")}`,
      inviter: "owner@demo-corp.example",
      atlasCreatedAt: new Date(Date.now() - 40 * DAY),
      expiresAt: new Date(Date.now() - 10 * DAY),
    },
    { kind: "created", actor: alice, createdBy: alice },
  );
  if (status !== "pending") {
    const at = new Date(Date.now() - (opts.daysAgo ?? 1) * DAY);
    const kind = status === "cancelled" ? "cancelled_in_atlas" : status;
    expect(await transition(db, row, status, { kind: kind as never, actor: SYSTEM_ACTOR, at })).toBe(true);
  }
  return (await getLedgerRow(db, opts.orgId ?? ORG, row.id))!;
}

const listTab = (status: string | null) =>
  call(ledgerRoute.GET, "GET", `/api/orgs/${ORG}/ledger`, {
    params: { orgId: ORG },
    query: status === null ? "" : `?status=${status}`,
  });
const timeline = (email: string) =>
  call(timelineRoute.GET, "GET", `/api/orgs/${ORG}/people/${email}/timeline`, {
    params: { orgId: ORG, email },
  });
const reinvite = (ledgerId: string, body: unknown, headers: Record<string, string> = {}) =>
  call(reinviteRoute.POST, "POST", `/api/orgs/${ORG}/ledger/${ledgerId}/reinvite`, {
    params: { orgId: ORG, ledgerId },
    body,
    headers,
  });
const formOf = (email: string, grants: Grants = GRANTS) => ({ emails: email, ...grants });

describe.each(testDatabases())("ledger routes on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  let admin: Record<string, string>;
  let expired: LedgerRow;
  beforeAll(async () => {
    h = await open();
    installDb(h);
    admin = await signedInRequest("admin");
    useDefaultHeaders(admin);
    await seedRow("pending.one@example.com", "pending");
    expired = await seedRow("lapsed@example.com", "expired", { daysAgo: 3 });
    await seedRow("lapsed.two@example.com", "expired", { daysAgo: 5 });
    await seedRow("no.thanks@example.com", "rejected");
    await seedRow("joined@example.com", "accepted", { daysAgo: 2 });
    await seedRow("joined.long.ago@example.com", "accepted", { daysAgo: 45 });
    await seedRow("withdrawn@example.com", "cancelled");
    await seedRow("elsewhere@example.com", "expired", { orgId: OTHER_ORG });
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });
  beforeEach(async () => {
    useDefaultHeaders(admin);
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
  });

  describe("GET /ledger?status=<tab>", () => {
    it("answers the tab's rows (newest change first, grants as ids) and every tab's count", async () => {
      const res = await listTab("expired");
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.body.status).toBe("expired");
      expect(res.body.invitations.map((i: any) => i.email)).toEqual([
        "lapsed@example.com",
        "lapsed.two@example.com",
      ]);
      expect(res.body.invitations[0]).toMatchObject({
        id: expired.id,
        source: "users",
        status: "expired",
        orgRoles: GRANTS.orgRoles,
        teamIds: [TEAM],
        projectRoles: GRANTS.projectRoles,
        invitedByConsoleUser: "alice@console.example",
        inviter: "owner@demo-corp.example",
        atlasId: expired.userId,
      });
      expect(res.body.counts).toEqual({ pending: 1, expired: 2, rejected: 1, accepted: 1, cancelled: 1 });
      expect(res.body).toMatchObject({ limit: LEDGER_TAB_LIMIT, truncated: false });
    });

    it("a tab larger than the limit answers its newest rows, attributed, with the tab's total; the export has all", async () => {
      // Another org, so that the other tests' counts stay as they are.
      const org = "5f1000000000000000000003";
      const bulk = LEDGER_TAB_LIMIT + 3;
      const db = await getDb();
      // Older than the two rows below, one minute apart: bulk 1 is the newest of them.
      await db.execute(sql`
        insert into invitation_ledger (id, connection_id, org_id, email, source, project_id, status, grants,
          user_id, inviter, created_by_email, atlas_created_at, expires_at, status_changed_at, last_seen_at,
          created_at, updated_at)
        select 'bulk-' || g, 'env', ${org}, 'bulk' || g || '@example.com', 'users', '', 'cancelled',
          '{"orgRoles":["ORG_MEMBER"],"teamIds":[],"projectRoles":[]}'::jsonb,
          lpad(to_hex(g), 24, '0'), 'owner@demo-corp.example', null, now() - interval '40 days',
          now() - interval '10 days', now() - interval '2 days' - g * interval '1 minute', now(),
          now() - interval '40 days', now()
        from generate_series(1, ${bulk}) g`);
      // The newest two: a re-invite of a console-made invitation, both cancelled since.
      const first = await seedRow("again@example.com", "cancelled", { orgId: org, daysAgo: 1 });
      const second = await seedRow("again@example.com", "cancelled", { orgId: org, daysAgo: 0.5 });
      await setSupersededBy(db, first.id, second.id);

      const res = await call(ledgerRoute.GET, "GET", `/api/orgs/${org}/ledger`, {
        params: { orgId: org },
        query: "?status=cancelled",
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ limit: LEDGER_TAB_LIMIT, truncated: true });
      expect(res.body.counts.cancelled).toBe(bulk + 2);
      const rows = res.body.invitations as { id: string; email: string }[];
      expect(rows).toHaveLength(LEDGER_TAB_LIMIT);
      expect(rows.slice(0, 3).map((r) => r.id)).toEqual([second.id, first.id, "bulk-1"]);
      expect(rows.at(-1)!.id).toBe(`bulk-${LEDGER_TAB_LIMIT - 2}`);
      expect(rows[0]).toMatchObject({
        invitedByConsoleUser: "alice@console.example",
        invitedVia: "reinvited",
        firstInvitedBy: "alice@console.example",
      });
      expect(rows[1]).toMatchObject({ invitedByConsoleUser: "alice@console.example", invitedVia: "invited" });
      expect(rows[1]).not.toHaveProperty("firstInvitedBy");
      expect(rows[2]).not.toHaveProperty("invitedByConsoleUser");

      // Export: the whole tab, where the page sends people for the rest.
      const file = await call(exportRoute.GET, "GET", `/api/orgs/${org}/export`, {
        params: { orgId: org },
        query: "?tab=cancelled&format=json",
      });
      expect(file.status).toBe(200);
      const exported = (typeof file.body === "string" ? JSON.parse(file.body) : file.body) as unknown;
      const list = Array.isArray(exported) ? exported : (exported as { invitations: unknown[] }).invitations;
      expect(list).toHaveLength(bulk + 2);
    });

    it("Accepted is recent: the last 30 days only, in the rows and in the count", async () => {
      const res = await listTab("accepted");
      expect(res.body.invitations.map((i: any) => i.email)).toEqual(["joined@example.com"]);
      expect(res.body.counts.accepted).toBe(1);
      for (const tab of ["pending", "rejected", "cancelled"]) {
        const r = await listTab(tab);
        expect(r.status).toBe(200);
        expect(r.body.invitations).toHaveLength(1);
      }
    });

    it("a missing or unknown tab is a 400 that names the parameter; a bad org id is a 400", async () => {
      for (const q of [null, "superseded", "EXPIRED", ""]) {
        const res = await listTab(q);
        expect(res.status, String(q)).toBe(400);
        expect(res.body.error.code).toBe("invalid_input");
        expect(res.body.error.fields.status).toMatch(/pending, expired, rejected, accepted, cancelled/);
      }
      const bad = await call(ledgerRoute.GET, "GET", "/api/orgs/x/ledger", {
        params: { orgId: "../x" },
        query: "?status=expired",
      });
      expect(bad.status).toBe(400);
    });

    it("a viewer may read; without a session it is 401", async () => {
      useDefaultHeaders(await signedInRequest("viewer"));
      expect((await listTab("expired")).status).toBe(200);
      useDefaultHeaders({});
      const anon = await listTab("expired");
      expect(anon.status).toBe(401);
      expect(anon.body.error.code).toBe("unauthorized");
    });
  });

  describe("GET /people/{email}/timeline", () => {
    it("the person's rows and steps in order, each with the console user and the audit action's label", async () => {
      const db = await getDb();
      await recordAudit(
        { ...alice, ip: "10.0.0.1", userAgent: "ua" },
        {
          action: "invitation.cancelled",
          orgId: ORG,
          targetEmail: "Withdrawn@Example.com",
          outcome: "noop",
          detail: "already gone",
        },
        db,
      );
      // Another org's row about the same address is not part of this org's timeline.
      await recordAudit(
        { ...alice, ip: "10.0.0.1", userAgent: "ua" },
        {
          action: "invitation.created",
          orgId: OTHER_ORG,
          targetEmail: "withdrawn@example.com",
          outcome: "success",
        },
        db,
      );
      const res = await timeline("withdrawn@example.com");
      expect(res.status).toBe(200);
      expect(res.body.email).toBe("withdrawn@example.com");
      expect(res.body.invitations).toHaveLength(1);
      expect(res.body.invitations[0].status).toBe("cancelled");
      const steps = res.body.steps.map((s: any) => [s.kind, s.label, s.actorEmail]);
      // The audit row came last (now); the cancel in Atlas was a day ago; the create before it.
      expect(steps).toEqual([
        ["event", "Invited through the console", "alice@console.example"],
        ["event", "Cancelled in Atlas", null],
        ["audit", "Invitation cancelled", "alice@console.example"],
      ]);
      expect(res.body.steps[2]).toMatchObject({ action: "invitation.cancelled", outcome: "noop" });
    });

    it("accepts the address percent-encoded and in any case; refuses what is not an address", async () => {
      const encoded = await timeline(encodeURIComponent("LAPSED@example.com"));
      expect(encoded.status).toBe(200);
      expect(encoded.body.invitations.map((i: any) => i.id)).toEqual([expired.id]);
      for (const bad of ["not-an-address", "..", "a@b@c", "x".repeat(300) + "@example.com"]) {
        const res = await timeline(bad);
        expect(res.status, bad).toBe(400);
        expect(res.body.error.fields.email).toBeDefined();
      }
      const nobody = await timeline("nobody@example.com");
      expect(nobody.body).toEqual({ email: "nobody@example.com", invitations: [], steps: [] });
    });
  });

  describe("POST /ledger/{ledgerId}/reinvite", () => {
    it("creates one invitation with exactly the grants given and supersedes the old row, audited", async () => {
      const row = await seedRow("comeback@example.com", "expired");
      await sim.control("DELETE", "/__sim/requests");
      const res = await reinvite(row.id, formOf("comeback@example.com"), {
        "Idempotency-Key": "reinvite_0001",
      });
      expect(res.status).toBe(201);
      expect(res.body.supersededId).toBe(row.id);
      expect(res.body.invitation).toMatchObject({ email: "comeback@example.com", source: "users" });
      const creates = await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` });
      expect(creates).toHaveLength(1);
      expect(creates[0]!.body).toEqual({
        username: "comeback@example.com",
        roles: {
          orgRoles: GRANTS.orgRoles,
          groupRoleAssignments: [{ groupId: P1, groupRoles: ["GROUP_READ_ONLY"] }],
        },
        teamIds: [TEAM],
      });

      const db = await getDb();
      const old = await getLedgerRow(db, ORG, row.id);
      expect(old).toMatchObject({ status: "superseded", supersededBy: res.body.ledgerId });
      const fresh = await getLedgerRow(db, ORG, res.body.ledgerId);
      expect(fresh).toMatchObject({
        status: "pending",
        email: "comeback@example.com",
        grants: GRANTS,
        userId: res.body.invitation.id,
      });
      const { events } = await personHistory(db, ORG, "comeback@example.com");
      const reinvited = events.find((e) => e.kind === "reinvited")!;
      expect(reinvited).toMatchObject({ ledgerId: row.id, fromStatus: "expired", toStatus: "superseded" });
      expect(reinvited.actorEmail).toMatch(/^admin-/);

      // The timeline tells it as one step: the re-invite, its own Atlas create folded in.
      const tl = await timeline("comeback@example.com");
      const labels = tl.body.steps.map((s: any) => s.label);
      expect(labels).toContain("Invitation re-sent (re-invite)");
      expect(labels).not.toContain("Invitation sent");
      const step = tl.body.steps.find((s: any) => s.event === "reinvited");
      expect(step).toMatchObject({ action: "invitation.reinvited", outcome: "success" });
      expect(step.actorEmail).toMatch(/^admin-/);

      // The same submit replayed creates nothing more; the row is superseded already.
      const replay = await reinvite(row.id, formOf("comeback@example.com"), {
        "Idempotency-Key": "reinvite_0001",
      });
      expect(replay.status).toBe(409);
      expect(await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` })).toHaveLength(1);
    });

    it("edited grants are the ones sent; a rejected or cancelled row may be re-invited too", async () => {
      const row = await seedRow("second.chance@example.com", "rejected");
      await sim.control("DELETE", "/__sim/requests");
      const edited = { orgRoles: ["ORG_READ_ONLY"], teamIds: [], projectRoles: [] };
      const res = await reinvite(row.id, formOf("second.chance@example.com", edited));
      expect(res.status).toBe(201);
      const [create] = await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` });
      expect(create!.body).toMatchObject({ roles: { orgRoles: ["ORG_READ_ONLY"] } });
      const cancelled = await seedRow("regret@example.com", "cancelled");
      expect((await reinvite(cancelled.id, formOf("regret@example.com"))).status).toBe(201);
    });

    it("a users-API person who is INVITATION_EXPIRED in Atlas is replaced by the create", async () => {
      // Seeded 31 days ago and never answered: the users API lists them as INVITATION_EXPIRED.
      const seeded = demoSeed(Date.now()).orgs![0]!.users!.find((u) => u.id === "5f7000000000000000000001")!;
      const db = await getDb();
      const pending = await recordPending(
        db,
        {
          connectionId: "env",
          orgId: ORG,
          email: seeded.username,
          source: "users",
          grants: GRANTS,
          userId: seeded.id,
        },
        { kind: "discovered" },
      );
      await transition(db, pending, "expired", { kind: "expired" });
      await sim.control("DELETE", "/__sim/requests");
      const res = await reinvite(pending.id, formOf(seeded.username));
      expect(res.status).toBe(201);
      expect(res.body.invitation.expiresAt).not.toBeNull();
      const creates = await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` });
      expect(creates.map((c) => c.status)).toEqual([201]);
    });

    it("refuses what is not re-invitable, another address, an unknown row, with one audit row each", async () => {
      const pending = await seedRow("still.waiting@example.com", "pending");
      const accepted = await seedRow("member.now@example.com", "accepted");
      const row = await seedRow("mixup@example.com", "expired");
      await sim.control("DELETE", "/__sim/requests");
      const p = await reinvite(pending.id, formOf("still.waiting@example.com"));
      expect(p.status).toBe(409);
      expect(p.body.error.message).toMatch(/is pending: only expired, rejected or cancelled/);
      expect((await reinvite(accepted.id, formOf("member.now@example.com"))).status).toBe(409);
      const other = await reinvite(row.id, formOf("someone.else@example.com"));
      expect(other.status).toBe(400);
      expect(other.body.error.fields.emails).toBe("A re-invite is for mixup@example.com only.");
      const two = await reinvite(row.id, formOf("mixup@example.com, b@example.com"));
      expect(two.status).toBe(400);
      const unknown = await reinvite("00000000-0000-4000-8000-00000000abcd", formOf("mixup@example.com"));
      expect(unknown.status).toBe(404);
      const badId = await reinvite("5f9000000000000000000001", formOf("mixup@example.com"));
      expect(badId.status).toBe(400);
      expect(badId.body.error.message).toMatch(/not a valid entry of the invitation history/);
      expect(badId.body.error.fields).toBeUndefined();
      // Another org's row is unknown here.
      const foreign = (await personHistory(await getDb(), OTHER_ORG, "elsewhere@example.com")).rows[0]!;
      expect((await reinvite(foreign.id, formOf("elsewhere@example.com"))).status).toBe(404);
      expect(await sim.journal({ method: "POST" })).toEqual([]);
      const { listAudit } = await import("@/lib/server/audit/query");
      const rows = await listAudit(await getDb(), {
        action: "invitation.reinvited",
        outcome: "refused",
        page: 1,
        pageSize: 50,
      });
      expect(rows.total).toBeGreaterThanOrEqual(6);
    });

    it("permissions and origin: viewer 403, inviter may not grant ORG_OWNER, cross-site 403; no Atlas call", async () => {
      const row = await seedRow("guarded@example.com", "expired");
      await sim.control("DELETE", "/__sim/requests");
      useDefaultHeaders(await signedInRequest("viewer"));
      expect((await reinvite(row.id, formOf("guarded@example.com"))).status).toBe(403);
      useDefaultHeaders(await signedInRequest("inviter"));
      const owner = await reinvite(
        row.id,
        formOf("guarded@example.com", { ...GRANTS, orgRoles: ["ORG_OWNER"] }),
      );
      expect(owner.status).toBe(403);
      expect(owner.body.error.message).toMatch(/Only console admins may grant ORG_OWNER/);
      const crossSite: Record<string, string>[] = [
        { Origin: "http://evil.example" },
        { "Sec-Fetch-Site": "cross-site" },
        { Origin: "" },
      ];
      for (const headers of crossSite) {
        expect((await reinvite(row.id, formOf("guarded@example.com"), headers)).status).toBe(403);
      }
      expect(await sim.journal({ method: "POST" })).toEqual([]);
      expect((await getLedgerRow(await getDb(), ORG, row.id))!.status).toBe("expired");
      // The inviter may re-invite with ordinary roles.
      expect((await reinvite(row.id, formOf("guarded@example.com"))).status).toBe(201);
    });

    it("people the sync found already expired or rejected (atlas:<org>:<user>:<status> ids) can be re-invited", async () => {
      const { syncLedger } = await import("@/lib/server/ledger/sync");
      expect((await syncLedger(ORG)).outcome).toBe("done");
      const seed = demoSeed(Date.now()).orgs![0]!.users!;
      // 5f7…02 was invited 34 days ago and never answered; 5f7…05 rejected (sim/src/demo-seed.ts).
      for (const [userId, status] of [
        ["5f7000000000000000000002", "expired"],
        ["5f7000000000000000000005", "rejected"],
      ] as const) {
        const email = seed.find((u) => u.id === userId)!.username;
        const id = `atlas:${ORG}:${userId}:${status}`;
        const row = await getLedgerRow(await getDb(), ORG, id);
        expect(row, id).toMatchObject({ status, email });
        await sim.control("DELETE", "/__sim/requests");
        // As the browser sends it: the client encodes the colons (lib/api-client/ledger/mutations.ts).
        const res = await reinvite(encodeURIComponent(id), formOf(email, row!.grants));
        expect(res.status, res.text).toBe(201);
        expect(res.body.supersededId).toBe(id);
        const creates = await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` });
        expect(creates.map((c) => [(c.body as { username: string }).username, c.status])).toEqual([
          [email, 201],
        ]);
        expect((await getLedgerRow(await getDb(), ORG, id))!.status).toBe("superseded");
      }
    });

    it("ids of no form the ledger makes are refused before any query, in words, without a field name", async () => {
      const user = "5f7000000000000000000003";
      const bad = [
        `atlas:${ORG}:${user}:pending`,
        `atlas:${ORG}:${user}:expired/../x`,
        `atlas:${ORG}:${user}`,
        `atlas:../${user}:expired`,
        `ATLAS:${ORG}:${user}:expired`,
        `atlas:${ORG}:${user}:expired%2F..`,
        "00000000-0000-4000-8000-00000000ABCD/..",
        "..",
        "x".repeat(5000),
      ];
      await sim.control("DELETE", "/__sim/requests");
      for (const id of bad) {
        const res = await reinvite(id, formOf("whoever@example.com"));
        expect(res.status, id).toBe(400);
        expect(res.body.error).toEqual({
          code: "invalid_input",
          message:
            "This is not a valid entry of the invitation history: reload the page and choose the person again.",
        });
      }
      // Well-formed but unknown: the entry no longer exists.
      const gone = await reinvite(`atlas:${ORG}:5f70000000000000000000ff:expired`, formOf("x@example.com"));
      expect(gone.status).toBe(404);
      expect(gone.body.error.message).toMatch(/no longer exists in this organization's invitation history/);
      expect(await sim.journal()).toEqual([]);
    });

    describe("right after the first invitation (the 60-second duplicate guard asks whether it is still pending)", () => {
      const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
      const plain = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
      const inviteNow = async (email: string) => {
        const res = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
          params: { orgId: ORG },
          body: { emails: email, ...plain },
        });
        expect(res.status, res.text).toBe(201);
        return res.body.results[0].invitation.id as string;
      };
      const rowOf = async (email: string, status: LedgerStatus) =>
        (await personHistory(await getDb(), ORG, email)).rows.find((r) => r.status === status)!;
      const creates = async (email: string) =>
        (await sim.journal({ method: "POST", path: USERS })).filter(
          (e) => (e.body as { username: string }).username === email,
        );

      it("invited, cancelled, re-invited at once: a second Atlas create", async () => {
        const email = "cancel.then.again@example.com";
        const id = await inviteNow(email);
        const cancelled = await call(cancelRoute.DELETE, "DELETE", `/api/orgs/${ORG}/invitations/${id}`, {
          params: { orgId: ORG, invitationId: id },
          body: { source: "users", email },
        });
        expect(cancelled.status, cancelled.text).toBe(204);
        const res = await reinvite((await rowOf(email, "cancelled")).id, formOf(email, plain));
        expect(res.status, res.text).toBe(201);
        expect((await creates(email)).map((c) => c.status)).toEqual([201, 201]);
      });

      it("invited, expired in Atlas, re-invited at once: a second Atlas create", async () => {
        const email = "expired.then.again@example.com";
        await inviteNow(email);
        await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * 86_400 });
        const { syncLedger } = await import("@/lib/server/ledger/sync");
        expect((await syncLedger(ORG)).outcome).toBe("done");
        const res = await reinvite((await rowOf(email, "expired")).id, formOf(email, plain));
        expect(res.status, res.text).toBe(201);
        expect((await creates(email)).map((c) => c.status)).toEqual([201, 201]);
      });

      it("still pending in Atlas though the ledger says otherwise: refused as a duplicate, Atlas not called", async () => {
        const email = "still.pending@example.com";
        await inviteNow(email);
        // The ledger row closed by hand (as a sync that misread Atlas would): Atlas still lists it pending.
        const db = await getDb();
        const row = await rowOf(email, "pending");
        expect(await transition(db, row, "cancelled", { kind: "cancelled_in_atlas" })).toBe(true);
        const res = await reinvite(row.id, formOf(email, plain));
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/Already invited/);
        expect(await creates(email)).toHaveLength(1);
      });
    });

    it("Atlas refusing the create leaves the old row as it was and says why", async () => {
      const row = await seedRow("atlas.says.no@example.com", "expired");
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: `/api/atlas/v2/orgs/${ORG}/users`,
        status: 400,
        errorCode: "INVALID_ATTRIBUTE",
      });
      const res = await reinvite(row.id, formOf("atlas.says.no@example.com"));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect((await getLedgerRow(await getDb(), ORG, row.id))!.status).toBe("expired");
    });
  });
});
