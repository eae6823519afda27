// Guardrails (allowed domains, a second approver for privileged grants) through the console's route handlers
// against the simulator: policy, the invite route, approve / deny, expiry, the edit path, and the audit rows.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as approveRoute from "@/app/api/orgs/[orgId]/approvals/[approvalId]/approve/route";
import * as denyRoute from "@/app/api/orgs/[orgId]/approvals/[approvalId]/deny/route";
import * as approvalsRoute from "@/app/api/orgs/[orgId]/approvals/route";
import * as editRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as membersRoute from "@/app/api/orgs/[orgId]/members/route";
import * as policyRoute from "@/app/api/orgs/[orgId]/policy/route";
import { requestApproval } from "@/lib/server/approvals/request";
import { evaluateGuardrails } from "@/lib/server/guardrails/check";
import { getDb } from "@/lib/server/db";
import { approvalRequests, auditRows } from "@/lib/server/db/schema";
import { approvalsExpireJob } from "@/lib/server/jobs/approvals-expire";
import { defaultPolicy } from "@/lib/schemas/policy";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const P = { orgId: ORG };
let sim: TestSim;
let adminA: Record<string, string>;
let adminB: Record<string, string>;
let inviter: Record<string, string>;
let n = 0;
const unique = (domain: string) => `gr-${Date.now()}-${++n}@${domain}`;

beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  adminA = await signedInRequest("admin", { email: `admin-a-${process.pid}@session.test` });
  adminB = await signedInRequest("admin", { email: `admin-b-${process.pid}@session.test` });
  inviter = await signedInRequest("inviter");
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset");
  useDefaultHeaders(adminA);
  await putPolicy({
    allowedDomains: [],
    outsideDomains: "refuse",
    approvalRoles: [],
    approvalExpiresHours: 72,
  });
});

const putPolicy = (body: unknown) =>
  call(policyRoute.PUT, "PUT", `/api/orgs/${ORG}/policy`, { params: P, body });
const invite = (emails: string, orgRoles: string[] = ["ORG_MEMBER"], extra: Record<string, unknown> = {}) =>
  call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
    params: P,
    body: { emails, orgRoles, teamIds: [], projectRoles: [], ...extra },
  });
const decide = (verb: "approve" | "deny", id: string, reason = "checked with the manager", headers = {}) =>
  call(
    (verb === "approve" ? approveRoute : denyRoute).POST,
    "POST",
    `/api/orgs/${ORG}/approvals/${id}/${verb}`,
    { params: { orgId: ORG, approvalId: id }, body: { reason }, headers },
  );
