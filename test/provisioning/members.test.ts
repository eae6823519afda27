// Removing directory leavers from the org and moving members between teams (lib/server/provisioning/members.ts)
// against the simulator, on every test database: who is acted on is read from Atlas, a refusal sends no
// change, and every attempt leaves one audit row.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installDb } from "@/lib/server/db";
import { beginAudit } from "@/lib/server/audit";
import { reconcilePendingAudit, settleAfterMs } from "@/lib/server/audit/reconcile";
import { auditRows, scimUsers } from "@/lib/server/db/schema";
import { readAuditGrants } from "@/lib/schemas/audit-grants";
import { findOrgMemberByEmail } from "@/lib/server/atlas/members";
import { currentAtlas } from "@/lib/server/connections/route-org";
import { buildPath, InvalidAtlasId } from "@/lib/server/atlas/templates";
import { removeDirectoryLeaver, removeMember, setMemberTeams } from "@/lib/server/provisioning/members";
import { fixedId } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { V2025 } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { emptyTables, testDatabases } from "../support/db";
import { DEMO, consoleAgainstSimulator } from "../support/routes";

const ORG = DEMO.orgId;
/** Active members of Demo Org: 5f4…04 is in team 5f2…04, 5f4…05 in 5f2…05. */
const ACTIVE = fixedId("5f4", 4);
const ACTIVE_2 = fixedId("5f4", 5);
/** A pending invitation made through the users API. */
const PENDING = fixedId("5f5", 30);
/** Second Org's owner: an active member, of another org. */
const OTHER_ORG_MEMBER = fixedId("5fa", 10);
const UNKNOWN = fixedId("5f4", 999);
const team = (n: number) => fixedId("5f2", n);
const actor = { userId: null, email: "admin@console.test", ip: "127.0.0.1", userAgent: "vitest" };

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

