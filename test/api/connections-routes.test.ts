// The connection routes against the real simulator with real sessions: CRUD, write-only secrets (T03: no
// response ever carries one), "Test connection" diagnoses, id validation before anything reaches Atlas.
// On every database of testDatabases() (sessions, connections and audit rows live in the installed one).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as rotateRoute from "@/app/api/connections/[connectionId]/rotate/route";
import * as oneRoute from "@/app/api/connections/[connectionId]/route";
import * as testRoute from "@/app/api/connections/[connectionId]/test/route";
import * as listRoute from "@/app/api/connections/route";
import * as teamsRoute from "@/app/api/orgs/[orgId]/teams/route";
import * as orgsRoute from "@/app/api/orgs/route";
import { listOrgsWithConnections } from "@/lib/server/connections/list-orgs";
import { atlasForAudit, atlasForOrg } from "@/lib/server/connections/route-org";
import { getDb } from "@/lib/server/db";
import { auditRows, orgRoutes } from "@/lib/server/db/schema";
import type { TestSim } from "@/sim/test/support/sim";
import {
  DEMO,
  call,
  consoleAgainstSimulator,
  useAdminOnDatabase,
  useDefaultHeaders,
} from "../support/routes";
import { testDatabases } from "../support/db";
import { signedInRequest } from "../support/session";
import type { RouteResponse } from "../support/routes";

const SECOND_ORG = "5f1000000000000000000002";
const CANARY = "mdb_sa_sk_CANARY_route_5e8d2b7c";
const SECRETS = [DEMO.owner.clientSecret, DEMO.member.clientSecret, DEMO.second.clientSecret, CANARY];

let sim: TestSim;
const responses: RouteResponse[] = [];
/** Every response of this file is kept and checked for secrets at the end (T03). */
async function track(res: Promise<RouteResponse>): Promise<RouteResponse> {
  const r = await res;
  responses.push(r);
  return r;
}

beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("admin"));
});
afterAll(async () => {
  await sim.close();
  const leaked = responses.filter((r) => SECRETS.some((s) => r.text.includes(s)));
  expect(leaked.map((r) => r.text)).toEqual([]);
  expect(responses.length).toBeGreaterThan(20);
});

const list = () => track(call(listRoute.GET, "GET", "/api/connections"));
const create = (body: unknown) => track(call(listRoute.POST, "POST", "/api/connections", { body }));
const one = (method: "GET" | "PATCH" | "DELETE", id: string, body?: unknown) =>
  track(
    call(oneRoute[method], method, `/api/connections/${id}`, {
      params: { connectionId: id },
      ...(body === undefined ? {} : { body }),
    }),
  );
const rotate = (id: string, body: unknown) =>
  track(
    call(rotateRoute.POST, "POST", `/api/connections/${id}/rotate`, { params: { connectionId: id }, body }),
  );
const test = (id: string) =>
  track(call(testRoute.POST, "POST", `/api/connections/${id}/test`, { params: { connectionId: id } }));
const atlasCalls = async () => (await sim.journal()).filter((e) => e.path.startsWith("/api/"));

