// The presets routes against the real simulator with real sessions: CRUD by an admin, reads for every role,
// refusals for the others, the per-org unique name, the one default, staleness read from Atlas's live teams,
// id validation, and one audit row per change.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as oneRoute from "@/app/api/orgs/[orgId]/presets/[presetId]/route";
import * as listRoute from "@/app/api/orgs/[orgId]/presets/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as teamsRoute from "@/app/api/orgs/[orgId]/teams/route";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { listPresets } from "@/lib/server/presets/list";
import { presetGrants } from "@/lib/server/presets/resolve";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const base = `/api/orgs/${ORG}/presets`;
let sim: TestSim;
let teamIds: string[];
let projectIds: string[];

beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("admin"));
  const teams = await call(teamsRoute.GET, "GET", `/api/orgs/${ORG}/teams`, { params: { orgId: ORG } });
  const projects = await call(projectsRoute.GET, "GET", `/api/orgs/${ORG}/projects`, {
    params: { orgId: ORG },
  });
  teamIds = (teams.body.teams as { id: string }[]).map((t) => t.id);
  projectIds = (projects.body.projects as { id: string }[]).map((p) => p.id);
  expect(teamIds.length).toBeGreaterThan(2);
  expect(projectIds.length).toBeGreaterThan(1);
});
afterAll(() => sim.close());

const list = () => call(listRoute.GET, "GET", base, { params: { orgId: ORG } });
const create = (body: unknown) => call(listRoute.POST, "POST", base, { params: { orgId: ORG }, body });
const patch = (presetId: string, body: unknown) =>
  call(oneRoute.PATCH, "PATCH", `${base}/${presetId}`, { params: { orgId: ORG, presetId }, body });
const remove = (presetId: string) =>
  call(oneRoute.DELETE, "DELETE", `${base}/${presetId}`, { params: { orgId: ORG, presetId } });

const auditOf = async (presetId: string) =>
  (await getDb())
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.orgId, ORG), eq(auditRows.targetId, presetId)))
    .orderBy(auditRows.createdAt);