/** The user as the simulator holds it, or the status it answers. */
const atlasUser = async (id: string) => {
  const res = await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${id}`, { accept: V2025 });
  return res.status === 200
    ? (res.body as { username: string; teamIds: string[]; orgMembershipStatus: string })
    : null;
};
/** The calls that could change Atlas (token requests aside). */
const changes = async () =>
  (await sim.journal()).filter((e) => e.method !== "GET" && !e.path.startsWith("/api/oauth/"));

describe("the team membership templates", () => {
  it("build the custom-method paths with a literal suffix, and still refuse a bad id", () => {
    expect(buildPath("addOrgTeamUser", { orgId: ORG, teamId: team(1) })).toBe(
      `/api/atlas/v2/orgs/${ORG}/teams/${team(1)}:addUser`,
    );
    expect(buildPath("removeOrgTeamUser", { orgId: ORG, teamId: team(1) })).toBe(
      `/api/atlas/v2/orgs/${ORG}/teams/${team(1)}:removeUser`,
    );
    for (const teamId of [`${team(1)}:removeUser`, "..", team(1).toUpperCase(), ""]) {
      expect(() => buildPath("addOrgTeamUser", { orgId: ORG, teamId })).toThrow(InvalidAtlasId);
    }
    expect(() => buildPath("removeOrgTeamUser", { orgId: "../x", teamId: team(1) })).toThrow(InvalidAtlasId);
  });
});

describe("findOrgMemberByEmail", () => {
  beforeEach(async () => {
    await sim.control("POST", "/__sim/reset");
  });

  it("finds an active or pending user by username without regard to case, in that org only", async () => {
    const http = currentAtlas();
    const active = (await atlasUser(ACTIVE))!;
    const pending = (await atlasUser(PENDING))!;
    expect(await findOrgMemberByEmail(http, ORG, active.username.toUpperCase())).toEqual({
      id: ACTIVE,
      username: active.username,
      orgRoles: ["ORG_MEMBER"],
      teamIds: [team(4)],
      projectRoles: [{ projectId: fixedId("5f3", 4), roles: ["GROUP_READ_ONLY"] }],
      status: "ACTIVE",
    });
    expect(await findOrgMemberByEmail(http, ORG, pending.username)).toMatchObject({
      id: PENDING,
      status: "PENDING",
    });
    expect(await findOrgMemberByEmail(http, ORG, "owner@second-org.example")).toBeNull();
    expect(await findOrgMemberByEmail(http, ORG, "nobody@demo-corp.example")).toBeNull();
    // A rejected invitation is nobody's membership.
    const expired = (await atlasUser(fixedId("5f7", 5)))!;
    expect(expired.orgMembershipStatus).toBe("INVITATION_REJECTED");
    expect(await findOrgMemberByEmail(http, ORG, expired.username)).toBeNull();
  });
});

describe.each(testDatabases())("members on $name", ({ open }) => {
  let h: TestDatabaseHandle;
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
  });

  const rows = (action: string) =>
    h.db.select().from(auditRows).where(eq(auditRows.action, action)).orderBy(auditRows.createdAt);

  describe("removeMember", () => {
    it("removes an ACTIVE member (the e-mail compared without case) and audits Atlas's username", async () => {
      const before = (await atlasUser(ACTIVE))!;
      expect(before.orgMembershipStatus).toBe("ACTIVE");
      await removeMember({
        orgId: ORG,
        atlasUserId: ACTIVE,
        email: before.username.toUpperCase(),
        actor,
        reason: "left the directory",
      });
      expect(await atlasUser(ACTIVE)).toBeNull();
      const list = await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users?itemsPerPage=500`, {
        accept: V2025,
      });
      expect((list.body as { results: { id: string }[] }).results.map((u) => u.id)).not.toContain(ACTIVE);
      const [del, ...others] = await changes();
      expect(others).toHaveLength(0);
      expect(del).toMatchObject({
        method: "DELETE",
        path: `/api/atlas/v2/orgs/${ORG}/users/${ACTIVE}`,
        status: 204,
      });
      expect(del!.headers.accept).toBe(V2025);
      const [row, ...more] = await rows("member.removed");
      expect(more).toHaveLength(0);
      expect(row).toMatchObject({
        outcome: "success",
        orgId: ORG,
        targetId: ACTIVE,
        targetEmail: before.username,
        detail: "left the directory",
        atlasStatus: 204,
        userEmail: actor.email,
      });
      // What they held, for the Audit page.
      expect(readAuditGrants(row!.grants)).toEqual({
        kind: "grants",
        grants: {
          orgRoles: ["ORG_MEMBER"],
          teamIds: [team(4)],
          projectRoles: [{ projectId: fixedId("5f3", 4), roles: ["GROUP_READ_ONLY"] }],
        },
      });
    });

    it("refuses a pending user, an unknown id, a member of another org and another person, without a DELETE", async () => {
      const pending = (await atlasUser(PENDING))!;
      expect(pending.orgMembershipStatus).toBe("PENDING");
      const active = (await atlasUser(ACTIVE))!;
      const attempts: [string, string, RegExp][] = [
        [PENDING, pending.username, /not accepted the invitation/],
        [UNKNOWN, "nobody@demo-corp.example", /no member with this id/],
        [OTHER_ORG_MEMBER, "owner@second-org.example", /no member with this id/],
        [ACTIVE, "someone.else@demo-corp.example", new RegExp(`holds ${active.username}`)],
      ];
      for (const [atlasUserId, email, message] of attempts) {
        await expect(
          removeMember({ orgId: ORG, atlasUserId, email, actor, reason: "test" }),
        ).rejects.toMatchObject({ code: "conflict", status: 409, message: expect.stringMatching(message) });
      }
      expect(await changes()).toHaveLength(0);
      expect((await atlasUser(PENDING))?.orgMembershipStatus).toBe("PENDING");
      expect((await atlasUser(ACTIVE))?.orgMembershipStatus).toBe("ACTIVE");
      const refused = await rows("member.removed");
      expect(refused.map((r) => [r.targetId, r.outcome, r.targetEmail])).toEqual([
        [PENDING, "refused", pending.username],
        [UNKNOWN, "refused", null],
        [OTHER_ORG_MEMBER, "refused", null],
        [ACTIVE, "refused", active.username],
      ]);
    });

    it("refuses a malformed id before any call to Atlas", async () => {
      await expect(
        removeMember({ orgId: ORG, atlasUserId: "../../invites", email: "x@y.example", actor, reason: "t" }),
      ).rejects.toMatchObject({ code: "invalid_input" });
      expect(await sim.journal()).toHaveLength(0);
    });

    it("counts a DELETE whose answer was lost as done when Atlas no longer has the member", async () => {
      await sim.control("POST", "/__sim/faults", {
        method: "DELETE",
        path: `/api/atlas/v2/orgs/${ORG}/users/${ACTIVE}`,
        status: 500,
        afterProcessing: true,
      });
      const { username } = (await atlasUser(ACTIVE))!;
      await removeMember({ orgId: ORG, atlasUserId: ACTIVE, email: username, actor, reason: "left" });
      expect(await atlasUser(ACTIVE)).toBeNull();
      expect((await changes()).filter((e) => e.method === "DELETE")).toHaveLength(1);
      const [row] = await rows("member.removed");
      expect(row).toMatchObject({ outcome: "success", atlasStatus: 500 });
      expect(row!.detail).toMatch(/confirmed by a read/);
    });

    it("audits Atlas's refusal of the DELETE as a failure", async () => {
      await sim.control("POST", "/__sim/faults", {
        method: "DELETE",
        path: `/api/atlas/v2/orgs/${ORG}/users/${ACTIVE}`,
        status: 403,
        errorCode: "USER_UNAUTHORIZED",
      });
      const { username } = (await atlasUser(ACTIVE))!;
      await expect(
        removeMember({ orgId: ORG, atlasUserId: ACTIVE, email: username, actor, reason: "left" }),
      ).rejects.toMatchObject({ failure: "http", status: 403 });
      expect((await atlasUser(ACTIVE))?.orgMembershipStatus).toBe("ACTIVE");
      const [row] = await rows("member.removed");
      expect(row).toMatchObject({
        outcome: "failure",
        atlasStatus: 403,
        atlasErrorCode: "USER_UNAUTHORIZED",
      });
    });
  });

  describe("setMemberTeams", () => {
    it("adds and removes teams, skipping teams held, not held and no longer in the org", async () => {
      expect((await atlasUser(ACTIVE))!.teamIds).toEqual([team(4)]);
      const first = await setMemberTeams({
        orgId: ORG,
        atlasUserId: ACTIVE,
        add: [team(1), team(4), team(1)],
        remove: [team(2)],
        actor,
        reason: "directory groups changed",
      });
      expect(first).toEqual({ added: [team(1)], removed: [] });
      expect((await atlasUser(ACTIVE))!.teamIds.sort()).toEqual([team(1), team(4)]);

      const gone = fixedId("5f2", 99);
      const second = await setMemberTeams({
        orgId: ORG,
        atlasUserId: ACTIVE,
        add: [gone],
        remove: [team(4)],
        actor,
        reason: "directory groups changed",
      });
      expect(second).toEqual({ added: [], removed: [team(4)] });
      expect((await atlasUser(ACTIVE))!.teamIds).toEqual([team(1)]);

      const posts = (await changes()).map((e) => [e.method, e.path, e.body, e.status, e.headers.accept]);
      expect(posts).toEqual([
        ["POST", `/api/atlas/v2/orgs/${ORG}/teams/${team(1)}:addUser`, { id: ACTIVE }, 200, V2025],
        ["POST", `/api/atlas/v2/orgs/${ORG}/teams/${team(4)}:removeUser`, { id: ACTIVE }, 200, V2025],
      ]);
      const audited = await rows("member.teams_changed");
      expect(audited.map((r) => r.outcome)).toEqual(["success", "success"]);
      expect(audited[0]!.detail).toBe(`directory groups changed; added to Platform (${team(1)})`);
      expect(audited[1]!.detail).toBe(
        `directory groups changed; removed from Security (${team(4)}); skipped, no longer teams of the org: ${gone}`,
      );
      expect(audited[1]!.targetEmail).toBe((await atlasUser(ACTIVE))!.username);
      // The Audit page reads the change as teams added and removed.
      const change = readAuditGrants(audited[0]!.grants);
      expect(change?.kind === "change" && change.diff.teamIds).toEqual({ added: [team(1)], removed: [] });
      const change2 = readAuditGrants(audited[1]!.grants);
      expect(change2?.kind === "change" && change2.diff.teamIds).toEqual({ added: [], removed: [team(4)] });
    });

    it("changes nothing when the member already has what is asked (one noop row)", async () => {
      const result = await setMemberTeams({
        orgId: ORG,
        atlasUserId: ACTIVE_2,
        add: [team(5)],
        remove: [team(1)],
        actor,
        reason: "sync",
      });
      expect(result).toEqual({ added: [], removed: [] });
      expect(await changes()).toHaveLength(0);
      const [row, ...more] = await rows("member.teams_changed");
      expect(more).toHaveLength(0);
      expect(row).toMatchObject({ outcome: "noop", detail: "sync; nothing to change" });
    });

    it("refuses a pending user, an unknown id and a team both added and removed, without a change", async () => {
      for (const atlasUserId of [PENDING, UNKNOWN]) {
        await expect(
          setMemberTeams({ orgId: ORG, atlasUserId, add: [team(1)], remove: [], actor, reason: "sync" }),
        ).rejects.toMatchObject({ code: "conflict" });
      }
      await expect(
        setMemberTeams({
          orgId: ORG,
          atlasUserId: ACTIVE,
          add: [team(1)],
          remove: [team(1)],
          actor,
          reason: "sync",
        }),
      ).rejects.toMatchObject({ code: "invalid_input" });
      expect(await changes()).toHaveLength(0);
      expect((await rows("member.teams_changed")).map((r) => r.outcome)).toEqual(["refused", "refused"]);
    });

    it("records what changed before Atlas refused a later team", async () => {
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: `/api/atlas/v2/orgs/${ORG}/teams/${team(4)}:removeUser`,
        status: 403,
        errorCode: "USER_UNAUTHORIZED",
      });
      await expect(
        setMemberTeams({
          orgId: ORG,
          atlasUserId: ACTIVE,
          add: [team(2)],
          remove: [team(4)],
          actor,
          reason: "sync",
        }),
      ).rejects.toMatchObject({ status: 403 });
      expect((await atlasUser(ACTIVE))!.teamIds.sort()).toEqual([team(2), team(4)]);
      const [row] = await rows("member.teams_changed");
      expect(row).toMatchObject({
        outcome: "failure",
        atlasStatus: 403,
        atlasErrorCode: "USER_UNAUTHORIZED",
      });
      expect(row!.detail).toMatch(/^sync; added to Data Engineering \(5f2000000000000000000002\); then /);
    });

    it("counts an addUser whose answer was lost as done when the member is in the team", async () => {
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: `/api/atlas/v2/orgs/${ORG}/teams/${team(3)}:addUser`,
        status: 500,
        afterProcessing: true,
      });
      const result = await setMemberTeams({
        orgId: ORG,
        atlasUserId: ACTIVE,
        add: [team(3)],
        remove: [],
        actor,
        reason: "sync",
      });
      expect(result).toEqual({ added: [team(3)], removed: [] });
      expect((await changes()).filter((e) => e.method === "POST")).toHaveLength(1);
      expect((await rows("member.teams_changed"))[0]).toMatchObject({ outcome: "success" });
    });
  });

  describe("removeDirectoryLeaver", () => {
    const insertRow = async (values: Partial<typeof scimUsers.$inferInsert> & { userName: string }) => {
      const id = randomUUID();
      await h.db.insert(scimUsers).values({
        id,
        orgId: ORG,
        active: false,
        atlasState: "member",
        attention: "left",
        attentionDetail: "deactivated in the directory, still a member",
        ...values,
      });
      return id;
    };
    const rowOf = async (id: string) => (await h.db.select().from(scimUsers).where(eq(scimUsers.id, id)))[0]!;

    it("removes the member from the org and takes them off the list", async () => {
      const { username } = (await atlasUser(ACTIVE))!;
      const id = await insertRow({ userName: username, atlasUserId: ACTIVE, sentEmail: username });
      expect(await removeDirectoryLeaver({ orgId: ORG, scimUserId: id, actor })).toEqual({ removed: true });
      expect(await atlasUser(ACTIVE)).toBeNull();
      expect(await rowOf(id)).toMatchObject({
        atlasState: "removed",
        attention: null,
        attentionDetail: null,
      });
      const [row] = await rows("member.removed");
      expect(row).toMatchObject({
        outcome: "success",
        targetEmail: username,
        targetId: ACTIVE,
        detail: "left the directory; removed by an admin",
      });
    });

    it("refuses a row of another org, one not listed as left, one without an Atlas user, and a pending user", async () => {
      const { username } = (await atlasUser(ACTIVE))!;
      const pending = (await atlasUser(PENDING))!;
      const elsewhere = await insertRow({ userName: username, atlasUserId: ACTIVE, orgId: DEMO.secondOrgId });
      const notLeft = await insertRow({ userName: "still.here@demo-corp.example", atlasUserId: ACTIVE_2 });
      await h.db.update(scimUsers).set({ attention: null }).where(eq(scimUsers.id, notLeft));
      const unlinked = await insertRow({ userName: "never.joined@demo-corp.example" });
      const invited = await insertRow({ userName: pending.username, atlasUserId: PENDING });

      const cases: [string, string, RegExp][] = [
        [elsewhere, "not_found", /No directory user/],
        [randomUUID(), "not_found", /No directory user/],
        [notLeft, "conflict", /not listed as having left/],
        [unlinked, "conflict", /no Atlas member linked/],
        [invited, "conflict", /not accepted the invitation/],
      ];
      for (const [scimUserId, code, message] of cases) {
        await expect(removeDirectoryLeaver({ orgId: ORG, scimUserId, actor })).rejects.toMatchObject({
          code,
          message: expect.stringMatching(message),
        });
      }
      expect(await changes()).toHaveLength(0);
      expect(await rowOf(invited)).toMatchObject({ atlasState: "member", attention: "left" });
      expect(await rowOf(elsewhere)).toMatchObject({ atlasState: "member", attention: "left" });
      const own = await h.db
        .select()
        .from(auditRows)
        .where(and(eq(auditRows.action, "member.removed"), eq(auditRows.outcome, "success")));
      expect(own).toHaveLength(0);
    });
  });

  describe("after a crash", () => {
    it("the reconciler settles member rows by what Atlas shows", async () => {
      const crashed = { userId: null, email: "provisioning: okta", ip: null, userAgent: null };
      // Removed before the crash (Atlas shows it), and a removal that never reached Atlas.
      await removeMember({
        orgId: ORG,
        atlasUserId: ACTIVE,
        email: (await atlasUser(ACTIVE))!.username,
        actor,
        reason: "t",
      });
      const removed = await beginAudit(crashed, { action: "member.removed", orgId: ORG, targetId: ACTIVE });
      const notRemoved = await beginAudit(crashed, {
        action: "member.removed",
        orgId: ORG,
        targetId: ACTIVE_2,
      });
      const grants = (after: string[]) => ({
        before: { orgRoles: ["ORG_MEMBER"], teamIds: [team(5)], projectRoles: [] },
        after: { orgRoles: ["ORG_MEMBER"], teamIds: after, projectRoles: [] },
      });
      const teamsHeld = await beginAudit(crashed, {
        action: "member.teams_changed",
        orgId: ORG,
        targetId: ACTIVE_2,
        grants: grants([team(5)]),
      });
      const teamsLost = await beginAudit(crashed, {
        action: "member.teams_changed",
        orgId: ORG,
        targetId: ACTIVE_2,
        grants: grants([team(5), team(1)]),
      });
      const outcome = async (id: string) =>
        (await h.db.select().from(auditRows).where(eq(auditRows.id, id)))[0]!.outcome;
      await reconcilePendingAudit(h.db, async () => currentAtlas());
      expect(await outcome(removed)).toBe("success");
      expect(await outcome(teamsHeld)).toBe("success");
      // Not shown by Atlas: left pending until the calls could have finished, then failures.
      expect(await outcome(notRemoved)).toBe("pending");
      expect(await outcome(teamsLost)).toBe("pending");
      const later = () =>
        Date.now() + settleAfterMs("member.teams_changed") + settleAfterMs("member.removed");
      await reconcilePendingAudit(h.db, async () => currentAtlas(), { now: later });
      expect(await outcome(notRemoved)).toBe("failure");
      expect(await outcome(teamsLost)).toBe("failure");
    });
  });
});
