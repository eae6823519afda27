// The console's JSON API (route handlers) against the simulator, users API mode.
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as projectsRoute from "@/app/api/orgs/[orgId]/projects/route";
import * as teamsRoute from "@/app/api/orgs/[orgId]/teams/route";
import * as orgsRoute from "@/app/api/orgs/route";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/invitations`;
const TEAM = "5f2000000000000000000003";
const P1 = "5f3000000000000000000001";
const P2 = "5f3000000000000000000002";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("admin"));
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset");
  await sim.control("DELETE", "/__sim/faults");
});

const atlasCalls = async () => (await sim.journal()).filter((e) => e.path.startsWith("/api/atlas/"));
const invite = (body: unknown, headers: Record<string, string> = {}) =>
  call(invitationsRoute.POST, "POST", BASE, { params: { orgId: ORG }, body, headers });
const validBody = (emails: string) => ({
  emails,
  orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
  teamIds: [TEAM],
  projectRoles: [
    { projectId: P1, roles: ["GROUP_READ_ONLY"] },
    { projectId: P2, roles: ["GROUP_DATA_ACCESS_READ_WRITE", "GROUP_CLUSTER_MANAGER"] },
  ],
});

describe("reading", () => {
  it("lists the orgs the connection sees, its teams and projects, with no-store", async () => {
    const orgs = await call(orgsRoute.GET, "GET", "/api/orgs");
    expect(orgs.status).toBe(200);
    expect(orgs.headers.get("cache-control")).toBe("no-store");
    expect(orgs.body).toMatchObject({
      orgs: [{ id: ORG, name: "Demo Org", connectionId: "env", connectionName: "Atlas (from environment)" }],
      connections: [{ id: "env", name: "Atlas (from environment)", invitesApi: "users", error: null }],
    });
    expect(orgs.body.orgs).toHaveLength(1);
    const teams = await call(teamsRoute.GET, "GET", `/api/orgs/${ORG}/teams`, { params: { orgId: ORG } });
    expect(teams.body.teams).toHaveLength(6);
    const projects = await call(projectsRoute.GET, "GET", `/api/orgs/${ORG}/projects`, {
      params: { orgId: ORG },
    });
    expect(projects.body.projects.map((p: any) => p.name)).toContain("Production");
  });

  it("lists pending org invitations and the legacy project invitations beside them", async () => {
    const res = await call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    expect(res.status).toBe(200);
    expect(res.body.api).toBe("users");
    expect(res.body.invitations).toHaveLength(38);
    expect(res.body.invitations.filter((i: any) => i.source === "project")).toHaveLength(3);
    expect(res.body.invitations.filter((i: any) => i.source === "users")).toHaveLength(35);
  });

  it("readers of one org's list at the same time share one Atlas read; a later read and one after an invite read Atlas again", async () => {
    // The org-users bucket (500/min per org) is spent by list reads and by creates alike: five readers at once
    // must cost one listOrgUsers, not five, or readers starve invites (e2e/load-t17.spec.ts).
    const list = () => call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    const listUsers = async () =>
      (await atlasCalls()).filter((e) => e.method === "GET" && e.path === `/api/atlas/v2/orgs/${ORG}/users`)
        .length;
    const together = await Promise.all([list(), list(), list(), list(), list()]);
    expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(together.map((r) => r.body.invitations.length))).toEqual(new Set([38]));
    expect(await listUsers()).toBe(1);
    expect((await list()).body.invitations).toHaveLength(38);
    expect(await listUsers()).toBe(2);
    const [during, created] = await Promise.all([
      list(),
      (async () => {
        await new Promise((r) => setTimeout(r, 5));
        return invite({ emails: "shared-read@example.com", orgRoles: ["ORG_MEMBER"] });
      })(),
    ]);
    expect(during.status).toBe(200);
    expect(created.status).toBe(201);
    const after = await list();
    expect(after.body.invitations.map((i: any) => i.email)).toContain("shared-read@example.com");
  });

  it("envelope=true and pretty=true work as on Atlas", async () => {
    const res = await call(orgsRoute.GET, "GET", "/api/orgs", { query: "?envelope=true&pretty=true" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(200);
    expect(res.body.content.orgs[0].id).toBe(ORG);
    expect(res.text).toContain('\n  "status": 200');
  });
});

describe("inviting", () => {
  it("one address with two org roles, a team and two project assignments → exactly one Atlas create", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const res = await invite(validBody("New.Person@Example.com"));
    expect(res.status).toBe(201);
    expect(res.body.results[0]).toMatchObject({ email: "new.person@example.com", outcome: "invited" });
    const creates = await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` });
    expect(creates).toHaveLength(1);
    expect(creates[0]!.body).toEqual({
      username: "new.person@example.com",
      roles: {
        orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
        groupRoleAssignments: [
          { groupId: P1, groupRoles: ["GROUP_READ_ONLY"] },
          { groupId: P2, groupRoles: ["GROUP_DATA_ACCESS_READ_WRITE", "GROUP_CLUSTER_MANAGER"] },
        ],
      },
      teamIds: [TEAM],
    });
  });

  it("several addresses, one of them a duplicate → a result per address", async () => {
    const existing = "ada.lovelace@demo-corp.example"; // an active member
    const res = await invite({ ...validBody(`a1@example.com, ${existing}\nb2@example.com`), teamIds: [] });
    expect(res.status).toBe(201);
    expect(res.body.results.map((r: any) => [r.email, r.outcome])).toEqual([
      ["a1@example.com", "invited"],
      [existing, "already_member"],
      ["b2@example.com", "invited"],
    ]);
  });

  it("a single duplicate → 409 with the message on the emails field", async () => {
    await invite(validBody("twice@example.com"));
    const res = await invite(validBody("TWICE@example.com"));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "conflict",
      fields: { emails: expect.stringMatching(/Already invited/) },
    });
  });

  it("a replayed Idempotency-Key and concurrent double submits produce one Atlas create", async () => {
    const headers = { "Idempotency-Key": "key_0123456789" };
    const [a, b] = await Promise.all([
      invite(validBody("dbl@example.com"), headers),
      invite(validBody("dbl@example.com"), headers),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const replay = await invite(validBody("dbl@example.com"), headers);
    expect(replay.status).toBe(201);
    const noKey = await Promise.all(Array.from({ length: 5 }, () => invite(validBody("race@example.com"))));
    expect(noKey.filter((r) => r.status === 201)).toHaveLength(5);
    const creates = await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` });
    expect(creates.filter((e) => (e.body as any).username === "dbl@example.com")).toHaveLength(1);
    expect(creates.filter((e) => (e.body as any).username === "race@example.com")).toHaveLength(1);
  });

  it("script callers may leave out teams and project roles; a missing e-mail field is named plainly", async () => {
    const ok = await invite({ emails: "script-user@example.com", orgRoles: ["ORG_MEMBER"] });
    expect(ok.status).toBe(201);
    const missing = await invite({ orgRoles: ["ORG_MEMBER"] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.emails).toMatch(/enter at least one e-mail address/);
    expect(missing.body.error.fields.teamIds).toBeUndefined();
    expect((await atlasCalls()).filter((c) => c.method === "POST")).toHaveLength(1);
  });

  it("invalid input → 400 with fields, nothing sent to Atlas", async () => {
    const before = (await atlasCalls()).length;
    const res = await invite({
      emails: "not-an-email",
      orgRoles: [],
      teamIds: ["zz"],
      projectRoles: [{ projectId: P1, roles: [] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(Object.keys(res.body.error.fields)).toEqual(
      expect.arrayContaining(["emails", "orgRoles", "teamIds.0", "projectRoles.0.roles"]),
    );
    expect((await atlasCalls()).length).toBe(before);
  });

  it("Atlas failures become messages an admin understands", async () => {
    await sim.control("POST", "/__sim/faults", {
      method: "GET",
      path: `/api/atlas/v2/orgs/${ORG}/users`,
      status: 500,
      times: 3,
    });
    const list = await call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    expect(list.status).toBe(502);
    expect(list.body.error.code).toBe("atlas_error");

    await sim.control("POST", "/__sim/faults", {
      method: "GET",
      path: `/api/atlas/v2/orgs/${ORG}/users`,
      status: 429,
      retryAfter: 90,
      times: 3,
    });
    const limited = await call(invitationsRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    expect(limited.status).toBe(503);
    expect(limited.headers.get("retry-after")).toBe("90");
    expect(limited.body.error).toMatchObject({
      code: "atlas_rate_limited",
      message: "Atlas rate limit: retry in 90 s.",
      retryAfter: 90,
    });

    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: `/api/atlas/v2/orgs/${ORG}/users`,
      status: 403,
      errorCode: "USER_UNAUTHORIZED",
    });
    const forbidden = await invite(validBody("f@example.com"));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toMatchObject({ code: "forbidden", fields: { emails: expect.any(String) } });
    expect(forbidden.body.error.message).toMatch(/lacks Organization Owner/);
  });
});

describe("cancelling", () => {
  const cancel = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    call(cancelRoute.DELETE, "DELETE", `${BASE}/${id}`, {
      params: { orgId: ORG, invitationId: id },
      body,
      headers,
    });

  it("cancels a pending invitation: 204 and one Atlas DELETE", async () => {
    const res = await cancel("5f5000000000000000000004", { source: "users", email: "x@y" });
    expect(res.status).toBe(204);
    expect(await sim.journal({ method: "DELETE" })).toHaveLength(1);
  });

  it("an invitation accepted meanwhile gives a clear message, not an error page", async () => {
    await sim.control("POST", `/__sim/orgs/${ORG}/users/5f5000000000000000000005/accept`);
    // The address comes from Atlas, whatever the body says.
    const res = await cancel("5f5000000000000000000005", {
      source: "users",
      email: "someone@demo-corp.example",
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "stale_list",
      message: "The invitation for john.gosling@demo-corp.example was accepted: there is nothing to cancel.",
    });
    const gone = await cancel("5f5000000000000000000099", { source: "users" });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe("stale_list");
    expect(gone.body.error.message).toMatch(/accepted or cancelled meanwhile/);
    expect(await sim.journal({ method: "DELETE" })).toHaveLength(0);
  });

  it("cancels a legacy project invitation through its project", async () => {
    const res = await cancel("5f8000000000000000000001", { source: "project", projectId: P1 });
    expect(res.status).toBe(204);
    expect((await sim.journal({ method: "DELETE" }))[0]?.path).toBe(
      `/api/atlas/v2/groups/${P1}/invites/5f8000000000000000000001`,
    );
  });
});

describe("CSRF (docs/security.md T04): refused with 403 and no Atlas call", () => {
  const variants: [string, Record<string, string>, string?][] = [
    ["no Origin", { Origin: "" }],
    ["another origin", { Origin: "http://evil.example" }],
    ["another port", { Origin: "http://127.0.0.1:4000" }],
    ["Origin null", { Origin: "null" }],
    ["cross-site fetch metadata", { "Sec-Fetch-Site": "cross-site" }],
    ["a text/plain body (form post)", { "Content-Type": "text/plain" }],
    ["a form-encoded body", { "Content-Type": "application/x-www-form-urlencoded" }],
  ];
  for (const [name, headers] of variants) {
    it(name, async () => {
      await sim.control("DELETE", "/__sim/requests");
      const res = await invite(validBody("csrf@example.com"), headers);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
      const del = await call(cancelRoute.DELETE, "DELETE", `${BASE}/5f5000000000000000000001`, {
        params: { orgId: ORG, invitationId: "5f5000000000000000000001" },
        body: { source: "users" },
        headers,
      });
      expect(del.status).toBe(403);
      expect(await atlasCalls()).toEqual([]);
    });
  }
});

describe("fuzzing (docs/security.md T01): never a 500, never an Atlas call for invalid input", () => {
  const hex24 = fc.stringMatching(/^[a-f0-9]{24}$/);
  const anyId = fc.oneof(
    fc.string(),
    fc.constantFrom(
      "..",
      "%2e%2e",
      "//",
      "../invites",
      "5f1000000000000000000001/..",
      "5F1000000000000000000001",
    ),
    hex24.map((h) => h.slice(1)),
    hex24.map((h) => `${h}/`),
  );

  it("ids: invalid → 400 and zero Atlas calls; valid → exactly the expected Atlas path", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyId, hex24), async (orgId) => {
        await sim.control("DELETE", "/__sim/requests");
        const res = await call(teamsRoute.GET, "GET", `/api/orgs/x/teams`, { params: { orgId } });
        expect(res.status).not.toBe(500);
        const calls = await atlasCalls();
        if (/^[a-f0-9]{24}$/.test(orgId)) {
          expect(calls.map((c) => c.path)).toEqual([`/api/atlas/v2/orgs/${orgId}/teams`]);
          expect([200, 404]).toContain(res.status);
        } else {
          expect(res.status).toBe(400);
          expect(calls).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("cancel ids and bodies", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyId, hex24), fc.anything(), async (invitationId, body) => {
        await sim.control("DELETE", "/__sim/requests");
        const res = await call(cancelRoute.DELETE, "DELETE", `${BASE}/x`, {
          params: { orgId: ORG, invitationId },
          body,
        });
        expect(res.status).not.toBe(500);
        if (!/^[a-f0-9]{24}$/.test(invitationId)) {
          expect(res.status).toBe(400);
          expect(await atlasCalls()).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("invite bodies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({
            emails: fc.string(),
            orgRoles: fc.array(fc.string()),
            teamIds: fc.array(fc.string()),
            projectRoles: fc.anything(),
          }),
        ),
        async (body) => {
          await sim.control("DELETE", "/__sim/requests");
          const res = await invite(body);
          expect(res.status).not.toBe(500);
          expect(res.status).toBe(400);
          expect(await atlasCalls()).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });
});