describe("presets", () => {
  it("an admin creates, reads, changes and deletes a preset; each change is one audit row", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const created = await create({
      name: "Data engineer",
      description: "Warehouse and lake",
      orgRoles: ["ORG_MEMBER"],
      teamIds: [teamIds[1]],
      projectRoles: [{ projectId: projectIds[0], roles: ["GROUP_DATA_ACCESS_READ_WRITE"] }],
    });
    expect(created.status, created.text).toBe(201);
    const preset = created.body.preset;
    expect(preset).toMatchObject({
      name: "Data engineer",
      description: "Warehouse and lake",
      orgRoles: ["ORG_MEMBER"],
      teamIds: [teamIds[1]],
      isDefault: false,
      stale: [],
    });
    expect(preset.id).toMatch(/^[0-9a-f-]{36}$/);

    const read = await list();
    expect(read.status).toBe(200);
    expect(read.body.presets.map((p: { id: string }) => p.id)).toContain(preset.id);

    const changed = await patch(preset.id, {
      name: "Data engineer (EU)",
      orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY"],
      teamIds: [],
      projectRoles: [],
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.preset).toMatchObject({
      name: "Data engineer (EU)",
      description: "",
      orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY"],
      teamIds: [],
    });

    const gone = await remove(preset.id);
    expect(gone.status, gone.text).toBe(204);
    expect((await list()).body.presets.map((p: { id: string }) => p.id)).not.toContain(preset.id);
    expect((await remove(preset.id)).status).toBe(404);

    const rows = await auditOf(preset.id);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ["preset.created", "success"],
      ["preset.updated", "success"],
      ["preset.deleted", "success"],
      ["preset.deleted", "refused"],
    ]);
    expect(rows.every((r) => r.userEmail !== null)).toBe(true);
    expect(rows[0]!.grants).toMatchObject({ teamIds: [teamIds[1]] });
    expect(rows[2]!.detail).toBe("Data engineer (EU)");
  });

  it("privileged org roles may be saved in a preset", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const res = await create({ name: "Owners", orgRoles: ["ORG_OWNER"] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.preset).toMatchObject({ orgRoles: ["ORG_OWNER"], teamIds: [], projectRoles: [] });
  });

  it("an inviter and a viewer may read presets but not change them", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const made = await create({ name: "Read only", orgRoles: ["ORG_READ_ONLY"] });
    expect(made.status).toBe(201);
    const id = made.body.preset.id as string;
    for (const role of ["inviter", "viewer"] as const) {
      useDefaultHeaders(await signedInRequest(role));
      const read = await list();
      expect(read.status, role).toBe(200);
      expect(read.body.presets.some((p: { id: string }) => p.id === id)).toBe(true);
      expect((await create({ name: `By ${role}`, orgRoles: ["ORG_MEMBER"] })).status, role).toBe(403);
      expect((await patch(id, { name: "Renamed", orgRoles: ["ORG_MEMBER"] })).status, role).toBe(403);
      expect((await remove(id)).status, role).toBe(403);
    }
    useDefaultHeaders(await signedInRequest("admin"));
    expect((await list()).body.presets.find((p: { id: string }) => p.id === id).name).toBe("Read only");
  });

  it("a name is unique per org whatever its case: 409 with fields.name", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const first = await create({ name: "Analyst", orgRoles: ["ORG_MEMBER"] });
    expect(first.status).toBe(201);
    const dup = await create({ name: "  ANALYST ", orgRoles: ["ORG_MEMBER"] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("conflict");
    expect(dup.body.error.fields.name).toMatch(/already called/);
    const other = await create({ name: "Analyst 2", orgRoles: ["ORG_MEMBER"] });
    const rename = await patch(other.body.preset.id, { name: "analyst", orgRoles: ["ORG_MEMBER"] });
    expect(rename.status).toBe(409);
    expect(rename.body.error.fields.name).toBeDefined();
    // Its own name in another case is no conflict.
    const same = await patch(first.body.preset.id, { name: "ANALYST", orgRoles: ["ORG_MEMBER"] });
    expect(same.status, same.text).toBe(200);
    const refused = (await auditOf(other.body.preset.id)).filter((r) => r.action === "preset.updated");
    expect(refused.map((r) => r.outcome)).toEqual(["refused"]);
  });

  it("one default per org: setting it moves it; leaving it out keeps it", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const a = await create({ name: "Default A", orgRoles: ["ORG_MEMBER"], isDefault: true });
    const b = await create({ name: "Default B", orgRoles: ["ORG_MEMBER"] });
    expect(a.body.preset.isDefault).toBe(true);
    const defaults = async () =>
      (await list()).body.presets
        .filter((p: { isDefault: boolean }) => p.isDefault)
        .map((p: { id: string }) => p.id);
    expect(await defaults()).toEqual([a.body.preset.id]);
    const moved = await patch(b.body.preset.id, {
      name: "Default B",
      orgRoles: ["ORG_MEMBER"],
      isDefault: true,
    });
    expect(moved.status, moved.text).toBe(200);
    expect(await defaults()).toEqual([b.body.preset.id]);
    // A PATCH without isDefault keeps it; a new default by POST takes it too.
    await patch(b.body.preset.id, { name: "Default B2", orgRoles: ["ORG_MEMBER"] });
    expect(await defaults()).toEqual([b.body.preset.id]);
    const c = await create({ name: "Default C", orgRoles: ["ORG_MEMBER"], isDefault: true });
    expect(await defaults()).toEqual([c.body.preset.id]);
    await patch(c.body.preset.id, { name: "Default C", orgRoles: ["ORG_MEMBER"], isDefault: false });
    expect(await defaults()).toEqual([]);
  });

  it("a preset naming a team Atlas has since deleted is reported stale, and cannot be saved as it is", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const doomed = teamIds[2]!;
    const made = await create({
      name: "Security folks",
      orgRoles: ["ORG_MEMBER"],
      teamIds: [doomed, teamIds[0]],
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body.preset.stale).toEqual([]);
    // The simulator has no Atlas call that deletes a team: its state is changed directly.
    const org = sim.running.sim.state.orgs.get(ORG)!;
    const index = org.teams.findIndex((t) => t.id === doomed);
    const [removed] = org.teams.splice(index, 1);
    try {
      const read = (await list()).body.presets.find((p: { id: string }) => p.id === made.body.preset.id);
      expect(read.stale).toEqual([`team ${doomed} no longer exists`]);
      expect(read.teamIds).toEqual([doomed, teamIds[0]]);
      const fromService = (await listPresets({ orgId: ORG })).find((p) => p.id === made.body.preset.id)!;
      expect(fromService.stale).toHaveLength(1);
      const resave = await patch(made.body.preset.id, {
        name: "Security folks",
        orgRoles: ["ORG_MEMBER"],
        teamIds: [doomed],
      });
      expect(resave.status).toBe(400);
      expect(resave.body.error.fields["teamIds.0"]).toMatch(/not in this org/);
      const fixed = await patch(made.body.preset.id, {
        name: "Security folks",
        orgRoles: ["ORG_MEMBER"],
        teamIds: [teamIds[0]],
      });
      expect(fixed.status, fixed.text).toBe(200);
      expect(fixed.body.preset.stale).toEqual([]);
    } finally {
      org.teams.splice(index, 0, removed!);
    }
  });

  it("bad ids and bodies are 400 before anything is read", async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const badOrg = await call(listRoute.GET, "GET", "/api/orgs/nope/presets", { params: { orgId: "nope" } });
    expect(badOrg.status).toBe(400);
    for (const presetId of ["nope", "../x", "5f1000000000000000000001"]) {
      expect((await remove(presetId)).status, presetId).toBe(400);
      expect((await patch(presetId, { name: "X", orgRoles: ["ORG_MEMBER"] })).status, presetId).toBe(400);
    }
    const unknown = "00000000-0000-4000-8000-00000000abcd";
    expect((await patch(unknown, { name: "X", orgRoles: ["ORG_MEMBER"] })).status).toBe(404);
    const noRoles = await create({ name: "Nothing", orgRoles: [] });
    expect(noRoles.status).toBe(400);
    expect(noRoles.body.error.fields.orgRoles).toBeDefined();
    const badTeam = await create({ name: "Bad team", orgRoles: ["ORG_MEMBER"], teamIds: ["not-an-id"] });
    expect(badTeam.status).toBe(400);
    const noName = await create({ name: "  ", orgRoles: ["ORG_MEMBER"] });
    expect(noName.status).toBe(400);
    expect(noName.body.error.fields.name).toBeDefined();
  });
});

describe("presetGrants (for callers that apply a preset, such as bulk runs)", () => {
  it("gives a current preset's grants and refuses a stale one with its reasons", () => {
    const preset = {
      id: "00000000-0000-4000-8000-000000000001",
      name: "Ops",
      description: "",
      orgRoles: ["ORG_MEMBER"],
      teamIds: ["5f2000000000000000000001"],
      projectRoles: [],
      isDefault: false,
      stale: [],
      updatedAt: new Date().toISOString(),
    };
    expect(presetGrants(preset)).toEqual({
      orgRoles: ["ORG_MEMBER"],
      teamIds: ["5f2000000000000000000001"],
      projectRoles: [],
    });
    const stale = { ...preset, stale: ["team 5f2000000000000000000001 no longer exists"] };
    expect(() => presetGrants(stale)).toThrow(/out of date: team 5f2000000000000000000001 no longer exists/);
  });
});
