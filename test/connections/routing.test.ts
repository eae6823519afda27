// Explicit org routing (docs/connections.md, "Which connection serves an org") through the route handlers,
// against the simulator, on every database of testDatabases(). The walk-through that broke: Demo Org is
// served by the connection from the environment; an admin adds a stored connection whose service account is
// only Organization Member there; Demo Org must stay with the environment's connection (invites, cancels
// and the 3 legacy project invitations keep working) until an admin explicitly chooses another Owner.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as oneRoute from "@/app/api/connections/[connectionId]/route";
import * as rotateRoute from "@/app/api/connections/[connectionId]/rotate/route";
import * as testRoute from "@/app/api/connections/[connectionId]/test/route";
import * as listRoute from "@/app/api/connections/route";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as orgRouteRoute from "@/app/api/orgs/[orgId]/route/route";
import * as orgsRoute from "@/app/api/orgs/route";
import { atlasForOrg } from "@/lib/server/connections/route-org";
import { getDb } from "@/lib/server/db";
import { auditRows, orgRoutes } from "@/lib/server/db/schema";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useAdminOnDatabase } from "../support/routes";
import { testDatabases } from "../support/db";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const SECOND_ORG = DEMO.secondOrgId;
/** A second Organization Owner of Demo Org, created in the simulator for these tests. */
const OWNER_TWO = {
  clientId: "mdb_sa_id_5f00000000000000000000a2",
  clientSecret: "mdb_sa_sk_routing_owner_two_secret",
};

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

const orgs = async () => (await call(orgsRoute.GET, "GET", "/api/orgs")).body.orgs as any[];
const demo = async () => (await orgs()).find((o) => o.id === ORG);
const create = (body: Record<string, unknown>) =>
  call(listRoute.POST, "POST", "/api/connections", { body: { baseUrl: sim.url, ...body } });
const test = (id: string) =>
  call(testRoute.POST, "POST", `/api/connections/${id}/test`, { params: { connectionId: id } });
const serve = (orgId: string, connectionId: string, headers: Record<string, string> = {}) =>
  call(orgRouteRoute.POST, "POST", `/api/orgs/${orgId}/route`, {
    params: { orgId },
    body: { connectionId },
    headers,
  });
const invitations = () =>
  call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, { params: { orgId: ORG } });
const invite = (email: string) =>
  call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
    params: { orgId: ORG },
    body: { emails: email, orgRoles: ["ORG_MEMBER"] },
  });
const cancel = (id: string) =>
  call(cancelRoute.DELETE, "DELETE", `/api/orgs/${ORG}/invitations/${id}`, {
    params: { orgId: ORG, invitationId: id },
    body: { source: "users" },
  });
const routeAudit = async () =>
  (await getDb()).select().from(auditRows).where(eq(auditRows.action, "org.route_changed"));

