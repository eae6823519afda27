// The SCIM 2.0 endpoint and the provisioning worker against the simulator, on every test database: what an
// identity provider sends (Okta's and Entra's shapes), what it reads back, and what Atlas gets (exactly one
// create per person, cancels on deactivation, a move on a userName change, presets by group).
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installDb } from "@/lib/server/db";
import {
  auditRows,
  orgPolicies,
  orgPresets,
  provisioningOrgs,
  scimRequests,
  scimUsers,
} from "@/lib/server/db/schema";
import { approveApproval } from "@/lib/server/approvals/decide";
import { personTimeline } from "@/lib/server/ledger/person-timeline";
import { markDecidedHolds } from "@/lib/server/provisioning/reconcile";
import { sql } from "drizzle-orm";
import { revokeProvisioningToken, listProvisioningTokens } from "@/lib/server/provisioning/tokens";
import { fixedId } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { V2025 } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { emptyTables, testDatabases } from "../support/db";
import { DEMO, consoleAgainstSimulator } from "../support/routes";
import { GROUP_URN, PATCH_URN, newUser, scim, scimToken, settled } from "./support";

const ORG = DEMO.orgId;
const OTHER = DEMO.secondOrgId;

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

/** Atlas creates for this address, as the simulator's journal saw them. */
const creates = async (email: string) =>
  (await sim.journal()).filter(
    (e) =>
      e.method === "POST" &&
      /\/orgs\/[0-9a-f]{24}\/(users|invites)$/.test(e.path) &&
      JSON.stringify(e.body ?? {})
        .toLowerCase()
        .includes(email.toLowerCase()),
  );
/** The pending users of Demo Org with this username, as Atlas holds them. */
const pendingIn = async (email: string) => {
  const res = await sim.api(
    "GET",
    `/api/atlas/v2/orgs/${ORG}/users?itemsPerPage=500&orgMembershipStatus=PENDING`,
    {
      accept: V2025,
    },
  );
  return (
    (res.body as { results: { username: string; orgMembershipStatus: string; roles: unknown }[] }).results ??
    []
  ).filter((u) => u.username.toLowerCase() === email.toLowerCase());
};

