// The Provisioning page's services and routes (issue 20): provisioning tokens (created once, listed without
// their secret, revoked at once, authenticated by hash), the deprovisioning setting, group → preset maps and
// the overview. PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import * as accountTokensRoute from "@/app/api/account/tokens/route";
import * as overviewRoute from "@/app/api/orgs/[orgId]/provisioning/route";
import * as tokensRoute from "@/app/api/orgs/[orgId]/provisioning/tokens/route";
import * as tokenRoute from "@/app/api/orgs/[orgId]/provisioning/tokens/[tokenId]/route";
import * as settingsRoute from "@/app/api/orgs/[orgId]/provisioning/settings/route";
import * as groupMapsRoute from "@/app/api/orgs/[orgId]/provisioning/group-maps/route";
import * as leaverRoute from "@/app/api/orgs/[orgId]/provisioning/leavers/[scimUserId]/remove/route";
import { getDb } from "@/lib/server/db";
import {
  auditRows,
  orgPresets,
  provisioningGroupMaps,
  provisioningOrgs,
  provisioningTokens,
  scimGroupMembers,
  scimGroups,
  scimRequests,
  scimUsers,
} from "@/lib/server/db/schema";
import { provisioningOverviewSchema, provisioningPageSchema } from "@/lib/schemas/provisioning";
import { provisioningOverview } from "@/lib/server/provisioning/overview";
import {
  deleteGroupMap,
  getProvisioningSettings,
  listGroupMaps,
  putGroupMap,
  updateProvisioningSettings,
} from "@/lib/server/provisioning/settings";
import type { AuditActor } from "@/lib/server/audit";
import {
  authenticateProvisioningToken,
  createProvisioningToken,
  listProvisioningTokens,
  revokeProvisioningToken,
} from "@/lib/server/provisioning/tokens";
import { generateProvisioningToken, generateToken } from "@/lib/server/tokens/format";
import type { TestSim } from "@/sim/test/support/sim";
import { testDatabases } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useAdminOnDatabase } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const OTHER_ORG = DEMO.secondOrgId;
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

const actor: AuditActor = {
  userId: null,
  email: "admin@provisioning.test",
  ip: "127.0.0.1",
  userAgent: "vitest",
};