describe.each(testDatabases())("explicit org routing on $name", (database) => {
  useAdminOnDatabase(database.open);
  beforeEach(async () => {
    const db = await getDb();
    await db.delete(orgRoutes);
    const stored = (await call(listRoute.GET, "GET", "/api/connections")).body.connections as any[];
    for (const c of stored.filter((x) => x.source === "stored")) {
      await call(oneRoute.DELETE, "DELETE", `/api/connections/${c.id}`, { params: { connectionId: c.id } });
    }
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
    await sim.control("POST", "/__sim/service-accounts", {
      ...OWNER_TWO,
      name: "Demo Org owner two",
      orgRoles: { [ORG]: ["ORG_OWNER"] },
    });
  });

  it("a member-only connection added later does not take Demo Org over: invites, cancels and project invitations work", async () => {
    // Added before anything recorded a route (a fresh install): saving tests it and says what it lacks.
    const added = await create({ name: "Member only", ...DEMO.member });
    expect(added.status).toBe(201);
    expect(added.body.test.problem).toMatchObject({ code: "member_only", orgId: ORG });
    expect(added.body.connection.orgsSeen).toEqual([{ id: ORG, name: "Demo Org", role: "member" }]);

    // The first request for Demo Org records its route: the first working connection with Owner on it.
    const listed = await invitations();
    expect(listed.status).toBe(200);
    expect(listed.body.invitations.filter((i: any) => i.source === "project")).toHaveLength(3);
    expect(await demo()).toMatchObject({
      connectionId: "env",
      route: { status: "ok", automatic: true, connectionId: "env" },
      seenBy: expect.arrayContaining([{ connectionId: added.body.connection.id, role: "member" }]),
    });

    const invited = await invite("routing-walkthrough@example.com");
    expect(invited.status).toBe(201);
    expect((await cancel("5f5000000000000000000004")).status).toBe(204);

    // Testing the member-only connection again changes nothing either.
    expect((await test(added.body.connection.id)).body.test.problem.code).toBe("member_only");
    expect((await demo()).connectionId).toBe("env");
    expect((await invitations()).body.invitations.filter((i: any) => i.source === "project")).toHaveLength(3);

    // The automatic choice is visible in the audit log, as the console's own.
    const rows = await routeAudit();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orgId: ORG, connectionId: "env", userEmail: null, outcome: "success" });
    expect(rows[0]!.detail).toMatch(/^automatic: “Demo Org” is served by “Atlas \(from environment\)”/);
  });

  it("an admin switches Demo Org to another Owner explicitly (audited); a member-only one is refused", async () => {
    expect((await demo()).connectionId).toBe("env");
    const two = await create({ name: "Owner two", ...OWNER_TWO });
    expect(two.body.test).toMatchObject({ ok: true });
    const twoId = two.body.connection.id as string;
    // A new working Owner does not take over an org a working connection serves.
    expect((await demo()).connectionId).toBe("env");
    expect((await atlasForOrg(ORG)).connection.id).toBe("env");

    const viewer = await signedInRequest("viewer");
    expect((await serve(ORG, twoId, viewer)).status).toBe(403);

    const switched = await serve(ORG, twoId);
    expect(switched.status).toBe(200);
    expect(switched.body.org).toMatchObject({
      connectionId: twoId,
      connectionName: "Owner two",
      route: { status: "ok", automatic: false, chosenByEmail: expect.stringMatching(/^admin-/) },
    });
    expect((await atlasForOrg(ORG)).connection.id).toBe(twoId);
    expect((await invite("after-switch@example.com")).status).toBe(201);

    const member = await create({ name: "Member only", ...DEMO.member });
    const refused = await serve(ORG, member.body.connection.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/lacks Organization Owner on “Demo Org”/);
    expect((await demo()).connectionId).toBe(twoId);

    const rows = (await routeAudit()).filter((r) => r.userEmail !== null);
    expect(rows.map((r) => `${r.outcome} ${r.connectionId}`).sort()).toEqual(
      [`success ${twoId}`, `refused ${member.body.connection.id}`].sort(),
    );
    expect(rows.find((r) => r.outcome === "success")!.detail).toBe(
      "“Demo Org” is served by “Owner two” (was “Atlas (from environment)”)",
    );
  });

  it("the same client id twice is refused, also the environment connection's", async () => {
    const env = await create({ name: "Env twice", ...DEMO.owner });
    expect(env.status).toBe(409);
    expect(env.body.error.fields.clientId).toMatch(/Atlas \(from environment\)” already uses the client id/);
    const first = await create({ name: "Member", ...DEMO.member, test: false });
    expect(first.status).toBe(201);
    const again = await create({ name: "Member again", ...DEMO.member });
    expect(again.status).toBe(409);
    expect(again.body.error.fields.clientId).toMatch(/“Member” already uses/);
    // Upper-case hex is the same service account.
    const upper = await create({
      name: "Member upper",
      ...DEMO.member,
      clientId: DEMO.member.clientId.toUpperCase().replace("MDB_SA_ID_", "mdb_sa_id_"),
    });
    expect(upper.status).toBe(409);
    const other = await create({ name: "Other", ...OWNER_TWO, test: false });
    const edit = await call(oneRoute.PATCH, "PATCH", `/api/connections/${other.body.connection.id}`, {
      params: { connectionId: other.body.connection.id },
      body: { clientId: DEMO.member.clientId },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.fields.clientId).toBeDefined();
    const names = (await call(listRoute.GET, "GET", "/api/connections")).body.connections.map(
      (c: any) => c.name,
    );
    expect(names.sort()).toEqual(["Atlas (from environment)", "Member", "Other"].sort());
  });

  it("a failing connection is not picked for an org without a route, and the serving one failing is not replaced", async () => {
    // Second Org: its only Owner's test fails (Atlas errs on the role probe): no route is recorded.
    await sim.control("POST", "/__sim/faults", {
      path: `/api/atlas/v2/orgs/${SECOND_ORG}/invites`,
      status: 500,
      times: 3,
    });
    const second = await create({ name: "Second owner", ...DEMO.second });
    expect(second.body.test.ok).toBe(false);
    const secondOrg = (await orgs()).find((o) => o.id === SECOND_ORG);
    expect(secondOrg).toMatchObject({ connectionId: null, route: { status: "unrouted" } });
    await expect(atlasForOrg(SECOND_ORG)).rejects.toMatchObject({ status: 503, code: "atlas_unavailable" });

    // Demo Org served by "Owner two"; its secret stops working: Demo Org is not moved back to env.
    const two = await create({ name: "Owner two", ...OWNER_TWO });
    const twoId = two.body.connection.id as string;
    expect((await serve(ORG, twoId)).status).toBe(200);
    await call(rotateRoute.POST, "POST", `/api/connections/${twoId}/rotate`, {
      params: { connectionId: twoId },
      body: { clientSecret: "mdb_sa_sk_routing_wrong_secret" },
    });
    expect((await test(twoId)).body.test.problem.code).toBe("bad_secret");
    expect(await demo()).toMatchObject({
      connectionId: null,
      route: { status: "connection_failing", connectionId: twoId },
    });
    const refused = await invitations();
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/^No working connection serves “Demo Org”/);
    // Switching to the failing connection is refused too.
    expect((await serve(ORG, twoId)).status).toBe(409);

    // Deleted: still no silent switch.
    await call(oneRoute.DELETE, "DELETE", `/api/connections/${twoId}`, { params: { connectionId: twoId } });
    expect(await demo()).toMatchObject({ connectionId: null, route: { status: "connection_missing" } });
    expect((await invitations()).status).toBe(503);

    // An admin chooses the environment's connection: everything is back.
    expect((await serve(ORG, "env")).status).toBe(200);
    expect((await invitations()).body.invitations.filter((i: any) => i.source === "project")).toHaveLength(3);
    const [route] = await (
      await getDb()
    )
      .select()
      .from(orgRoutes)
      .where(and(eq(orgRoutes.orgId, ORG), eq(orgRoutes.connectionId, "env")));
    expect(route?.chosenByEmail).toMatch(/^admin-/);
  });
});
