// docs/security.md T21, audit truth, through the route handlers against the simulator: a cancel names the person
// Atlas holds the invitation for, in the org of the URL, whatever the request body says; an id of another
// org is refused without any DELETE; the console's own refusals are audited as refusals, not as Atlas
// answers; a refused invite is one row.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { demoSeed, fixedId } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const OTHER = DEMO.secondOrgId;
const P1 = fixedId("5f3", 1);
const P2 = fixedId("5f3", 2);
const OTHER_PROJECT = fixedId("5f9", 1);
/** A legacy project invitation of Second Org. */
const OTHER_PROJECT_INVITE = fixedId("5fd", 1);
/** A pending users-API invitation of Second Org. */
const OTHER_USER = fixedId("5fa", 2);

/** The demo seed with one service account owning both orgs (one connection serves both). */
function twoOrgSeed() {
  const seed = demoSeed(Date.now());
  const owner = seed.serviceAccounts!.find((a) => a.clientId === DEMO.owner.clientId)!;
  owner.orgRoles = { [ORG]: ["ORG_OWNER"], [OTHER]: ["ORG_OWNER"] };
  seed.orgs![1]!.projectInvitations = [
    {
      id: OTHER_PROJECT_INVITE,
      groupId: OTHER_PROJECT,
      username: "victim@second-org.example",
      roles: ["GROUP_READ_ONLY"],
    },
  ];
  return seed;
}

let sim: TestSim;
let admin: Record<string, string>;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: twoOrgSeed() });
  admin = await signedInRequest("admin", { email: "t21-admin@console.test" });
  useDefaultHeaders(admin);
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset");
  await sim.control("DELETE", "/__sim/faults");
});

const cancel = (orgId: string, id: string, body: unknown) =>
  call(cancelRoute.DELETE, "DELETE", `/api/orgs/${orgId}/invitations/${id}`, {
    params: { orgId, invitationId: id },
    body,
  });
const deletes = async () => (await sim.journal()).filter((e) => e.method === "DELETE");
const cancelRows = async (id: string) =>
  (await getDb())
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.action, "invitation.cancelled"), eq(auditRows.targetId, id)));
const atlasUser = async (orgId: string, id: string) =>
  (
    await sim.api("GET", `/api/atlas/v2/orgs/${orgId}/users/${id}`, {
      accept: "application/vnd.atlas.2025-02-19+json",
    })
  ).body as { username: string; roles: { orgRoles: string[] } };

describe("the Atlas status of a row is the one Atlas sent", () => {
  /** The status the simulator answered the one call of this method and path with. */
  const sent = async (method: string, path: string) => {
    const calls = await sim.journal({ method, path });
    expect(calls).toHaveLength(1);
    return calls[0]!.status;
  };

  it("cancel: the DELETE's status, for a users-API and a project invitation", async () => {
    const id = fixedId("5f5", 12);
    expect((await cancel(ORG, id, { source: "users" })).status).toBe(204);
    const [row] = await cancelRows(id);
    expect(row).toMatchObject({
      outcome: "success",
      atlasStatus: await sent("DELETE", `/api/atlas/v2/orgs/${ORG}/users/${id}`),
    });

    const project = fixedId("5f8", 3); // project 6
    expect((await cancel(ORG, project, { source: "project" })).status).toBe(204);
    const [projectRow] = await cancelRows(project);
    expect(projectRow).toMatchObject({
      outcome: "success",
      atlasStatus: await sent("DELETE", `/api/atlas/v2/groups/${fixedId("5f3", 6)}/invites/${project}`),
    });
  });

  it("edit: the PATCH's status", async () => {
    const id = fixedId("5f5", 13);
    const before = (await atlasUser(ORG, id)) as Awaited<ReturnType<typeof atlasUser>> & {
      teamIds: string[];
      roles: { groupRoleAssignments: { groupId: string; groupRoles: string[] }[] };
    };
    const res = await call(cancelRoute.PATCH, "PATCH", `/api/orgs/${ORG}/invitations/${id}`, {
      params: { orgId: ORG, invitationId: id },
      body: {
        source: "users",
        orgRoles: [
          ...before.roles.orgRoles,
          ["ORG_GROUP_CREATOR", "ORG_BILLING_READ_ONLY"].find((r) => !before.roles.orgRoles.includes(r))!,
        ],
        teamIds: before.teamIds,
        projectRoles: before.roles.groupRoleAssignments.map((a) => ({
          projectId: a.groupId,
          roles: a.groupRoles,
        })),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [row] = await (
      await getDb()
    )
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, "invitation.updated"), eq(auditRows.targetId, id)));
    expect(row).toMatchObject({
      outcome: "success",
      atlasStatus: await sent("PATCH", `/api/atlas/v2/orgs/${ORG}/users/${id}`),
    });
  });
});