const creates = async (email: string) =>
  (await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` })).filter((c) =>
    JSON.stringify(c.body ?? "").includes(email),
  ).length;
const auditOf = async (action: string, email: string) =>
  (await getDb())
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.action, action), eq(auditRows.targetEmail, email)));
const ownerPolicy = {
  allowedDomains: [],
  outsideDomains: "refuse",
  approvalRoles: ["ORG_OWNER"],
  approvalExpiresHours: 72,
};

describe("policy", () => {
  it("admins read and replace it; inviters may not; bad domains are 400 with fields", async () => {
    const saved = await putPolicy({
      allowedDomains: ["Example.COM", "example.com", "eu.example.com"],
      outsideDomains: "approval",
      approvalRoles: ["ORG_OWNER", "GROUP_OWNER"],
      approvalExpiresHours: 24,
    });
    expect(saved.status, saved.text).toBe(200);
    const read = await call(policyRoute.GET, "GET", `/api/orgs/${ORG}/policy`, { params: P });
    expect(read.body).toMatchObject({
      allowedDomains: ["example.com", "eu.example.com"],
      outsideDomains: "approval",
      approvalRoles: ["ORG_OWNER", "GROUP_OWNER"],
      approvalExpiresHours: 24,
      updatedByEmail: `admin-a-${process.pid}@session.test`,
    });
    const bad = await putPolicy({
      allowedDomains: ["ok.io", "ada@x.io", "not a domain"],
      outsideDomains: "refuse",
      approvalRoles: ["NOPE"],
      approvalExpiresHours: 0,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      "allowedDomains.1",
      "allowedDomains.2",
      "approvalExpiresHours",
      "approvalRoles.0",
    ]);
    useDefaultHeaders(inviter);
    expect((await call(policyRoute.GET, "GET", `/api/orgs/${ORG}/policy`, { params: P })).status).toBe(403);
    expect((await putPolicy(ownerPolicy)).status).toBe(403);
    const changed = await (
      await getDb()
    )
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, "policy.changed"), eq(auditRows.orgId, ORG)));
    expect(changed.some((r) => r.detail?.includes("approval expires after: 72 h → 24 h"))).toBe(true);
    expect(changed.every((r) => r.userEmail?.startsWith("admin-a-"))).toBe(true);
  });

  it("a sub-domain does not match its parent unless listed", () => {
    const p = { ...defaultPolicy(), allowedDomains: ["example.com"] };
    const grants = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
    expect(evaluateGuardrails(p, "a@example.com", grants).verdict).toBe("allow");
    expect(evaluateGuardrails(p, "a@eu.example.com", grants).verdict).toBe("refuse");
    expect(evaluateGuardrails(defaultPolicy(), "a@anything.io", grants).verdict).toBe("allow");
    const project = { ...defaultPolicy(), approvalRoles: ["GROUP_OWNER"] };
    const withProject = { ...grants, projectRoles: [{ projectId: "p", roles: ["GROUP_OWNER"] }] };
    expect(evaluateGuardrails(project, "a@x.io", withProject)).toMatchObject({ verdict: "approval" });
  });
});

describe("domains", () => {
  it("refuse: a single outside address is 403 with fields.emails and Atlas is not called", async () => {
    await putPolicy({ ...ownerPolicy, approvalRoles: [], allowedDomains: ["inside.example"] });
    useDefaultHeaders(inviter);
    const email = unique("outside.example");
    const res = await invite(email);
    expect(res.status).toBe(403);
    expect(res.body.error.fields.emails).toMatch(/outside\.example is outside .*inside\.example/);
    const mixed = await invite(`${unique("inside.example")}, ${unique("outside.example")}`);
    expect(mixed.status).toBe(201);
    expect(mixed.body.results.map((r: any) => r.outcome)).toEqual(["invited", "blocked"]);
    expect(await creates(email)).toBe(0);
    const rows = await auditOf("invitation.created", email);
    expect(rows.map((r) => r.outcome)).toEqual(["refused"]);
  });

  it("approval: an outside address awaits approval (202) and the Pending list shows it", async () => {
    await putPolicy({
      ...ownerPolicy,
      approvalRoles: [],
      allowedDomains: ["inside.example"],
      outsideDomains: "approval",
    });
    useDefaultHeaders(inviter);
    const email = unique("contractor.example");
    const res = await invite(email, ["ORG_MEMBER"], { approvalReason: "contractor for Q1" });
    expect(res.status, res.text).toBe(202);
    expect(res.body.results[0]).toMatchObject({
      outcome: "awaiting_approval",
      approvalId: expect.any(String),
    });
    const again = await invite(email);
    expect(again.body.results[0].approvalId).toBe(res.body.results[0].approvalId);
    const pending = await call(approvalsRoute.GET, "GET", `/api/orgs/${ORG}/approvals`, {
      params: P,
      query: "?status=pending",
    });
    expect(pending.status).toBe(200);
    const mine = pending.body.approvals.filter((a: any) => a.email === email);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: "pending", requestReason: "contractor for Q1" });
    expect(mine[0].reasons[0]).toMatch(/outside/);
    expect(await creates(email)).toBe(0);
  });
});

describe("a second approver for privileged grants", () => {
  it("ORG_OWNER waits; the requester cannot approve; another admin's approval makes exactly one invitation", async () => {
    await putPolicy(ownerPolicy);
    const email = unique("owners.example");
    const res = await invite(email, ["ORG_OWNER"], { approvalReason: "new CTO" });
    expect(res.status).toBe(202);
    const id = res.body.results[0].approvalId as string;
    expect(await creates(email)).toBe(0);

    const own = await decide("approve", id);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/another admin must approve/);

    useDefaultHeaders(inviter);
    expect((await decide("approve", id)).status).toBe(403);

    useDefaultHeaders(adminB);
    const [first, second] = await Promise.all([
      decide("approve", id, "CTO confirmed"),
      decide("approve", id, "again"),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    // Either click may come first: the one that did is the decision, with its own reason.
    const ok = first.status === 201 ? first : second;
    const reason = ok === first ? "CTO confirmed" : "again";
    expect(ok.body.approval).toMatchObject({
      status: "sent",
      decidedByEmail: `admin-b-${process.pid}@session.test`,
      decisionReason: reason,
      result: { invitationId: expect.any(String) },
    });
    expect(await creates(email)).toBe(1);
    expect((await decide("deny", id)).status).toBe(409);
    expect((await decide("approve", id)).status).toBe(409);

    const requested = await auditOf("approval.requested", email);
    expect(requested).toHaveLength(1);
    expect(requested[0]!.userEmail).toBe(`admin-a-${process.pid}@session.test`);
    const approved = (await auditOf("approval.approved", email)).filter((r) => r.outcome === "success");
    expect(approved).toHaveLength(1);
    expect(approved[0]!.userEmail).toBe(`admin-b-${process.pid}@session.test`);
    expect(approved[0]!.detail).toContain(`requested by admin-a-${process.pid}@session.test ("new CTO")`);
    expect(approved[0]!.detail).toContain(reason);
    const created = (await auditOf("invitation.created", email)).filter((r) => r.outcome === "success");
    expect(created.map((r) => r.userEmail)).toEqual([`admin-b-${process.pid}@session.test`]);
  });

  it("deny records the reason and both people; nothing reaches Atlas", async () => {
    await putPolicy(ownerPolicy);
    const email = unique("owners.example");
    const id = (await invite(email, ["ORG_OWNER"])).body.results[0].approvalId as string;
    useDefaultHeaders(adminB);
    const empty = await decide("deny", id, "  ");
    expect(empty.status).toBe(400);
    const res = await decide("deny", id, "not approved by the board");
    expect(res.status).toBe(200);
    expect(res.body.approval).toMatchObject({
      status: "denied",
      decisionReason: "not approved by the board",
    });
    expect(await creates(email)).toBe(0);
    const denied = await auditOf("approval.denied", email);
    expect(denied).toHaveLength(1);
    expect(denied[0]!.userEmail).toBe(`admin-b-${process.pid}@session.test`);
    expect(denied[0]!.detail).toMatch(/requested by admin-a-.*denied by admin-b-.*not approved by the board/);
  });

  it("the domain rule is applied again at approval: refused when the policy changed meanwhile", async () => {
    await putPolicy({ ...ownerPolicy, allowedDomains: ["owners.example"] });
    const email = unique("owners.example");
    const id = (await invite(email, ["ORG_OWNER"])).body.results[0].approvalId as string;
    await putPolicy({ ...ownerPolicy, allowedDomains: ["elsewhere.example"] });
    useDefaultHeaders(adminB);
    const res = await decide("approve", id);
    expect(res.status).toBe(200);
    expect(res.body.approval.status).toBe("failed");
    expect(res.body.approval.result.message).toMatch(/outside this organization's allowed e-mail domains/);
    expect(await creates(email)).toBe(0);
  });

  it("unanswered requests expire: reads show them expired, the job marks and audits them, a decision is 409", async () => {
    await putPolicy(ownerPolicy);
    const email = unique("owners.example");
    const id = (await invite(email, ["ORG_OWNER"])).body.results[0].approvalId as string;
    const db = await getDb();
    await db
      .update(approvalRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(approvalRequests.id, id));
    const list = await call(approvalsRoute.GET, "GET", `/api/orgs/${ORG}/approvals`, { params: P });
    expect(list.body.approvals.find((a: any) => a.id === id).status).toBe("expired");
    const pending = await call(approvalsRoute.GET, "GET", `/api/orgs/${ORG}/approvals`, {
      params: P,
      query: "?status=pending",
    });
    expect(pending.body.approvals.some((a: any) => a.id === id)).toBe(false);
    await approvalsExpireJob.handler({}, { jobId: "t", log: { info: () => {} } as never });
    const [row] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id));
    expect(row!.status).toBe("expired");
    expect(await auditOf("approval.expired", email)).toHaveLength(1);
    useDefaultHeaders(adminB);
    const late = await decide("approve", id);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/already expired/);
    expect(await creates(email)).toBe(0);
  });

  it("an edit that adds ORG_OWNER is refused (403 on orgRoles) when the org requires a second approver", async () => {
    const email = unique("edit.example");
    const made = await invite(email);
    expect(made.status).toBe(201);
    const invitationId = made.body.results[0].invitation.id as string;
    await putPolicy(ownerPolicy);
    const res = await call(editRoute.PATCH, "PATCH", `/api/orgs/${ORG}/invitations/${invitationId}`, {
      params: { orgId: ORG, invitationId },
      body: { source: "users", orgRoles: ["ORG_MEMBER", "ORG_OWNER"], teamIds: [], projectRoles: [] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.fields.orgRoles).toMatch(/needs a second admin's approval/);
    const patches = await sim.journal({
      method: "PATCH",
      path: `/api/atlas/v2/orgs/${ORG}/users/${invitationId}`,
    });
    expect(patches).toHaveLength(0);
  });
});

describe("the rules around it", () => {
  it("an inviter asking for ORG_OWNER is refused by the privileged-role rule first: no request is queued", async () => {
    await putPolicy(ownerPolicy);
    useDefaultHeaders(inviter);
    const email = unique("owners.example");
    const res = await invite(email, ["ORG_OWNER"]);
    expect(res.status).toBe(403);
    expect(res.body.error.fields.orgRoles).toMatch(/Only console admins/);
    const rows = await (
      await getDb()
    )
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.email, email));
    expect(rows).toHaveLength(0);
  });

  it("an approval Atlas refuses is recorded as failed with Atlas's answer", async () => {
    const members = await call(membersRoute.GET, "GET", `/api/orgs/${ORG}/members`, { params: P });
    const member = (members.body.emails as string[])[0]!;
    await putPolicy(ownerPolicy);
    const id = (await invite(member, ["ORG_OWNER"])).body.results[0].approvalId as string;
    useDefaultHeaders(adminB);
    const res = await decide("approve", id);
    expect(res.status).toBe(200);
    expect(res.body.approval.status).toBe("failed");
    expect(res.body.approval.result.message).toMatch(/Already a member/);
    const approved = await auditOf("approval.approved", member);
    expect(approved.map((r) => r.outcome)).toEqual(["failure"]);
  });

  it("requestApproval (the bulk job's entry) is one pending request per address and keeps the bulk row", async () => {
    const actor = { userId: "bulk-user", email: "bulk@session.test", ip: null, userAgent: null };
    const email = unique("bulk.example");
    const grants = { orgRoles: ["ORG_OWNER"], teamIds: [], projectRoles: [] };
    const first = await requestApproval({
      actor,
      orgId: ORG,
      email,
      grants,
      reasons: ["grants Organization Owner"],
      requestReason: "from the CSV",
      bulk: { runId: "run-1", line: 7 },
    });
    const second = await requestApproval({ actor, orgId: ORG, email, grants, reasons: ["again"] });
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const [row] = await (
      await getDb()
    )
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, first.id));
    expect(row).toMatchObject({
      bulkRunId: "run-1",
      bulkLine: 7,
      requestReason: "from the CSV",
      status: "pending",
    });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(72 * 3600_000);
  });
});
