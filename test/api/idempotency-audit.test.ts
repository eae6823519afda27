// docs/security.md T09 / T10 through the route handlers, against the simulator, on every test database:
// duplicate submits make one Atlas create, concurrent cancels make one "cancelled" row and no 500, and
// every invite and cancel leaves audit rows whose chain verifies. Also the start-up reconciler.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import { beginAudit } from "@/lib/server/audit";
import { reconcilePendingAudit, settleAfterMs } from "@/lib/server/audit/reconcile";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { currentAtlas } from "@/lib/server/connections/route-org";
import { installDb } from "@/lib/server/db";
import type { TestSim } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { signedInRequest } from "../support/session";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/invitations`;
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;
const body = (emails: string) => ({ emails, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] });
const invite = (emails: string, headers: Record<string, string> = {}) =>
  call(invitationsRoute.POST, "POST", BASE, { params: { orgId: ORG }, body: body(emails), headers });
const cancel = (id: string, email: string) =>
  call(cancelRoute.DELETE, "DELETE", `${BASE}/${id}`, {
    params: { orgId: ORG, invitationId: id },
    body: { source: "users", email },
  });

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

describe.each(testDatabases())("on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  beforeAll(async () => {
    h = await open();
    installDb(h);
    useDefaultHeaders(await signedInRequest("admin", { email: "admin@localhost" }));
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });
  beforeEach(async () => {
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
  });

  const creates = async (email: string) =>
    (await sim.journal({ method: "POST", path: USERS })).filter((e) => (e.body as any).username === email);
  const rows = async (action: string, target: string) =>
    (
      await h.db.execute<{ outcome: string; user_email: string; target_id: string | null; grants: unknown }>(
        sql`select outcome, user_email, target_id, grants from audit_rows
            where action = ${action} and lower(target_email) = ${target} order by created_at`,
      )
    ).rows;

  it("T09: a replayed Idempotency-Key gets the first answer back; one Atlas create", async () => {
    const headers = { "Idempotency-Key": "replay_key_0001" };
    const first = await invite("Replay@Example.com", headers);
    expect(first.status).toBe(201);
    const again = await invite("replay@example.com", headers);
    expect(again.status).toBe(201);
    expect(again.body.results[0].invitation.id).toBe(first.body.results[0].invitation.id);
    expect(await creates("replay@example.com")).toHaveLength(1);
    // Without the key, a submit moments later (a second admin) is the same intent: refused without Atlas.
    const later = await invite("replay@example.com");
    expect(later.status).toBe(409);
    expect(later.body.error.message).toMatch(/Already invited/);
    expect(await creates("replay@example.com")).toHaveLength(1);
    expect((await rows("invitation.created", "replay@example.com")).map((r) => r.outcome)).toEqual([
      "success",
      "noop",
    ]);
  });

  it("T09: 20 concurrent submits for one org + e-mail (two tabs, two admins) → exactly one Atlas create", async () => {
    for (let round = 0; round < 3; round++) {
      const email = `burst${round}@example.com`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          invite(email.toUpperCase(), i % 2 ? { "Idempotency-Key": `burst_key_${round}` } : {}),
        ),
      );
      expect(answers.map((a) => a.status).filter((s) => s >= 500)).toEqual([]);
      expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
      expect(await creates(email)).toHaveLength(1);
      const audit = await rows("invitation.created", email);
      expect(audit.filter((r) => r.outcome === "success")).toHaveLength(1);
      // Submits that arrived after the create had finished are recorded as no-ops, never as a second call.
      expect(audit.filter((r) => r.outcome !== "success").every((r) => r.outcome === "noop")).toBe(true);
      expect(
        answers
          .filter((a) => a.status !== 201)
          .every((a) => a.status === 409 && a.body.error.code === "conflict"),
      ).toBe(true);
      expect(audit[0]).toMatchObject({
        user_email: "admin@localhost",
        grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
      });
    }
  });

  it("T10: 10 concurrent cancels of one invitation → no 500, one success row, the rest no-ops", async () => {
    const created = await invite("cancel.me@example.com");
    const id = created.body.results[0].invitation.id as string;
    const answers = await Promise.all(Array.from({ length: 10 }, () => cancel(id, "cancel.me@example.com")));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 204).every((s) => s === 404 || s === 409)).toBe(true);
    const audit = await rows("invitation.cancelled", "cancel.me@example.com");
    expect(audit).toHaveLength(10);
    expect(audit.filter((r) => r.outcome === "success")).toHaveLength(1);
    expect(audit.filter((r) => r.outcome === "noop")).toHaveLength(9);
    expect(audit.every((r) => r.target_id === id)).toBe(true);
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });

  it("an address held by an attempt that died mid-call is freed after five minutes", async () => {
    await h.db.execute(
      sql`insert into idempotency_records (id, org_id, email, state, created_at)
          values ('dead-1', ${ORG}, 'stuck@example.com', 'pending', now() - interval '10 minutes')`,
    );
    const res = await invite("stuck@example.com");
    expect(res.status).toBe(201);
    expect(await creates("stuck@example.com")).toHaveLength(1);
    const old = await h.db.execute<{ state: string }>(
      sql`select state from idempotency_records where id = 'dead-1'`,
    );
    expect(old.rows[0]?.state).toBe("done");
  });

  it("after a cancel, the same address can be invited again at once (one more Atlas create)", async () => {
    const first = await invite("again@example.com");
    const id = first.body.results[0].invitation.id as string;
    expect((await cancel(id, "again@example.com")).status).toBe(204);
    const second = await invite("again@example.com");
    expect(second.status).toBe(201);
    expect(await creates("again@example.com")).toHaveLength(2);
  });

  it("a create Atlas answers 503 is 502 unknown_outcome and its row is completed as unknown, never left pending", async () => {
    // Pending is what a crash leaves, for the start-up reconciler; a running process finishes its own rows.
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, status: 503 });
    const res = await invite("lost503@example.com");
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("unknown_outcome");
    expect(await creates("lost503@example.com")).toHaveLength(1);
    expect((await rows("invitation.created", "lost503@example.com")).map((r) => r.outcome)).toEqual([
      "unknown",
    ]);
  });

  it('the list shows "invited by <console user>" for invitations the console created', async () => {
    const created = await invite("shown@example.com");
    const id = created.body.results[0].invitation.id as string;
    const list = await call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    const mine = list.body.invitations.find((i: any) => i.id === id);
    expect(mine.invitedByConsoleUser).toBe("admin@localhost");
    const seeded = list.body.invitations.filter((i: any) => i.id !== id);
    expect(seeded.every((i: any) => i.invitedByConsoleUser === undefined)).toBe(true);
  });

  it("T23: the reconciler leaves the rows of requests still running in this process to them", async () => {
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, delayMs: 1_500 });
    const running = invite("slow.atlas@example.com");
    await expect.poll(async () => (await creates("slow.atlas@example.com")).length, { interval: 50 }).toBe(1);
    // Even with a clock past every deadline: the request is alive, so its row is not the reconciler's.
    const far = () => Date.now() + settleAfterMs("invitation.renewed") + 60_000;
    expect((await reconcilePendingAudit(h.db, async () => currentAtlas(), { now: far })).resolved).toBe(0);
    expect((await running).status).toBe(201);
    expect((await rows("invitation.created", "slow.atlas@example.com")).map((r) => r.outcome)).toEqual([
      "success",
    ]);
  });

  it("T23: the reconciler settles what Atlas shows at once, and what it does not show only after the call could have finished", async () => {
    const actor = { userId: "x", email: "crashed@console.example", ip: null, userAgent: null };
    const made = await invite("made.it@example.com");
    expect(made.status).toBe(201);
    const madeId = made.body.results[0].invitation.id as string;
    const lost = await beginAudit(actor, {
      action: "invitation.created",
      connectionId: "env",
      orgId: ORG,
      targetEmail: "made.it@example.com",
    });
    const never = await beginAudit(actor, {
      action: "invitation.created",
      connectionId: "env",
      orgId: ORG,
      targetEmail: "never.sent@example.com",
    });
    const cancelled = await beginAudit(actor, {
      action: "invitation.cancelled",
      orgId: ORG,
      targetId: madeId,
    });
    // A crashed edit: Atlas holds the grants it meant (read back: success), or still the old ones.
    const intended = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
    const other = { orgRoles: ["ORG_READ_ONLY"], teamIds: [], projectRoles: [] };
    const editDone = await beginAudit(actor, {
      action: "invitation.updated",
      orgId: ORG,
      targetId: madeId,
      grants: { before: other, after: intended },
    });
    const editLost = await beginAudit(actor, {
      action: "invitation.updated",
      orgId: ORG,
      targetId: madeId,
      grants: { before: intended, after: other },
    });
    const unreadable = await beginAudit(actor, { action: "connection.updated" });
    const outcome = async (id: string) =>
      (
        await h.db.execute<{ outcome: string; detail: string }>(
          sql`select outcome, detail from audit_rows where id = ${id}`,
        )
      ).rows[0];

    // Right after the crash: Atlas may still act on the calls of the rows it does not show done.
    const early = await reconcilePendingAudit(h.db, async () => currentAtlas());
    expect(early).toEqual({ resolved: 2, left: 4 });
    expect(await outcome(lost)).toMatchObject({
      outcome: "success",
      detail: expect.stringMatching(/exists/),
    });
    expect(await outcome(editDone)).toMatchObject({
      outcome: "success",
      detail: expect.stringMatching(/grants/),
    });
    for (const id of [never, cancelled, editLost, unreadable])
      expect(await outcome(id)).toMatchObject({ outcome: "pending" });

    // Still within the longest time the calls could take (the longest act, a renew's, with its retries).
    const almost = settleAfterMs("invitation.created") - 1_000;
    expect(
      (await reconcilePendingAudit(h.db, async () => currentAtlas(), { now: () => Date.now() + almost }))
        .resolved,
    ).toBe(0);
    expect(await outcome(never)).toMatchObject({ outcome: "pending" });

    const later = () => Date.now() + settleAfterMs("invitation.renewed") + 1_000;
    expect(await reconcilePendingAudit(h.db, async () => currentAtlas(), { now: later })).toEqual({
      resolved: 4,
      left: 0,
    });
    expect(await outcome(never)).toMatchObject({ outcome: "failure" });
    expect(await outcome(cancelled)).toMatchObject({
      outcome: "failure",
      detail: expect.stringMatching(/still pending/),
    });
    expect(await outcome(editLost)).toMatchObject({
      outcome: "failure",
      detail: expect.stringMatching(/other grants/),
    });
    expect(await outcome(unreadable)).toMatchObject({ outcome: "unknown" });
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
  });
});