describe.each(testDatabases())("SCIM on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  let token: string;
  beforeAll(async () => {
    h = await open();
    installDb(h);
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });
  beforeEach(async () => {
    await emptyTables(h.db);
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
    token = await scimToken(ORG, "okta");
    await sim.control("DELETE", "/__sim/requests");
  });

  it("answers 401 with a SCIM error, and nothing else, without a valid token", async () => {
    for (const t of [null, "icp_nope", `${token}x`, "ic_" + "a".repeat(49)]) {
      const res = await scim(t, "GET", "/Users");
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
      expect(res.body).toEqual({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "401",
        detail: expect.stringContaining("provisioning token"),
      });
    }
  });

  it("advertises what works: PATCH and filters, no bulk, no sort, bearer tokens", async () => {
    const res = await scim(token, "GET", "/ServiceProviderConfig");
    expect(res.status).toBe(200);
    expect(res.body.patch.supported).toBe(true);
    expect(res.body.filter.supported).toBe(true);
    expect(res.body.bulk.supported).toBe(false);
    expect(res.body.authenticationSchemes[0].type).toBe("oauthbearertoken");
    const types = await scim(token, "GET", "/ResourceTypes");
    expect(types.body.Resources.map((r: { name: string }) => r.name).sort()).toEqual(["Group", "User"]);
    expect((await scim(token, "GET", "/Schemas")).body.totalResults).toBeGreaterThanOrEqual(2);
    expect((await scim(token, "POST", "/Bulk", { Operations: [] })).status).toBe(501);
  });

  it("creates a user once (userName without regard to case), finds it by filter, and invites it once in Atlas", async () => {
    const email = `Ada.${randomUUID().slice(0, 6)}@Example.com`;
    // Okta and Entra both ask first.
    const before = await scim(token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
    expect(before.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim(token, "POST", "/Users", newUser(email, { externalId: "00u1" }));
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`http://127.0.0.1:3999/scim/v2/Users/${created.body.id}`);
    expect(created.body).toMatchObject({ userName: email, active: true, externalId: "00u1" });
    expect(created.body.meta).toMatchObject({
      resourceType: "User",
      location: created.headers.get("location"),
    });
    const again = await scim(token, "POST", "/Users", newUser(email.toLowerCase()));
    expect(again.status).toBe(409);
    expect(again.body.scimType).toBe("uniqueness");
    const found = await scim(
      token,
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${email.toUpperCase()}"`)}`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(created.body.id);
    const byExternal = await scim(
      token,
      "GET",
      `/Users?filter=${encodeURIComponent('externalId eq "00u1"')}`,
    );
    expect(byExternal.body.totalResults).toBe(1);
    await settled(ORG);
    expect(await creates(email)).toHaveLength(1);
    expect(await pendingIn(email)).toHaveLength(1);
    const [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, created.body.id));
    expect(row!.atlasState).toBe("pending");
    const [audit] = await h.db.select().from(auditRows).where(eq(auditRows.action, "invitation.created"));
    expect(audit).toMatchObject({ userEmail: "provisioning: okta", outcome: "success" });
    // The person's timeline names the directory as who invited them (shown as "the directory").
    const timeline = await personTimeline(ORG, email);
    expect(timeline.steps.some((st) => st.actorEmail === "provisioning: okta")).toBe(true);
  });

  it("deactivation (Okta's PATCH without a path) cancels; reactivation (Entra's strings) re-invites under the same id", async () => {
    const email = `bo.${randomUUID().slice(0, 6)}@example.com`;
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    await settled(ORG);
    const off = await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    await settled(ORG);
    expect(await pendingIn(email)).toHaveLength(0);
    // A deactivated user stays readable, and filters still find it.
    expect((await scim(token, "GET", `/Users/${user.id}`)).body.active).toBe(false);
    expect(
      (await scim(token, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).body
        .totalResults,
    ).toBe(1);
    const on = await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "Replace", path: "active", value: "True" }],
    });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id: user.id, active: true });
    await settled(ORG);
    expect(await pendingIn(email)).toHaveLength(1);
    expect(await creates(email)).toHaveLength(2);
    // A repeated active: true is a quiet no-op: no Atlas call at all.
    await sim.control("DELETE", "/__sim/requests");
    const same = await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
    expect(same.status).toBe(200);
    const put = await scim(token, "PUT", `/Users/${user.id}`, { ...newUser(email), id: user.id });
    expect(put.status).toBe(200);
    await settled(ORG);
    expect((await sim.journal()).filter((e) => !e.path.startsWith("/api/oauth"))).toHaveLength(0);
  });

  it("a changed userName moves the invitation: the old one cancelled, the new address invited", async () => {
    const email = `cy.${randomUUID().slice(0, 6)}@example.com`;
    const moved = `cy.new.${randomUUID().slice(0, 6)}@example.com`;
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    await settled(ORG);
    const res = await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", path: "userName", value: moved }],
    });
    expect(res.body.userName).toBe(moved);
    await settled(ORG);
    expect(await pendingIn(email)).toHaveLength(0);
    expect(await pendingIn(moved)).toHaveLength(1);
  });

  it("JumpCloud's test connection (create and delete at once) leaves no invitation behind", async () => {
    const email = `jc-test-${randomUUID().slice(0, 6)}@example.com`;
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    const { body: group } = await scim(token, "POST", "/Groups", {
      schemas: [GROUP_URN],
      displayName: `jc-group-${randomUUID().slice(0, 6)}`,
      members: [{ value: user.id }],
    });
    expect((await scim(token, "DELETE", `/Users/${user.id}`)).status).toBe(204);
    expect((await scim(token, "DELETE", `/Groups/${group.id}`)).status).toBe(204);
    expect((await scim(token, "GET", `/Users/${user.id}`)).status).toBe(404);
    await settled(ORG);
    expect(await pendingIn(email)).toHaveLength(0);
  });

  it("a group named like a preset gives its grants; a member removed (Entra's path) goes back to the default", async () => {
    const team = fixedId("5f2", 1);
    await h.db.insert(orgPresets).values({
      id: randomUUID(),
      orgId: ORG,
      name: "Data engineers",
      grants: { orgRoles: ["ORG_READ_ONLY"], teamIds: [team], projectRoles: [] },
    });
    const email = `di.${randomUUID().slice(0, 6)}@example.com`;
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    const { body: group } = await scim(token, "POST", "/Groups", {
      schemas: [GROUP_URN],
      displayName: "data engineers",
      members: [{ value: user.id }],
    });
    expect(group.members).toEqual([expect.objectContaining({ value: user.id })]);
    await settled(ORG);
    const [p] = await pendingIn(email);
    expect(JSON.stringify(p!.roles)).toContain("ORG_READ_ONLY");
    const removed = await scim(token, "PATCH", `/Groups/${group.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "Remove", path: `members[value eq "${user.id}"]` }],
    });
    expect(removed.status).toBe(200);
    const slim = await scim(token, "GET", `/Groups/${group.id}?excludedAttributes=members`);
    expect(slim.body.members).toBeUndefined();
    await settled(ORG);
    const [after] = await pendingIn(email);
    expect(JSON.stringify(after!.roles)).toContain("ORG_MEMBER");
    expect(JSON.stringify(after!.roles)).not.toContain("ORG_READ_ONLY");
  });

  it("a token of one org cannot see or change another org's users; a revoked token is refused at once", async () => {
    const { body: user } = await scim(
      token,
      "POST",
      "/Users",
      newUser(`iso.${randomUUID().slice(0, 6)}@example.com`),
    );
    const other = await scimToken(OTHER, "entra");
    expect((await scim(other, "GET", `/Users/${user.id}`)).status).toBe(404);
    expect((await scim(other, "GET", "/Users")).body.totalResults).toBe(0);
    expect(
      (
        await scim(other, "PATCH", `/Users/${user.id}`, {
          schemas: [PATCH_URN],
          Operations: [{ op: "replace", path: "active", value: false }],
        })
      ).status,
    ).toBe(404);
    expect((await scim(other, "DELETE", `/Users/${user.id}`)).status).toBe(404);
    const [t] = (await listProvisioningTokens(ORG)).filter((x) => x.name === "okta");
    await revokeProvisioningToken({
      orgId: ORG,
      tokenId: t!.id,
      actor: { userId: null, email: "admin@scim.test", ip: null, userAgent: null },
    });
    expect((await scim(token, "GET", `/Users/${user.id}`)).status).toBe(401);
  });

  it("refuses bad input with the SCIM error it is: filter, values, JSON, NUL, size", async () => {
    const bad = await scim(token, "GET", `/Users?filter=${encodeURIComponent("userName eq")}`);
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
    expect(
      (await scim(token, "GET", `/Users?filter=${encodeURIComponent("userName zz 1")}`)).body.scimType,
    ).toBe("invalidFilter");
    expect((await scim(token, "GET", "/Users?filter=")).status).toBe(200);
    for (const f of ['userName eq "x" and', 'or userName eq "x"', 'userName eq "x" and not']) {
      expect((await scim(token, "GET", `/Users?filter=${encodeURIComponent(f)}`)).body.scimType, f).toBe(
        "invalidFilter",
      );
    }
    // Past the end of the list there is nothing (SCIMMY would answer the first page).
    const past = await scim(token, "GET", "/Users?startIndex=50&count=5");
    expect(past.body).toMatchObject({ Resources: [], startIndex: 50 });
    const notEmail = await scim(token, "POST", "/Users", newUser("not-an-email"));
    expect(notEmail).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect((await scim(token, "POST", "/Users", "{nope")).body.scimType).toBe("invalidSyntax");
    expect((await scim(token, "POST", "/Users", newUser("nul\u0000@example.com"))).status).toBe(400);
    const huge = await scim(
      token,
      "POST",
      "/Users",
      newUser("big@example.com", { title: "x".repeat(1_100_000) }),
    );
    expect(huge.status).toBe(413);
    const mut = await scim(token, "POST", "/Users", newUser(`m.${randomUUID().slice(0, 6)}@example.com`));
    const idChange = await scim(token, "PATCH", `/Users/${mut.body.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", path: "id", value: "x" }],
    });
    expect(idChange.body.scimType).toBe("mutability");
    expect((await scim(token, "GET", "/Users/not-a-uuid")).status).toBe(404);
    expect((await scim(token, "GET", `/Users/${randomUUID()}`)).status).toBe(404);
    // application/json bodies and no User-Agent are accepted.
    const json = await scim(token, "POST", "/Users", newUser(`j.${randomUUID().slice(0, 6)}@example.com`), {
      "Content-Type": "application/json",
    });
    expect(json.status).toBe(201);
    // A 10,000-member group (ids the org does not know are counted and left out), and attributes SCIM does not define.
    const many = await scim(token, "POST", "/Groups", {
      schemas: [GROUP_URN],
      displayName: `everyone-${randomUUID().slice(0, 6)}`,
      members: Array.from({ length: 10_000 }, () => ({ value: randomUUID() })),
      notAScimAttribute: { deep: [1, 2, 3] },
    });
    expect(many.status).toBe(201);
    expect(many.body.members ?? []).toEqual([]);
    const logged = await h.db.select().from(scimRequests);
    expect(logged.some((r) => r.status === 400 && r.outcome?.includes("needs a value"))).toBe(true);
  });

  it("a member who leaves is listed by default, and removed from the org only when the setting says so", async () => {
    // An active member of Demo Org (the seed's 5f4…04).
    const res = await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${fixedId("5f4", 4)}`, {
      accept: V2025,
    });
    const email = (res.body as { username: string }).username;
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    await settled(ORG);
    let [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row!.atlasState).toBe("member");
    await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    await settled(ORG);
    [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row!.attention).toBe("left");
    expect(
      (await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${fixedId("5f4", 4)}`, { accept: V2025 }))
        .status,
    ).toBe(200);
    await h.db
      .insert(provisioningOrgs)
      .values({ orgId: ORG, deprovision: "always" })
      .onConflictDoUpdate({
        target: provisioningOrgs.orgId,
        set: { deprovision: "always" },
      });
    await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", value: { active: true } }],
    });
    await settled(ORG);
    await scim(token, "DELETE", `/Users/${user.id}`);
    await settled(ORG);
    [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row!.atlasState).toBe("removed");
    expect(
      (await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${fixedId("5f4", 4)}`, { accept: V2025 }))
        .status,
    ).toBe(404);
  });

  it("follows the org's guardrails: an address outside its domains is refused, or held for a second admin", async () => {
    await h.db
      .insert(orgPolicies)
      .values({ orgId: ORG, allowedDomains: ["example.com"], outsideDomains: "refuse" });
    const refused = await scim(
      token,
      "POST",
      "/Users",
      newUser(`eve.${randomUUID().slice(0, 6)}@elsewhere.org`),
    );
    expect(refused).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(refused.body.detail).toContain("allowed e-mail domains");
    await h.db.update(orgPolicies).set({ outsideDomains: "approval" }).where(eq(orgPolicies.orgId, ORG));
    const email = `fay.${randomUUID().slice(0, 6)}@elsewhere.org`;
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    await settled(ORG);
    let [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row).toMatchObject({ atlasState: "held" });
    expect(await creates(email)).toHaveLength(0);
    await approveApproval({
      orgId: ORG,
      id: row!.approvalId!,
      actor: { userId: "second-admin", email: "second@console.test", ip: null, userAgent: null },
      role: "admin",
      reason: "a contractor, agreed",
    });
    expect(await markDecidedHolds(h.db)).toEqual([ORG]);
    await settled(ORG);
    [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row).toMatchObject({ atlasState: "pending" });
    expect(await creates(email)).toHaveLength(1);
    // Deactivated now: the approved invitation is cancelled like any other.
    await scim(token, "PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    await settled(ORG);
    expect(await pendingIn(email)).toHaveLength(0);
  });

  it("a member's teams follow the directory's groups; roles are listed for an admin, never changed", async () => {
    const memberId = fixedId("5f4", 4);
    const member = await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${memberId}`, { accept: V2025 });
    const email = (member.body as { username: string }).username;
    const team = fixedId("5f2", 1);
    await h.db.insert(orgPresets).values({
      id: randomUUID(),
      orgId: ORG,
      name: "Platform",
      grants: { orgRoles: ["ORG_MEMBER"], teamIds: [team], projectRoles: [] },
    });
    const { body: user } = await scim(token, "POST", "/Users", newUser(email));
    const { body: group } = await scim(token, "POST", "/Groups", {
      schemas: [GROUP_URN],
      displayName: "Platform",
      members: [{ value: user.id }],
    });
    await settled(ORG);
    const teamsNow = async () =>
      (
        (await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${memberId}`, { accept: V2025 })).body as {
          teamIds: string[];
        }
      ).teamIds;
    expect(await teamsNow()).toContain(team);
    let [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row).toMatchObject({ atlasState: "member", attention: null });
    // Out of the group: the team the directory gave goes; the one an admin gave stays.
    await scim(token, "PATCH", `/Groups/${group.id}`, {
      schemas: [PATCH_URN],
      Operations: [{ op: "remove", path: `members[value eq "${user.id}"]` }],
    });
    await settled(ORG);
    expect(await teamsNow()).not.toContain(team);
    expect(await teamsNow()).toContain(fixedId("5f2", 4));
    // A group that asks for another org role: listed, not applied.
    await h.db.insert(orgPresets).values({
      id: randomUUID(),
      orgId: ORG,
      name: "Auditors",
      grants: { orgRoles: ["ORG_READ_ONLY"], teamIds: [], projectRoles: [] },
    });
    await scim(token, "POST", "/Groups", {
      schemas: [GROUP_URN],
      displayName: "Auditors",
      members: [{ value: user.id }],
    });
    await settled(ORG);
    [row] = await h.db.select().from(scimUsers).where(eq(scimUsers.id, user.id));
    expect(row).toMatchObject({ attention: "roles" });
    expect(row!.attentionDetail).toContain("ORG_READ_ONLY");
    const roles = (await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${memberId}`, { accept: V2025 }))
      .body as {
      roles: { orgRoles?: string[] };
    };
    expect(JSON.stringify(roles)).not.toContain("ORG_READ_ONLY");
  });

  it("asks the IdP to come back (429, Retry-After) when Atlas is far behind the directory", async () => {
    await h.db.execute(sql`
      insert into scim_users (id, org_id, user_name, atlas_state, dirty_at)
      select gen_random_uuid()::text, ${ORG}, 'backlog' || n || '@example.com', 'queued', now()
      from generate_series(1, 5000) as n`);
    const res = await scim(token, "POST", "/Users", newUser(`late.${randomUUID().slice(0, 6)}@example.com`));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    // Reads still work.
    expect((await scim(token, "GET", "/Users?count=1")).status).toBe(200);
    await h.db.delete(scimUsers);
  });
});
