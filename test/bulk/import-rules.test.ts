// The plan of an import against the org's rules, through the route handlers and the simulator: guardrails
// (outside domains refused or held for approval, approval roles, an inviter's privileged rows), presets (stale
// ones, the snapshot a run keeps), and the directory checks (unknown team, members, pending, duplicates).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/orgs/[orgId]/bulk/route";
import * as runRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/route";
import * as commandRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/[command]/route";
import * as rowsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/rows/route";
import * as approvalsRoute from "@/app/api/orgs/[orgId]/approvals/route";
import * as policyRoute from "@/app/api/orgs/[orgId]/policy/route";
import * as presetsRoute from "@/app/api/orgs/[orgId]/presets/route";
import * as presetRoute from "@/app/api/orgs/[orgId]/presets/[presetId]/route";
import * as teamsRoute from "@/app/api/orgs/[orgId]/teams/route";
import { demoSeed } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/bulk`;
const CREATE = `/api/atlas/v2/orgs/${ORG}/users`;
const seed = demoSeed(Date.now());
const seedUsers = seed.orgs![0]!.users!;
const member = seedUsers.find((u) => u.orgMembershipStatus === "ACTIVE")!.username;
const invited = seedUsers.find((u) => u.orgMembershipStatus === "PENDING")!.username;
let sim: TestSim;
let admin: Record<string, string>;
let teams: { id: string; name: string }[];
let n = 0;

interface Row {
  line: number;
  email: string;
  bucket: string;
  field: string | null;
  reason: string | null;
  state: string;
  grants: { orgRoles: string[]; teamIds: string[] } | null;
}

beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed });
  admin = await signedInRequest("admin");
  useDefaultHeaders(admin);
  teams = (await call(teamsRoute.GET, "GET", `/api/orgs/${ORG}/teams`, { params: { orgId: ORG } })).body
    .teams;
}, 120_000);
afterAll(() => sim.close());

const addr = (domain = "example.com") => `rules-${process.pid}-${++n}@${domain}`;
const plan = (csv: string) => call(bulkRoute.POST, "POST", BASE, { params: { orgId: ORG }, body: { csv } });
const runOf = async (runId: string) =>
  (await call(runRoute.GET, "GET", `${BASE}/${runId}`, { params: { orgId: ORG, runId } })).body.run;
const rowsOf = async (runId: string): Promise<Row[]> =>
  (await call(rowsRoute.GET, "GET", `${BASE}/${runId}/rows`, { params: { orgId: ORG, runId } })).body.rows;
const command = (runId: string, c: string) =>
  call(commandRoute.POST, "POST", `${BASE}/${runId}/${c}`, { params: { orgId: ORG, runId, command: c } });
const setPolicy = async (p: Partial<Record<string, unknown>>) => {
  const res = await call(policyRoute.PUT, "PUT", `/api/orgs/${ORG}/policy`, {
    params: { orgId: ORG },
    body: { allowedDomains: [], outsideDomains: "refuse", approvalRoles: [], approvalExpiresHours: 72, ...p },
    headers: admin,
  });
  expect(res.status, res.text).toBe(200);
};
const sentTo = async (email: string) =>
  (await sim.journal({ method: "POST", path: CREATE })).filter(
    (c) => (c.body as { username?: string }).username?.toLowerCase() === email,
  );
const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const runToEnd = async (runId: string) => {
  const started = await command(runId, "start");
  expect(started.status, started.text).toBe(200);
  await expect.poll(async () => (await runOf(runId)).status, { timeout: 20_000, interval: 200 }).toBe("done");
  return runOf(runId);
};

describe("bulk import rules", () => {
  it("an address outside the allowed domains is blocked under 'refuse' and never sent", async () => {
    await setPolicy({ allowedDomains: ["example.com"], outsideDomains: "refuse" });
    const [inside, outside] = [addr(), addr("elsewhere.test")];
    const res = await plan(`email\n${inside}\n${outside}\n`);
    expect(res.status, res.text).toBe(201);
    expect(res.body.run.buckets).toMatchObject({ ready: 1, blocked: 1 });
    const rows = await rowsOf(res.body.run.id);
    expect(rows[1]).toMatchObject({ email: outside, bucket: "blocked", field: "email", state: "skipped" });
    const run = await runToEnd(res.body.run.id);
    expect(run.states).toMatchObject({ done: 1, skipped: 1 });
    expect(await sentTo(inside)).toHaveLength(1);
    expect(await sentTo(outside)).toHaveLength(0);
  });

  it("under 'approval' the outside address needs approval: the run holds it and asks, Atlas is not called", async () => {
    await setPolicy({ allowedDomains: ["example.com"], outsideDomains: "approval" });
    const [inside, outside] = [addr(), addr("elsewhere.test")];
    const res = await plan(`email\n${inside}\n${outside}\n`);
    expect(res.status, res.text).toBe(201);
    expect(res.body.run.buckets).toMatchObject({ ready: 1, needs_approval: 1 });
    expect(res.body.run.approvalsNeeded).toBe(1);
    const run = await runToEnd(res.body.run.id);
    expect(run.states).toMatchObject({ done: 1, held: 1, failed: 0 });
    const rows = await rowsOf(run.id);
    expect(rows.find((r) => r.email === outside)).toMatchObject({ bucket: "needs_approval", state: "held" });
    const approvals = await call(approvalsRoute.GET, "GET", `/api/orgs/${ORG}/approvals`, {
      params: { orgId: ORG },
      query: "?status=pending",
    });
    expect(approvals.status, approvals.text).toBe(200);
    expect(approvals.body.approvals.filter((a: { email: string }) => a.email === outside)).toHaveLength(1);
    expect(await sentTo(outside)).toHaveLength(0);
    expect(await sentTo(inside)).toHaveLength(1);
  });

  it("ORG_OWNER rows need approval under an approvalRoles policy; an inviter's are blocked", async () => {
    await setPolicy({ approvalRoles: ["ORG_OWNER"] });
    const [owner, plain] = [addr(), addr()];
    const csv = `email,org roles\n${owner},ORG_OWNER\n${plain},ORG_MEMBER\n`;
    const res = await plan(csv);
    expect(res.status, res.text).toBe(201);
    expect(res.body.run.buckets).toMatchObject({ needs_approval: 1, ready: 1 });
    expect((await rowsOf(res.body.run.id))[0]).toMatchObject({ bucket: "needs_approval" });
    expect((await command(res.body.run.id, "cancel")).status).toBe(200);

    await setPolicy({});
    const byInviter = await call(bulkRoute.POST, "POST", BASE, {
      params: { orgId: ORG },
      body: { csv },
      headers: await signedInRequest("inviter"),
    });
    expect(byInviter.status, byInviter.text).toBe(201);
    expect(byInviter.body.run.buckets).toMatchObject({ blocked: 1, ready: 1 });
    const rows = await rowsOf(byInviter.body.run.id);
    expect(rows[0]).toMatchObject({ bucket: "blocked", field: "orgRoles" });
    expect(rows[0]!.reason).toMatch(/Only console admins/);
    expect((await command(byInviter.body.run.id, "cancel")).status).toBe(200);
  });

  it("a preset naming a team removed from Atlas makes its rows invalid, with the reason", async () => {
    const doomed = teams[2]!;
    const name = `Stale ${n}`;
    const made = await call(presetsRoute.POST, "POST", `/api/orgs/${ORG}/presets`, {
      params: { orgId: ORG },
      body: { name, orgRoles: ["ORG_MEMBER"], teamIds: [doomed.id] },
    });
    expect(made.status, made.text).toBe(201);
    // The simulator has no Atlas call that deletes a team: its state is changed directly (as in
    // test/presets/presets-routes.test.ts).
    const org = sim.running.sim.state.orgs.get(ORG)!;
    const index = org.teams.findIndex((t) => t.id === doomed.id);
    const [removed] = org.teams.splice(index, 1);
    try {
      const res = await plan(`email,preset\n${addr()},${name}\n`);
      expect(res.status, res.text).toBe(201);
      expect(res.body.run.buckets).toMatchObject({ invalid: 1, ready: 0 });
      const [row] = await rowsOf(res.body.run.id);
      expect(row).toMatchObject({ bucket: "invalid", field: "preset" });
      expect(row!.reason).toMatch(new RegExp(`cannot be applied: team ${doomed.id} no longer exists`));
    } finally {
      org.teams.splice(index, 0, removed!);
    }
  });

  it("a run keeps the preset as planned: editing the preset afterwards changes neither its rows nor what is sent", async () => {
    const [first, second] = [teams[0]!, teams[1]!];
    const name = `Snapshot ${n}`;
    const made = await call(presetsRoute.POST, "POST", `/api/orgs/${ORG}/presets`, {
      params: { orgId: ORG },
      body: { name, orgRoles: ["ORG_MEMBER"], teamIds: [first.id] },
    });
    expect(made.status, made.text).toBe(201);
    const email = addr();
    const res = await plan(`email,preset\n${email},${name}\n`);
    expect(res.status, res.text).toBe(201);
    const presetId = made.body.preset.id as string;
    const edited = await call(presetRoute.PATCH, "PATCH", `/api/orgs/${ORG}/presets/${presetId}`, {
      params: { orgId: ORG, presetId },
      body: { name, orgRoles: ["ORG_READ_ONLY"], teamIds: [second.id] },
    });
    expect(edited.status, edited.text).toBe(200);
    const [row] = await rowsOf(res.body.run.id);
    expect(row!.grants).toMatchObject({ orgRoles: ["ORG_MEMBER"], teamIds: [first.id] });
    await runToEnd(res.body.run.id);
    const [sent] = await sentTo(email);
    expect(sent?.body).toMatchObject({ roles: { orgRoles: ["ORG_MEMBER"] }, teamIds: [first.id] });
  });

  it("puts each row in one bucket: unknown team, member, pending, duplicate; the buckets add up to the lines", async () => {
    const [a, b] = [addr(), addr()];
    const lines = [
      `${a},`,
      `${addr()},No Such Team`,
      `${member},`,
      `${invited.toUpperCase()},`,
      `${b},${teams[0]!.name}`,
      `${a},`,
      `not-an-address,`,
    ];
    const res = await plan(["email,teams", ...lines].join("\n") + "\n");
    expect(res.status, res.text).toBe(201);
    const run = res.body.run;
    expect(run.total).toBe(lines.length);
    expect(sumOf(run.buckets)).toBe(lines.length);
    expect(sumOf(run.states)).toBe(lines.length);
    expect(run.buckets).toMatchObject({
      ready: 2,
      invalid: 2,
      already_member: 1,
      already_invited: 1,
      duplicate: 1,
    });
    const rows = await rowsOf(run.id);
    // Lines are data lines, counted from 1 after the header.
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(rows[1]).toMatchObject({ line: 2, bucket: "invalid", field: "teams" });
    expect(rows[1]!.reason).toMatch(/No Such Team/);
    expect(rows[2]).toMatchObject({ bucket: "already_member", email: member.toLowerCase() });
    expect(rows[3]).toMatchObject({ bucket: "already_invited", email: invited.toLowerCase() });
    expect(rows[4]).toMatchObject({ bucket: "ready", grants: { teamIds: [teams[0]!.id] } });
    expect(rows[5]).toMatchObject({ bucket: "duplicate", field: "email" });
    expect(rows[5]!.reason).toMatch(/line 1\b/);
    expect(rows[6]).toMatchObject({ bucket: "invalid", field: "email" });
    expect((await command(run.id, "cancel")).status).toBe(200);
  });
});