describe.each(testDatabases())("provisioning admin on $name", ({ open }) => {
  useAdminOnDatabase(open);

  describe("tokens", () => {
    it("creates a token once (icp_), lists it without its secret, authenticates it with its org", async () => {
      const { token, secret } = await createProvisioningToken({ orgId: ORG, name: "  okta  ", actor });
      expect(secret).toMatch(/^icp_[0-9A-Za-z]{49}$/);
      expect(token).toMatchObject({
        name: "okta",
        state: "active",
        createdByEmail: actor.email,
        lastUsedAt: null,
      });
      expect(token.prefix).toBe(secret.slice(0, 8));
      const list = await listProvisioningTokens(ORG);
      expect(list.map((t) => t.id)).toContain(token.id);
      expect(JSON.stringify(list)).not.toContain(secret);
      expect(await listProvisioningTokens(OTHER_ORG)).toEqual([]);

      const db = await getDb();
      const [row] = await db.select().from(provisioningTokens).where(eq(provisioningTokens.id, token.id));
      expect(row!.tokenHash).not.toContain(secret);
      const audits = await db.select().from(auditRows).where(eq(auditRows.targetId, token.id));
      expect(audits.map((a) => [a.action, a.outcome])).toEqual([["provisioning.token_created", "success"]]);
      expect(JSON.stringify(audits)).not.toContain(secret);
      expect(audits[0]!.detail).toContain(token.prefix);

      expect(await authenticateProvisioningToken(secret, "10.0.0.7")).toEqual({
        tokenId: token.id,
        tokenName: "okta",
        orgId: ORG,
      });
      const [used] = await listProvisioningTokens(ORG);
      expect(used!.lastUsedIp).toBe("10.0.0.7");
      expect(used!.lastUsedAt).not.toBeNull();
    });

    it("refuses malformed, unknown and personal tokens without throwing", async () => {
      const { secret } = await createProvisioningToken({ orgId: ORG, name: "entra", actor });
      const typo = secret.slice(0, 10) + (secret[10] === "a" ? "b" : "a") + secret.slice(11);
      for (const bad of [typo, "", "icp_", "x".repeat(5000), generateToken(), generateProvisioningToken()]) {
        expect(await authenticateProvisioningToken(bad, null)).toBeNull();
      }
    });

    it("one live token per org and name (case-insensitive): 409 with fields.name; free again once revoked", async () => {
      const first = await createProvisioningToken({ orgId: ORG, name: "jumpcloud", actor });
      await expect(createProvisioningToken({ orgId: ORG, name: "JumpCloud", actor })).rejects.toMatchObject({
        code: "conflict",
        fields: { name: expect.stringContaining("JumpCloud") as unknown },
      });
      // Another org may use the name.
      await createProvisioningToken({ orgId: OTHER_ORG, name: "jumpcloud", actor });
      await revokeProvisioningToken({ orgId: ORG, tokenId: first.token.id, actor });
      await createProvisioningToken({ orgId: ORG, name: "jumpcloud", actor });
    });

    it("refuses an empty or long name", async () => {
      await expect(createProvisioningToken({ orgId: ORG, name: "   ", actor })).rejects.toMatchObject({
        code: "invalid_input",
      });
      await expect(
        createProvisioningToken({ orgId: ORG, name: "x".repeat(61), actor }),
      ).rejects.toMatchObject({
        code: "invalid_input",
      });
    });

    it("revokes at once (the next authentication is refused), once audited; another org's token is 404", async () => {
      const { token, secret } = await createProvisioningToken({ orgId: ORG, name: "to-revoke", actor });
      expect(await authenticateProvisioningToken(secret, null)).not.toBeNull();
      await expect(
        revokeProvisioningToken({ orgId: OTHER_ORG, tokenId: token.id, actor }),
      ).rejects.toMatchObject({ code: "not_found" });
      const revoked = await revokeProvisioningToken({ orgId: ORG, tokenId: token.id, actor });
      expect(revoked).toMatchObject({ state: "revoked" });
      expect(revoked.revokedAt).not.toBeNull();
      expect(await authenticateProvisioningToken(secret, null)).toBeNull();
      const again = await revokeProvisioningToken({ orgId: ORG, tokenId: token.id, actor });
      expect(again.revokedAt).toBe(revoked.revokedAt);
      const db = await getDb();
      const audits = await db.select().from(auditRows).where(eq(auditRows.targetId, token.id));
      expect(audits.map((a) => a.action).sort()).toEqual([
        "provisioning.token_created",
        "provisioning.token_revoked",
      ]);
    });
  });

  describe("settings and group maps", () => {
    let presetId: string;
    let otherOrgPresetId: string;
    beforeAll(async () => {
      const db = await getDb();
      presetId = randomUUID();
      otherOrgPresetId = randomUUID();
      await db.insert(orgPresets).values([
        {
          id: presetId,
          orgId: ORG,
          name: "Data engineer",
          grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
        },
        {
          id: otherOrgPresetId,
          orgId: OTHER_ORG,
          name: "Elsewhere",
          grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
        },
      ]);
    });

    it("defaults to never; an update upserts the setting and leaves the worker's lease alone", async () => {
      expect(await getProvisioningSettings(ORG)).toEqual({ deprovision: "never" });
      expect(await updateProvisioningSettings({ orgId: ORG, deprovision: "approval", actor })).toEqual({
        deprovision: "approval",
      });
      const db = await getDb();
      const lease = new Date(Date.now() + 60_000);
      await db
        .update(provisioningOrgs)
        .set({ leaseOwner: "worker-1", leaseUntil: lease })
        .where(eq(provisioningOrgs.orgId, ORG));
      await updateProvisioningSettings({ orgId: ORG, deprovision: "always", actor });
      const [row] = await db.select().from(provisioningOrgs).where(eq(provisioningOrgs.orgId, ORG));
      expect(row).toMatchObject({ deprovision: "always", leaseOwner: "worker-1", updatedBy: actor.email });
      expect(row!.leaseUntil?.getTime()).toBe(lease.getTime());
      expect(await getProvisioningSettings(OTHER_ORG)).toEqual({ deprovision: "never" });
      const audits = await db
        .select()
        .from(auditRows)
        .where(and(eq(auditRows.orgId, ORG), eq(auditRows.action, "provisioning.settings_changed")));
      expect(audits.map((a) => a.detail)).toEqual(
        expect.arrayContaining(["deprovision: never → approval", "deprovision: approval → always"]),
      );
      await updateProvisioningSettings({ orgId: ORG, deprovision: "never", actor });
    });

    it("maps a group (any case) to one of the org's presets, upserts, lists, unmaps; refuses another org's preset", async () => {
      const map = await putGroupMap({ orgId: ORG, groupName: " Engineers ", presetId, actor });
      expect(map).toMatchObject({ groupName: "Engineers", presetId, presetName: "Data engineer" });
      await putGroupMap({ orgId: ORG, groupName: "ENGINEERS", presetId, actor });
      const maps = await listGroupMaps(ORG);
      expect(maps).toHaveLength(1);
      expect(maps[0]).toMatchObject({ groupName: "ENGINEERS", presetName: "Data engineer" });
      const db = await getDb();
      const [row] = await db.select().from(provisioningGroupMaps).where(eq(provisioningGroupMaps.orgId, ORG));
      expect(row!.groupNameLower).toBe("engineers");

      await expect(
        putGroupMap({ orgId: ORG, groupName: "Sales", presetId: otherOrgPresetId, actor }),
      ).rejects.toMatchObject({ code: "invalid_input", fields: { presetId: expect.any(String) as unknown } });
      await expect(
        putGroupMap({ orgId: ORG, groupName: "Sales", presetId: randomUUID(), actor }),
      ).rejects.toMatchObject({ code: "invalid_input" });
      expect(await listGroupMaps(OTHER_ORG)).toEqual([]);

      await deleteGroupMap({ orgId: ORG, groupName: "engineers", actor });
      expect(await listGroupMaps(ORG)).toEqual([]);
      await expect(deleteGroupMap({ orgId: ORG, groupName: "engineers", actor })).rejects.toMatchObject({
        code: "not_found",
      });
      const actions = (await db.select().from(auditRows).where(eq(auditRows.orgId, ORG))).map((a) => [
        a.action,
        a.outcome,
      ]);
      expect(actions).toEqual(
        expect.arrayContaining([
          ["provisioning.group_mapped", "success"],
          ["provisioning.group_mapped", "refused"],
          ["provisioning.group_unmapped", "success"],
        ]),
      );
    });

    it("the overview: groups with their preset, counts, attention rows and recent requests", async () => {
      const db = await getDb();
      const users = [
        { userName: "ann@example.com", atlasState: "pending" as const },
        { userName: "bob@example.com", atlasState: "member" as const },
        { userName: "cy@example.com", atlasState: "none" as const, dirtyAt: new Date() },
        {
          userName: "dee@example.com",
          atlasState: "member" as const,
          active: false,
          attention: "left",
          attentionDetail: "deactivated in the directory",
        },
        {
          userName: "eve@example.com",
          atlasState: "member" as const,
          deletedAt: new Date(),
          attention: "left",
        },
        { userName: "fay@example.com", atlasState: "failed" as const },
      ].map((u) => ({ id: randomUUID(), orgId: ORG, ...u }));
      await db.insert(scimUsers).values(users);
      await db.insert(scimUsers).values({ id: randomUUID(), orgId: OTHER_ORG, userName: "zed@example.com" });
      const groups = [
        { id: randomUUID(), orgId: ORG, displayName: "data ENGINEER" },
        { id: randomUUID(), orgId: ORG, displayName: "Mapped" },
        { id: randomUUID(), orgId: ORG, displayName: "Nobody's" },
      ];
      await db.insert(scimGroups).values(groups);
      await db.insert(scimGroupMembers).values([
        { groupId: groups[0]!.id, userId: users[0]!.id },
        { groupId: groups[0]!.id, userId: users[1]!.id },
        { groupId: groups[1]!.id, userId: users[2]!.id },
      ]);
      await putGroupMap({ orgId: ORG, groupName: "mapped", presetId, actor });
      for (let i = 0; i < 55; i++) {
        await db.insert(scimRequests).values({
          orgId: ORG,
          tokenName: "okta",
          method: "GET",
          path: `/scim/v2/Users?i=${i}`,
          status: 200,
          outcome: null,
          ms: 3,
        });
      }

      const overview = await provisioningOverview(ORG);
      expect(provisioningOverviewSchema.parse(overview)).toEqual(overview);
      expect(overview.groups).toEqual([
        {
          id: groups[0]!.id,
          displayName: "data ENGINEER",
          members: 2,
          presetName: "Data engineer",
          mapped: false,
        },
        { id: groups[1]!.id, displayName: "Mapped", members: 1, presetName: "Data engineer", mapped: true },
        { id: groups[2]!.id, displayName: "Nobody's", members: 0, presetName: null, mapped: false },
      ]);
      expect(overview.unmappedGroups).toEqual(["Nobody's"]);
      expect(overview.counts).toEqual({
        users: 5,
        active: 4,
        pending: 1,
        queued: 1,
        members: 3,
        held: 0,
        refused: 0,
        failed: 1,
      });
      expect(overview.attention.map((a) => a.userName).sort()).toEqual([
        "dee@example.com",
        "eve@example.com",
      ]);
      expect(overview.attention.find((a) => a.userName === "dee@example.com")).toMatchObject({
        attention: "left",
        detail: "deactivated in the directory",
        atlasState: "member",
      });
      expect(overview.recentRequests).toHaveLength(50);
      expect(overview.recentRequests[0]!.path).toBe("/scim/v2/Users?i=54");
      expect(overview.tokens.length).toBeGreaterThan(0);
      expect(overview.groupMaps.map((m) => m.groupName)).toEqual(["mapped"]);
      expect((await provisioningOverview(OTHER_ORG)).counts.users).toBe(1);
    });
  });

  describe("routes", () => {
    const orgPath = `/api/orgs/${ORG}/provisioning`;
    const params = { orgId: ORG };
    /** Headers of a bearer request: no cookie, no Origin (a script's request). */
    const bearer = (token: string) => ({
      Authorization: `Bearer ${token}`,
      Cookie: "",
      Origin: "",
      "Sec-Fetch-Site": "",
    });

    it("an admin reads the page, creates (201, the secret once), lists and revokes a token", async () => {
      const page = await call(overviewRoute.GET, "GET", orgPath, { params });
      expect(page.status, page.text).toBe(200);
      const parsed = provisioningPageSchema.parse(page.body);
      expect(parsed.baseUrl).toMatch(/^https?:\/\/[^/]+\/scim\/v2$/);
      expect(page.headers.get("cache-control")).toBe("no-store");

      const created = await call(tokensRoute.POST, "POST", `${orgPath}/tokens`, {
        params,
        body: { name: "route-okta" },
      });
      expect(created.status, created.text).toBe(201);
      const secret = created.body.secret as string;
      expect(secret).toMatch(/^icp_/);
      expect(created.body.token).toMatchObject({ name: "route-okta", state: "active" });
      const again = await call(tokensRoute.POST, "POST", `${orgPath}/tokens`, {
        params,
        body: { name: "ROUTE-okta" },
      });
      expect(again.status).toBe(409);
      expect(again.body.error.fields.name).toBeTruthy();
      expect(
        (await call(tokensRoute.POST, "POST", `${orgPath}/tokens`, { params, body: { name: "" } })).status,
      ).toBe(400);

      const list = await call(tokensRoute.GET, "GET", `${orgPath}/tokens`, { params });
      expect(list.status).toBe(200);
      expect(list.text).not.toContain(secret);
      const id = created.body.token.id as string;
      expect(list.body.tokens.map((t: { id: string }) => t.id)).toContain(id);

      const revoked = await call(tokenRoute.DELETE, "DELETE", `${orgPath}/tokens/${id}`, {
        params: { orgId: ORG, tokenId: id },
      });
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.body.token.state).toBe("revoked");
      expect(await authenticateProvisioningToken(secret, null)).toBeNull();
      const otherOrg = await call(
        tokenRoute.DELETE,
        "DELETE",
        `/api/orgs/${OTHER_ORG}/provisioning/tokens/${id}`,
        {
          params: { orgId: OTHER_ORG, tokenId: id },
        },
      );
      expect(otherOrg.status).toBe(404);
    });

    it("an admin changes the setting and the maps through the routes", async () => {
      const put = await call(settingsRoute.PUT, "PUT", `${orgPath}/settings`, {
        params,
        body: { deprovision: "approval" },
      });
      expect(put.status, put.text).toBe(200);
      expect(put.body).toEqual({ settings: { deprovision: "approval" } });
      expect(
        (
          await call(settingsRoute.PUT, "PUT", `${orgPath}/settings`, {
            params,
            body: { deprovision: "sometimes" },
          })
        ).status,
      ).toBe(400);
      await call(settingsRoute.PUT, "PUT", `${orgPath}/settings`, { params, body: { deprovision: "never" } });

      const db = await getDb();
      const [preset] = await db.select().from(orgPresets).where(eq(orgPresets.orgId, ORG));
      const mapped = await call(groupMapsRoute.PUT, "PUT", `${orgPath}/group-maps`, {
        params,
        body: { groupName: "Finance / EMEA %", presetId: preset!.id },
      });
      expect(mapped.status, mapped.text).toBe(200);
      expect(mapped.body.groupMap).toMatchObject({ groupName: "Finance / EMEA %", presetName: preset!.name });
      const unknown = await call(groupMapsRoute.PUT, "PUT", `${orgPath}/group-maps`, {
        params,
        body: { groupName: "x", presetId: randomUUID() },
      });
      expect(unknown.status).toBe(400);
      const gone = await call(groupMapsRoute.DELETE, "DELETE", `${orgPath}/group-maps`, {
        params,
        body: { groupName: "finance / emea %" },
      });
      expect(gone.status, gone.text).toBe(204);
    });

    it("an unknown directory user cannot be removed (404)", async () => {
      const res = await call(leaverRoute.POST, "POST", `${orgPath}/leavers/5f9000000000000000000001/remove`, {
        params: { orgId: ORG, scimUserId: "5f9000000000000000000001" },
      });
      expect(res.status, res.text).toBe(404);
    });

    it("refuses an inviter (403), a bearer API token even an admin's (403, session only), a cross-site post", async () => {
      const inviter = await signedInRequest("inviter");
      expect((await call(overviewRoute.GET, "GET", orgPath, { params, headers: inviter })).status).toBe(403);
      expect(
        (
          await call(tokensRoute.POST, "POST", `${orgPath}/tokens`, {
            params,
            headers: inviter,
            body: { name: "x" },
          })
        ).status,
      ).toBe(403);

      const created = await call(accountTokensRoute.POST, "POST", "/api/account/tokens", {
        body: { name: `admin-script-${process.pid}`, expiresInDays: 1 },
      });
      expect(created.status, created.text).toBe(201);
      const apiToken = created.body.token as string;
      const headers = bearer(apiToken);
      expect((await call(overviewRoute.GET, "GET", orgPath, { params, headers })).status).toBe(403);
      expect((await call(tokensRoute.GET, "GET", `${orgPath}/tokens`, { params, headers })).status).toBe(403);
      expect(
        (
          await call(tokensRoute.POST, "POST", `${orgPath}/tokens`, {
            params,
            headers,
            body: { name: "via-api" },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await call(settingsRoute.PUT, "PUT", `${orgPath}/settings`, {
            params,
            headers,
            body: { deprovision: "always" },
          })
        ).status,
      ).toBe(403);
      // A provisioning token is no console API token either.
      const { secret } = await createProvisioningToken({ orgId: ORG, name: "not-for-the-api", actor });
      expect(
        (await call(overviewRoute.GET, "GET", orgPath, { params, headers: bearer(secret) })).status,
      ).toBe(401);

      const crossSite = await call(tokensRoute.POST, "POST", `${orgPath}/tokens`, {
        params,
        headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
        body: { name: "csrf" },
      });
      expect(crossSite.status).toBe(403);
      expect((await listProvisioningTokens(ORG)).map((t) => t.name)).not.toContain("csrf");
    });
  });
});
