// Bulk actions through the route handlers against the simulator: a cancel of 200 pending invitations of which 5
// are accepted between the selection and the run (each row says what became of it, the journal holds exactly
// the 195 DELETEs), then renew, add a team, add a project role and re-invite from the Cancelled tab.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as actionsRoute from "@/app/api/orgs/[orgId]/bulk/actions/route";
import * as runRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/route";
import * as rowsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/rows/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as ledgerRoute from "@/app/api/orgs/[orgId]/ledger/route";
import * as teamsRoute from "@/app/api/orgs/[orgId]/teams/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as presetsRoute from "@/app/api/orgs/[orgId]/presets/route";
import { demoSeedWithExtraPending } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/bulk`;
let sim: TestSim;

interface Inv {
  id: string;
  source: "users" | "invitations" | "project";
  email: string;
  teamIds: string[];
  projectRoles: { projectId: string; roles: string[] }[];
}
interface Row {
  line: number;
  email: string;
  state: string;
  outcome: string | null;
  message: string | null;
  invitationId: string | null;
}

beforeAll(async () => {
  // Atlas's org-users budget (100 a minute) would make 200 cancels (a read and a DELETE each) take minutes: the
  // pacing is test/bulk/import-run.test.ts's subject, not this file's.
  sim = await consoleAgainstSimulator({
    seed: {
      ...demoSeedWithExtraPending(Date.now(), 200),
      rateLimits: { orgUsers: { capacity: 5000, refillRate: 5000, refillDurationSeconds: 60 } },
    },
  });
  useDefaultHeaders(await signedInRequest("admin"));
}, 120_000);
afterAll(() => sim.close());

const pending = async (): Promise<Inv[]> =>
  (await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, { params: { orgId: ORG } })).body
    .invitations;
const runOf = async (runId: string) =>
  (await call(runRoute.GET, "GET", `${BASE}/${runId}`, { params: { orgId: ORG, runId } })).body.run;
const rowsOf = async (runId: string): Promise<Row[]> =>
  (
    await call(rowsRoute.GET, "GET", `${BASE}/${runId}/rows`, {
      params: { orgId: ORG, runId },
      query: "?limit=500",
    })
  ).body.rows;
const act = (body: unknown) =>
  call(actionsRoute.POST, "POST", `${BASE}/actions`, { params: { orgId: ORG }, body });
const finished = async (runId: string, timeout = 30_000) => {
  await expect.poll(async () => (await runOf(runId)).status, { timeout, interval: 200 }).toBe("done");
  return runOf(runId);
};
const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const targetOf = (i: Inv) => ({ id: i.id, source: i.source, email: i.email });

describe("bulk actions", () => {
  it(
    "cancels 200 pending invitations; the 5 accepted after the selection fail saying so, nothing else is sent for them",
    { timeout: 60_000 },
    async () => {
      const selected = (await pending()).filter((i) => i.email.endsWith("@load-test.example"));
      expect(selected).toHaveLength(200);
      const accepted = [3, 50, 99, 150, 199].map((n) => selected[n]!);
      for (const a of accepted) {
        const r = await sim.control("POST", `/__sim/orgs/${ORG}/users/${a.id}/accept`);
        expect(r.status).toBeLessThan(300);
      }
      await sim.control("DELETE", "/__sim/requests");

      const res = await act({ kind: "cancel", targets: selected.map(targetOf) });
      expect(res.status, res.text).toBe(201);
      expect(res.body.run.total).toBe(200);
      const run = await finished(res.body.run.id, 50_000);
      expect(run.states).toMatchObject({ done: 195, failed: 5, planned: 0, sending: 0 });
      expect(sumOf(run.states)).toBe(200);
      expect(sumOf(run.buckets)).toBe(200);
      expect(run.progress).toMatchObject({ done: 200, toSend: 200 });

      const rows = await rowsOf(run.id);
      expect(rows).toHaveLength(200);
      const failed = rows.filter((r) => r.state === "failed");
      expect(failed.map((r) => r.email).sort()).toEqual(accepted.map((a) => a.email).sort());
      for (const f of failed) expect(f.message).toMatch(/accepted/i);
      expect(rows.filter((r) => r.state === "done").every((r) => r.outcome === "cancelled")).toBe(true);

      const deletes = (await sim.journal({ method: "DELETE" })).filter((c) =>
        c.path.includes(`/orgs/${ORG}/`),
      );
      const acceptedIds = new Set(accepted.map((a) => a.id));
      expect(deletes).toHaveLength(195);
      expect(deletes.some((d) => acceptedIds.has(d.path.split("/").pop()!))).toBe(false);
      expect(new Set(deletes.map((d) => d.path)).size).toBe(195);
      const left = new Set((await pending()).map((i) => i.email));
      expect(selected.filter((s) => left.has(s.email))).toHaveLength(0);
    },
  );

  it("renews, adds a team and adds a project role to a few invitations, as Atlas then shows them", async () => {
    const teams: { id: string }[] = (
      await call(teamsRoute.GET, "GET", `/api/orgs/${ORG}/teams`, { params: { orgId: ORG } })
    ).body.teams;
    const projects: { id: string }[] = (
      await call(projectsRoute.GET, "GET", `/api/orgs/${ORG}/projects`, { params: { orgId: ORG } })
    ).body.projects;
    const orgInvites = (await pending()).filter((i) => i.source !== "project");
    const team = teams.find((t) => orgInvites.filter((i) => !i.teamIds.includes(t.id)).length >= 3)!;
    const forTeam = orgInvites.filter((i) => !i.teamIds.includes(team.id)).slice(0, 3);
    const project = projects[projects.length - 1]!;
    const forRole = orgInvites
      .filter((i) => !forTeam.includes(i) && !i.projectRoles.some((p) => p.projectId === project.id))
      .slice(0, 2);
    const forRenew = orgInvites.filter((i) => !forTeam.includes(i) && !forRole.includes(i)).slice(0, 3);
    expect(forRole).toHaveLength(2);
    expect(forRenew).toHaveLength(3);

    const addTeam = await act({ kind: "add_team", teamId: team.id, targets: forTeam.map(targetOf) });
    expect(addTeam.status, addTeam.text).toBe(201);
    expect((await finished(addTeam.body.run.id)).states).toMatchObject({ done: 3, failed: 0 });

    const addRole = await act({
      kind: "add_project_role",
      projectRole: { projectId: project.id, role: "GROUP_READ_ONLY" },
      targets: forRole.map(targetOf),
    });
    expect(addRole.status, addRole.text).toBe(201);
    expect((await finished(addRole.body.run.id)).states).toMatchObject({ done: 2, failed: 0 });

    const renew = await act({ kind: "renew", targets: forRenew.map(targetOf) });
    expect(renew.status, renew.text).toBe(201);
    const renewRun = await finished(renew.body.run.id);
    expect(renewRun.states).toMatchObject({ done: 3, failed: 0 });
    const renewed = await rowsOf(renewRun.id);
    expect(renewed.every((r) => r.outcome === "renewed" && r.invitationId)).toBe(true);

    const now = await pending();
    const byEmail = new Map(now.map((i) => [i.email, i]));
    for (const i of forTeam) expect(byEmail.get(i.email)?.teamIds).toContain(team.id);
    for (const i of forRole) {
      const p = byEmail.get(i.email)?.projectRoles.find((x) => x.projectId === project.id);
      expect(p?.roles).toContain("GROUP_READ_ONLY");
    }
    for (const i of forRenew) expect(byEmail.has(i.email)).toBe(true);
    // Atlas itself holds the new team (not only the console's view of it).
    const patches = await sim.journal({ method: "PATCH" });
    expect(patches.filter((p) => JSON.stringify(p.body).includes(team.id)).length).toBeGreaterThanOrEqual(3);
  });

  it("re-invites from the Cancelled tab: each person has a pending invitation again", async () => {
    const tab = await call(ledgerRoute.GET, "GET", `/api/orgs/${ORG}/ledger`, {
      params: { orgId: ORG },
      query: "?status=cancelled",
    });
    expect(tab.status, tab.text).toBe(200);
    const cancelled = (
      tab.body.invitations as { id: string; atlasId: string | null; source: Inv["source"]; email: string }[]
    )
      .filter((e) => e.email.endsWith("@load-test.example") && e.atlasId)
      .slice(0, 4);
    expect(cancelled).toHaveLength(4);
    const res = await act({
      kind: "reinvite",
      targets: cancelled.map((e) => ({ id: e.atlasId, source: e.source, email: e.email, ledgerId: e.id })),
    });
    expect(res.status, res.text).toBe(201);
    const run = await finished(res.body.run.id);
    expect(run.states).toMatchObject({ done: 4, failed: 0 });
    const rows = await rowsOf(run.id);
    expect(rows.every((r) => r.outcome === "reinvited")).toBe(true);
    const now = new Set((await pending()).map((i) => i.email));
    for (const e of cancelled) expect(now.has(e.email)).toBe(true);
  });
  it("applies a preset: each invitation gets its grants in place of its own; one that has them already is unchanged", async () => {
    const teams = (await call(teamsRoute.GET, "GET", `/api/orgs/${ORG}/teams`, { params: { orgId: ORG } }))
      .body.teams as { id: string }[];
    const grants = { orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY"], teamIds: [teams[0]!.id], projectRoles: [] };
    const made = await call(presetsRoute.POST, "POST", `/api/orgs/${ORG}/presets`, {
      params: { orgId: ORG },
      body: { name: `Bulk preset ${Date.now()}`, ...grants },
    });
    expect(made.status, made.text).toBe(201);
    const presetId = made.body.preset.id as string;
    const chosen = (await pending()).filter((i) => i.email.endsWith("@load-test.example")).slice(0, 3);
    expect(chosen).toHaveLength(3);
    const first = await act({ kind: "apply_preset", presetId, targets: chosen.slice(0, 1).map(targetOf) });
    expect(first.status, first.text).toBe(201);
    await finished(first.body.run.id);
    // The first invitation has the preset already: the second run leaves it unchanged and sends no PATCH for it.
    await sim.control("DELETE", "/__sim/requests");
    const res = await act({ kind: "apply_preset", presetId, targets: chosen.map(targetOf) });
    expect(res.status, res.text).toBe(201);
    const run = await finished(res.body.run.id);
    expect(run.states).toMatchObject({ done: 3, failed: 0 });
    const rows = await rowsOf(run.id);
    expect(rows.map((r) => r.outcome)).toEqual(["unchanged", "updated", "updated"]);
    expect((await sim.journal({ method: "PATCH" })).length).toBe(2);
    const now = new Map((await pending()).map((i) => [i.id, i]));
    for (const c of chosen) {
      expect(now.get(c.id)?.teamIds).toEqual(grants.teamIds);
      expect(now.get(c.id)?.projectRoles).toEqual([]);
    }
    const unknown = await act({
      kind: "apply_preset",
      presetId: "00000000-0000-4000-8000-00000000dead",
      targets: chosen.map(targetOf),
    });
    expect(unknown.status).toBe(404);
    const none = await act({ kind: "apply_preset", targets: chosen.map(targetOf) });
    expect(none.status).toBe(400);
    expect(none.body.error.fields.presetId).toBe("Choose a preset of this organization.");
  });
});
