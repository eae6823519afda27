// withConsole against real sessions and a real simulator: who gets in, who is refused, and that a refused
// caller never reaches Atlas.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as orgsRoute from "@/app/api/orgs/route";
import * as userRoute from "@/app/api/users/[userId]/route";
import * as usersRoute from "@/app/api/users/route";
import { ROLES, can } from "@/lib/permissions";
import { getDb } from "@/lib/server/db";
import { user as userTable } from "@/lib/server/db/schema/auth";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("DELETE", "/__sim/requests");
});

const atlasCalls = async () => (await sim.journal()).filter((e) => e.path.startsWith("/api/atlas/"));
const inviteBody = (orgRoles: string[]) => ({
  emails: `p-${Date.now()}@example.com`,
  orgRoles,
  teamIds: [],
  projectRoles: [],
});

describe("authentication", () => {
  it("no session, a forged cookie: 401 unauthorized, even with a junk body, and no Atlas call", async () => {
    const callers: Record<string, string>[] = [{}, { Cookie: "console.session_token=forged.value" }];
    for (const headers of callers) {
      const res = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
        params: { orgId: "../../etc" },
        rawBody: "{not json",
        headers: { ...headers, "Content-Type": "application/json" },
      });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect(await atlasCalls()).toHaveLength(0);
  });

  it("a deactivated user's session is gone at once", async () => {
    const headers = await signedInRequest("viewer", { email: "leaver@example.com" });
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers })).status).toBe(200);
    const db = await getDb();
    await db.update(userTable).set({ active: false }).where(eq(userTable.email, "leaver@example.com"));
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers })).status).toBe(401);
  });

  it("a password admin without TOTP is refused until it is set up", async () => {
    const headers = await signedInRequest("admin", { email: "new-admin@example.com" });
    const db = await getDb();
    await db
      .update(userTable)
      .set({ twoFactorEnabled: false })
      .where(eq(userTable.email, "new-admin@example.com"));
    const res = await call(orgsRoute.GET, "GET", "/api/orgs", { headers });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/two-factor/);
  });
});

describe("authorization", () => {
  it("the role table: viewers read, inviters invite without privileged roles, admins do everything", () => {
    expect(ROLES.filter((r) => can(r, "invitations.create"))).toEqual(["inviter", "admin"]);
    expect(ROLES.filter((r) => can(r, "invitations.grant_privileged"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => can(r, "users.manage"))).toEqual(["admin"]);
    expect(ROLES.filter((r) => can(r, "invitations.read"))).toEqual(["viewer", "inviter", "admin"]);
  });

  it("a viewer may read but not invite or manage users; refused before any Atlas call", async () => {
    const headers = await signedInRequest("viewer");
    expect(
      (
        await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, {
          params: { orgId: ORG },
          headers,
        })
      ).status,
    ).toBe(200);
    await sim.control("DELETE", "/__sim/requests");
    const res = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: inviteBody(["ORG_MEMBER"]),
      headers,
    });
    expect(res.status).toBe(403);
    expect((await call(usersRoute.GET, "GET", "/api/users", { headers })).status).toBe(403);
    expect(await atlasCalls()).toHaveLength(0);
  });

  it("an inviter invites, but ORG_OWNER and ORG_BILLING_ADMIN only an admin may grant", async () => {
    const inviter = await signedInRequest("inviter");
    for (const role of ["ORG_OWNER", "ORG_BILLING_ADMIN"]) {
      const res = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
        params: { orgId: ORG },
        body: inviteBody(["ORG_MEMBER", role]),
        headers: inviter,
      });
      expect(res.status).toBe(403);
      expect(res.body.error.fields.orgRoles).toMatch(/Only console admins/);
    }
    expect(await atlasCalls()).toHaveLength(0);
    const ok = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: inviteBody(["ORG_MEMBER"]),
      headers: inviter,
    });
    expect(ok.status).toBe(201);
    const admin = await signedInRequest("admin");
    const owner = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: inviteBody(["ORG_OWNER"]),
      headers: admin,
    });
    expect(owner.status).toBe(201);
  });
});

describe("users", () => {
  it("an admin adds a user (one-time link), changes the role, and cannot demote or deactivate themself", async () => {
    const admin = await signedInRequest("admin", { email: "boss@example.com" });
    const created = await call(usersRoute.POST, "POST", "/api/users", {
      body: { email: "New.Colleague@Example.com", role: "inviter" },
      headers: admin,
    });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      email: "new.colleague@example.com",
      role: "inviter",
      active: true,
    });
    expect(created.body.setPasswordUrl).toMatch(/\/set-password\?token=[\w-]{20,}$/);
    const dup = await call(usersRoute.POST, "POST", "/api/users", {
      body: { email: "new.colleague@example.com", role: "viewer" },
      headers: admin,
    });
    expect(dup.status).toBe(409);

    const id = created.body.user.id;
    const changed = await call(userRoute.PATCH, "PATCH", `/api/users/${id}`, {
      params: { userId: id },
      body: { role: "viewer" },
      headers: admin,
    });
    expect(changed.body.user.role).toBe("viewer");

    const list = await call(usersRoute.GET, "GET", "/api/users", { headers: admin });
    const me = list.body.users.find((u: any) => u.email === "boss@example.com");
    const self = await call(userRoute.PATCH, "PATCH", `/api/users/${me.id}`, {
      params: { userId: me.id },
      body: { active: false },
      headers: admin,
    });
    expect(self.status).toBe(409);
    const bad = await call(userRoute.PATCH, "PATCH", "/api/users/not-a-uuid", {
      params: { userId: "not-a-uuid" },
      body: { role: "admin" },
      headers: admin,
    });
    expect(bad.status).toBe(400);
  });
});