describe.each(testDatabases())("connection routes on $name", (database) => {
  useAdminOnDatabase(database.open);
  beforeEach(async () => {
    // Routes outlive their connections on purpose; each test starts without any.
    await (await getDb()).delete(orgRoutes);
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
  });

  const second = () => ({
    name: "Second org owner",
    baseUrl: sim.url,
    clientId: DEMO.second.clientId,
    clientSecret: DEMO.second.clientSecret,
  });

  it("lists the environment connection read-only, with the last 4 characters of its secret only", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.body.connections).toEqual([
      expect.objectContaining({
        id: "env",
        source: "env",
        clientId: DEMO.owner.clientId,
        hasSecret: true,
        secretLast4: DEMO.owner.clientSecret.slice(-4),
      }),
    ]);
    const patch = await one("PATCH", "env", { name: "x" });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe("conflict");
    expect((await one("DELETE", "env")).status).toBe(409);
    expect((await rotate("env", { clientSecret: "mdb_sa_sk_whatever" })).status).toBe(409);
  });

  it("adds, tests, rotates and deletes a connection; the org switcher spans both connections", async () => {
    const created = await create({ ...second(), test: false });
    expect(created.status).toBe(201);
    const id = created.body.connection.id as string;
    expect(created.body.connection).toMatchObject({
      name: "Second org owner",
      source: "stored",
      hasSecret: true,
      secretLast4: DEMO.second.clientSecret.slice(-4),
      invitesApi: "users",
      lastTest: null,
    });

    const tested = await test(id);
    expect(tested.status).toBe(200);
    expect(tested.body.test).toMatchObject({ ok: true, problem: null });
    expect(tested.body.connection.orgsSeen).toEqual([{ id: SECOND_ORG, name: "Second Org", role: "owner" }]);

    const orgs = await track(call(orgsRoute.GET, "GET", "/api/orgs"));
    expect(orgs.status).toBe(200);
    expect(
      orgs.body.orgs.map((o: any) => ({
        id: o.id,
        name: o.name,
        by: o.connectionName,
        auto: o.route.automatic,
      })),
    ).toEqual([
      { id: DEMO.orgId, name: "Demo Org", by: "Atlas (from environment)", auto: true },
      { id: SECOND_ORG, name: "Second Org", by: "Second org owner", auto: true },
    ]);

    // Each org is served by the connection that sees it.
    await sim.control("DELETE", "/__sim/requests");
    const teams = await track(
      call(teamsRoute.GET, "GET", `/api/orgs/${SECOND_ORG}/teams`, { params: { orgId: SECOND_ORG } }),
    );
    expect(teams.status).toBe(200);
    expect(teams.body.teams).toHaveLength(2);

    // A wrong secret: the old token is dropped, so the next test really uses the new secret.
    await sim.control("DELETE", "/__sim/requests");
    const wrong = await rotate(id, { clientSecret: CANARY });
    expect(wrong.status).toBe(200);
    expect(wrong.body.connection).toMatchObject({ secretLast4: CANARY.slice(-4), lastTest: null });
    const bad = await test(id);
    expect(bad.body.test.problem).toMatchObject({ code: "bad_secret", atlasErrorCode: "invalid_client" });
    expect(await sim.journal({ path: "/api/oauth/token" })).toHaveLength(1);

    const back = await rotate(id, { clientSecret: DEMO.second.clientSecret });
    expect(back.status).toBe(200);
    expect((await test(id)).body.test.ok).toBe(true);

    const edited = await one("PATCH", id, { name: "Second (renamed)", invitesApi: "invitations" });
    expect(edited.body.connection).toMatchObject({ name: "Second (renamed)", invitesApi: "invitations" });

    expect((await one("DELETE", id)).status).toBe(204);
    expect((await one("GET", id)).status).toBe(404);

    // Every change has an audit row with the console user behind it; none carries a secret.
    const rows = await (await getDb()).select().from(auditRows).where(eq(auditRows.connectionId, id));
    expect(rows.map((r) => `${r.action} ${r.outcome}`).sort()).toEqual(
      [
        "connection.created success",
        "connection.tested success",
        "connection.secret_rotated success",
        "connection.tested failure",
        "connection.secret_rotated success",
        "connection.tested success",
        "connection.updated success",
        "connection.deleted success",
        "org.route_changed success", // Second Org had no route: its first working owner serves it
      ].sort(),
    );
    const byAdmin = rows.filter((r) => r.action.startsWith("connection."));
    expect(byAdmin.every((r) => r.userEmail?.startsWith("admin-"))).toBe(true);
    // The automatic route is the console's own choice, named as such.
    expect(rows.find((r) => r.action === "org.route_changed")).toMatchObject({
      userEmail: null,
      orgId: SECOND_ORG,
    });
    const everything = JSON.stringify(await (await getDb()).select().from(auditRows));
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect((await list()).body.connections.map((c: any) => c.id)).toEqual(["env"]);
  });

  it("the same client id saved at once by several admins: one 201, the others 409 on clientId", async () => {
    // Whichever stops the others (the check in code, or the unique index when they pass it together), the
    // answers and the audit rows are the same.
    const since = new Date();
    const names = ["Race A", "Race B", "Race C", "Race D"];
    const answers = await Promise.all(names.map((name) => create({ ...second(), name, test: false })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const won = answers.find((r) => r.status === 201)!;
    for (const lost of answers.filter((r) => r.status === 409)) {
      expect(lost.body.error.fields.clientId).toMatch(/already uses the client id/);
    }
    // One row per attempt: the stored one a success naming it, the others refused.
    const rows = (await (await getDb()).select().from(auditRows))
      .filter((r) => r.action === "connection.created" && r.createdAt >= since)
      .map((r) => `${r.outcome} ${r.connectionId === won.body.connection.id}`);
    expect(rows.sort()).toEqual(["refused false", "refused false", "refused false", "success true"]);
    expect((await one("DELETE", won.body.connection.id)).status).toBe(204);
  });

  it("atlasForOrg: each org by its route; an org nobody sees is 404 after one refresh", async () => {
    const created = await create({ ...second(), name: "Resolver" });
    const id = created.body.connection.id as string;
    expect((await atlasForOrg(SECOND_ORG)).connection).toEqual({ id, name: "Resolver" });
    expect((await atlasForOrg(DEMO.orgId)).connection.id).toBe("env");
    await expect(atlasForOrg("5f10000000000000000000ff")).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
    expect((await atlasForAudit(DEMO.orgId, id)).conn.id).toBe(id);
    expect((await atlasForAudit(SECOND_ORG, null)).conn.id).toBe(id);
    expect((await listOrgsWithConnections()).orgs.map((o) => o.connectionId)).toEqual(["env", id]);
    await one("DELETE", id);
    // The route stays and names a deleted connection: the org is not silently served by another one.
    await expect(atlasForOrg(SECOND_ORG)).rejects.toMatchObject({ status: 503, code: "atlas_unavailable" });
  });

  it("diagnoses a member-only service account", async () => {
    const created = await create({
      name: "Member only",
      baseUrl: sim.url,
      clientId: DEMO.member.clientId,
      clientSecret: DEMO.member.clientSecret,
    });
    const res = await test(created.body.connection.id);
    expect(res.body.test.problem).toMatchObject({ code: "member_only", orgId: DEMO.orgId });
    expect(res.body.connection.lastTest.problem.code).toBe("member_only");
    await one("DELETE", created.body.connection.id);
  });

  it("diagnoses the IP access list and a rate limit through the route", async () => {
    const created = await create({ ...second(), name: "Faults" });
    const id = created.body.connection.id as string;
    await sim.control("POST", "/__sim/faults", {
      path: "/api/atlas/v2/orgs",
      status: 403,
      errorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
    });
    expect((await test(id)).body.test.problem.code).toBe("ip_access_list");
    await sim.control("POST", "/__sim/faults", { path: "/api/atlas/v2/orgs", status: 429, retryAfter: 60 });
    expect((await test(id)).body.test.problem).toMatchObject({ code: "rate_limited", retryAfter: 60 });
    await one("DELETE", id);
  });

  it("validates ids and bodies before anything reaches Atlas", async () => {
    await sim.control("DELETE", "/__sim/requests");
    for (const bad of [
      "..",
      "%2e%2e",
      "abc",
      "ENV",
      "5F0A7C3E-0000-4000-8000-000000000000",
      "x".repeat(300),
    ]) {
      for (const res of [
        await one("GET", bad),
        await one("PATCH", bad, { name: "x" }),
        await one("DELETE", bad),
        await rotate(bad, { clientSecret: "mdb_sa_sk_whatever" }),
        await test(bad),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("invalid_input");
      }
    }
    const evil = await create({ ...second(), baseUrl: "https://cloud.mongodb.com.evil.example" });
    expect(evil.status).toBe(400);
    expect(evil.body.error.fields.baseUrl).toBeDefined();
    const badId = await create({ ...second(), clientId: "mdb_sa_id_../../x" });
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields.clientId).toBeDefined();
    const noSecret = await create({ ...second(), clientSecret: "" });
    expect(noSecret.body.error.fields.clientSecret).toBeDefined();
    const unknown = "0b0c0d0e-0000-4000-8000-000000000000";
    expect((await one("GET", unknown)).status).toBe(404);
    expect((await test(unknown)).status).toBe(404);
    expect(await atlasCalls()).toEqual([]);
  });

  it("viewers may read but not manage; no session is 401 before anything happens", async () => {
    const viewer = await signedInRequest("viewer");
    const read = await track(call(listRoute.GET, "GET", "/api/connections", { headers: viewer }));
    expect(read.status).toBe(200);
    const refused = await track(
      call(listRoute.POST, "POST", "/api/connections", { body: second(), headers: viewer }),
    );
    expect(refused.status).toBe(403);
    const anonymous = await track(
      call(listRoute.POST, "POST", "/api/connections", { body: second(), headers: { Cookie: "" } }),
    );
    expect(anonymous.status).toBe(401);
    const anonymousTest = await track(
      call(testRoute.POST, "POST", "/api/connections/env/test", {
        params: { connectionId: "env" },
        headers: { Cookie: "" },
      }),
    );
    expect(anonymousTest.status).toBe(401);
    expect((await list()).body.connections.map((c: any) => c.id)).toEqual(["env"]);
  });

  it("refuses cross-site mutations (Origin) before anything happens", async () => {
    const res = await track(
      call(listRoute.POST, "POST", "/api/connections", {
        body: second(),
        headers: { Origin: "http://evil.example" },
      }),
    );
    expect(res.status).toBe(403);
    expect((await list()).body.connections.map((c: any) => c.id)).toEqual(["env"]);
  });
});