describe("cancel: the audited target comes from Atlas", () => {
  it("a forged body e-mail: the row names the person Atlas holds the invitation for", async () => {
    const id = fixedId("5f5", 4);
    const truth = await atlasUser(ORG, id);
    const res = await cancel(ORG, id, { source: "users", email: "ceo@demo-corp.example" });
    expect(res.status).toBe(204);
    const rows = await cancelRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      outcome: "success",
      orgId: ORG,
      targetEmail: truth.username,
      grants: expect.objectContaining({ orgRoles: truth.roles.orgRoles }),
    });
    expect(truth.username).not.toBe("ceo@demo-corp.example");
  });

  it("a project id of another org in the body: the invitation is found in a project of the URL's org", async () => {
    const id = fixedId("5f8", 1); // Demo Org, project P1
    const res = await cancel(ORG, id, { source: "project", projectId: OTHER_PROJECT, email: "x@y.example" });
    expect(res.status).toBe(204);
    expect((await deletes()).map((d) => d.path)).toEqual([`/api/atlas/v2/groups/${P1}/invites/${id}`]);
    const [row] = await cancelRows(id);
    expect(row).toMatchObject({
      outcome: "success",
      orgId: ORG,
      detail: `project invitation in ${P1}`,
      targetEmail: expect.stringMatching(/@demo-corp\.example$/),
    });
  });

  it("a wrong project of the same org, or none: still the project that holds it", async () => {
    const id = fixedId("5f8", 1);
    expect((await cancel(ORG, id, { source: "project", projectId: P2 })).status).toBe(204);
    const other = fixedId("5f8", 2); // Demo Org, project 4
    expect((await cancel(ORG, other, { source: "project" })).status).toBe(204);
    expect((await deletes()).map((d) => d.path)).toEqual([
      `/api/atlas/v2/groups/${P1}/invites/${id}`,
      `/api/atlas/v2/groups/${fixedId("5f3", 4)}/invites/${other}`,
    ]);
  });

  it("an id of another org (served by the same connection) → gone as far as this org knows (stale_list) and zero DELETE calls", async () => {
    const start = new Date();
    const attempts = [
      // Second Org's project invitation, named with Second Org's project, under Demo Org's URL.
      cancel(ORG, OTHER_PROJECT_INVITE, { source: "project", projectId: OTHER_PROJECT }),
      // Second Org's users-API invitation under Demo Org's URL.
      cancel(ORG, OTHER_USER, { source: "users", email: "victim@second-org.example" }),
      // Demo Org's project invitation under Second Org's URL.
      cancel(OTHER, fixedId("5f8", 1), { source: "project", projectId: P1 }),
    ];
    // Atlas answers 404 for an id of another org, as for one accepted or cancelled meanwhile.
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe("stale_list");
    }
    expect(await deletes()).toEqual([]);
    // Nothing was cancelled anywhere, and no row claims a cancel in an org it did not happen in.
    const still = await sim.api(
      "GET",
      `/api/atlas/v2/groups/${OTHER_PROJECT}/invites/${OTHER_PROJECT_INVITE}`,
      {
        accept: "application/vnd.atlas.2023-01-01+json",
      },
    );
    expect(still.status).toBe(200);
    for (const id of [OTHER_PROJECT_INVITE, OTHER_USER, fixedId("5f8", 1)]) {
      for (const row of (await cancelRows(id)).filter((r) => r.createdAt >= start)) {
        expect(row.outcome).toBe("noop");
        expect(row.targetEmail).not.toBe("victim@second-org.example");
      }
    }
  });

  it("a list from the other API mode → 409 from the console, audited as a refusal, no Atlas call", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const id = fixedId("5f5", 6);
    const res = await cancel(ORG, id, { source: "invitations" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "stale_list",
      message: expect.stringMatching(/out of date/),
    });
    expect((await sim.journal()).filter((e) => e.path.startsWith("/api/atlas/"))).toEqual([]);
    const [row] = await cancelRows(id);
    expect(row).toMatchObject({ outcome: "refused", atlasStatus: null, atlasErrorCode: null, orgId: ORG });
  });

  it("Atlas refusing the read → its answer is audited as a failure, and nothing is deleted", async () => {
    const id = fixedId("5f5", 8);
    // A GET is retried twice on a 5xx: three refusals reach the console.
    await sim.control("POST", "/__sim/faults", {
      method: "GET",
      path: `/api/atlas/v2/orgs/${ORG}/users/${id}`,
      status: 500,
      times: 3,
    });
    const res = await cancel(ORG, id, { source: "users", email: "forged@example.com" });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("atlas_error");
    expect(await deletes()).toEqual([]);
    const [row] = await cancelRows(id);
    expect(row).toMatchObject({ outcome: "failure", atlasStatus: 500, targetEmail: null, orgId: ORG });
  });

  it('accepted between the console\'s read and the DELETE → 409 "accepted meanwhile", a noop row', async () => {
    const id = fixedId("5f5", 7);
    const truth = await atlasUser(ORG, id);
    await sim.control("POST", "/__sim/faults", {
      method: "DELETE",
      path: `/api/atlas/v2/orgs/${ORG}/users/${id}`,
      status: 404,
      errorCode: "USER_NOT_FOUND",
      delayMs: 1_500,
    });
    const pending = cancel(ORG, id, { source: "users" });
    // The console has read PENDING and is waiting for the DELETE: the invitee accepts now.
    for (let i = 0; i < 50 && (await sim.journal({ method: "DELETE" })).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await sim.control("POST", `/__sim/orgs/${ORG}/users/${id}/accept`);
    const res = await pending;
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      `The invitation for ${truth.username} was accepted meanwhile: there is nothing to cancel.`,
    );
    const [row] = await cancelRows(id);
    expect(row).toMatchObject({
      outcome: "noop",
      // Atlas answered the DELETE 404 and the read-back showed a member: no error code of Atlas's says "accepted".
      atlasErrorCode: null,
      targetEmail: truth.username,
    });
  });
});

describe("a refused invite is one audit row", () => {
  it("an inviter asking for Organization Owner → 403 and exactly one row: the refused invitation", async () => {
    const inviter = await signedInRequest("inviter", { email: "t21-inviter@console.test" });
    const db = await getDb();
    const before = (await db.select().from(auditRows)).length;
    const res = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: { emails: "boss@example.com", orgRoles: ["ORG_OWNER"] },
      headers: inviter,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.fields.orgRoles).toMatch(/Only console admins may grant ORG_OWNER/);
    const rows = await db.select().from(auditRows);
    expect(rows).toHaveLength(before + 1);
    const row = rows.find((r) => r.userEmail === "t21-inviter@console.test");
    expect(row).toMatchObject({
      action: "invitation.created",
      outcome: "refused",
      orgId: ORG,
      targetEmail: "boss@example.com",
      grants: { orgRoles: ["ORG_OWNER"], teamIds: [], projectRoles: [] },
    });
  });
});
