import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, ORG_PATH, V2023, V2025, startTestSim } from "./support/sim";
import type { TestSim } from "./support/sim";

const DAY = 24 * 3600;
const TEAM_1 = "5f2000000000000000000001";
const TEAM_2 = "5f2000000000000000000002";
const PROJECT_1 = "5f3000000000000000000001";
const PROJECT_2 = "5f3000000000000000000002";
const SECOND_ORG_TEAM = "5fc000000000000000000001";
const SECOND_ORG_PROJECT = "5f9000000000000000000001";
const ACTIVE_MEMBER = "ada.lovelace@demo-corp.example";

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset");
});

let n = 0;
const email = (tag: string) => `${tag}-${++n}@newhire.example`;

const legacyCreate = (body: unknown) => sim.api("POST", `${ORG_PATH}/invites`, { body });
const usersCreate = (body: unknown) => sim.api("POST", `${ORG_PATH}/users`, { accept: V2025, body });
const usersList = (query = "") =>
  sim.api("GET", `${ORG_PATH}/users?itemsPerPage=500${query}`, { accept: V2025 });
const legacyList = (query = "") => sim.api("GET", `${ORG_PATH}/invites${query}`);
const byUsername = async (username: string, statuses = "PENDING") => {
  const q = statuses
    .split(",")
    .map((s) => `&orgMembershipStatuses=${s}`)
    .join("");
  const res = await usersList(`&username=${encodeURIComponent(username)}${q}`);
  return res.body.results as any[];
};

describe("one invitation, two APIs", () => {
  it("a legacy invitation is a PENDING user with a different id, and the same grants", async () => {
    const username = email("legacy");
    const created = await legacyCreate({
      username,
      roles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
      teamIds: [TEAM_1],
      groupRoleAssignments: [
        { groupId: PROJECT_1, roles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      username,
      orgId: DEMO.orgId,
      orgName: "Demo Org",
      roles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
      teamIds: [TEAM_1],
      inviterUsername: DEMO.owner.clientId,
      groupRoleAssignments: [
        { groupId: PROJECT_1, groupRole: "GROUP_READ_ONLY" },
        { groupId: PROJECT_1, groupRole: "GROUP_DATA_ACCESS_READ_ONLY" },
      ],
    });
    const [user] = await byUsername(username);
    expect(user).toMatchObject({
      username,
      orgMembershipStatus: "PENDING",
      roles: {
        orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
        groupRoleAssignments: [
          { groupId: PROJECT_1, groupRoles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] },
        ],
      },
      teamIds: [TEAM_1],
      invitationCreatedAt: created.body.createdAt,
      invitationExpiresAt: created.body.expiresAt,
    });
    expect(user.id).toMatch(/^[a-f0-9]{24}$/);
    expect(user.id).not.toBe(created.body.id);
  });

  it("a users-API invitation answers 201 and shows in the legacy list", async () => {
    const username = email("users");
    const created = await usersCreate({
      username,
      roles: {
        orgRoles: ["ORG_READ_ONLY"],
        groupRoleAssignments: [{ groupId: PROJECT_2, groupRoles: ["GROUP_OWNER"] }],
      },
      teamIds: [TEAM_2],
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe(`${V2025};charset=utf-8`);
    expect(created.body).toMatchObject({ username, orgMembershipStatus: "PENDING", teamIds: [TEAM_2] });
    const legacy = await legacyList(`?username=${encodeURIComponent(username)}`);
    expect(legacy.body).toHaveLength(1);
    expect(legacy.body[0]).toMatchObject({
      username,
      roles: ["ORG_READ_ONLY"],
      groupRoleAssignments: [{ groupId: PROJECT_2, groupRole: "GROUP_OWNER" }],
    });
    expect(legacy.body[0].id).not.toBe(created.body.id);
  });

  it("expires 30 days after creation, timestamps without milliseconds", async () => {
    const created = await legacyCreate({ username: email("expiry"), roles: ["ORG_MEMBER"] });
    const { createdAt, expiresAt } = created.body;
    expect(createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(expiresAt) - Date.parse(createdAt)).toBe(30 * DAY * 1000);
  });
});

describe("duplicates", () => {
  it("users API: 409 for a PENDING or ACTIVE user with that e-mail, compared case-insensitively", async () => {
    const username = email("Dup");
    expect((await usersCreate({ username, roles: { orgRoles: ["ORG_MEMBER"] } })).status).toBe(201);
    const again = await usersCreate({
      username: username.toUpperCase(),
      roles: { orgRoles: ["ORG_MEMBER"] },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: 409, errorCode: "USER_ALREADY_INVITED", reason: "Conflict" });
    const member = await usersCreate({
      username: ACTIVE_MEMBER.toUpperCase(),
      roles: { orgRoles: ["ORG_MEMBER"] },
    });
    expect(member.status).toBe(409);
    expect(member.body.errorCode).toBe("USER_ALREADY_IN_ORG");
    expect((await byUsername(username)).length).toBe(1);
  });

  it("legacy API refuses a second pending invitation with 400 (409 is not declared for it)", async () => {
    const username = email("dup-legacy");
    expect((await legacyCreate({ username, roles: ["ORG_MEMBER"] })).status).toBe(200);
    const again = await legacyCreate({ username, roles: ["ORG_READ_ONLY"] });
    expect(again.status).toBe(400);
    expect(again.body.errorCode).toBe("USER_ALREADY_INVITED");
    expect((await legacyCreate({ username: ACTIVE_MEMBER, roles: ["ORG_MEMBER"] })).body.errorCode).toBe(
      "USER_ALREADY_IN_ORG",
    );
  });

  it("an expired invitation becomes INVITATION_EXPIRED and is replaced by a new one", async () => {
    const username = email("expired");
    const first = await usersCreate({ username, roles: { orgRoles: ["ORG_MEMBER"] } });
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 30 * DAY - 60 });
    expect((await byUsername(username))[0]?.orgMembershipStatus).toBe("PENDING");
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 61 });
    expect(await byUsername(username)).toEqual([]);
    const [expired] = await byUsername(username, "INVITATION_EXPIRED");
    expect(expired).toMatchObject({ id: first.body.id, orgMembershipStatus: "INVITATION_EXPIRED" });
    expect((await legacyList(`?username=${encodeURIComponent(username)}`)).body).toEqual([]);

    const again = await usersCreate({ username, roles: { orgRoles: ["ORG_READ_ONLY"] } });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(first.body.id);
    const all = await byUsername(username, "PENDING,ACTIVE,INVITATION_EXPIRED,INVITATION_REJECTED");
    expect(all.map((u) => u.orgMembershipStatus)).toEqual(["PENDING"]);
  });

  it("a rejected invitation has no expiry and is replaced by a new one", async () => {
    const username = email("rejected");
    const first = await usersCreate({ username, roles: { orgRoles: ["ORG_MEMBER"] } });
    const rejected = await sim.control("POST", `/__sim/orgs/${DEMO.orgId}/users/${first.body.id}/reject`);
    expect(rejected.status).toBe(200);
    const [user] = await byUsername(username, "INVITATION_REJECTED");
    expect(user).toMatchObject({ orgMembershipStatus: "INVITATION_REJECTED", invitationExpiresAt: null });
    expect((await legacyCreate({ username, roles: ["ORG_MEMBER"] })).status).toBe(200);
    const all = await byUsername(username, "PENDING,ACTIVE,INVITATION_EXPIRED,INVITATION_REJECTED");
    expect(all.map((u) => u.orgMembershipStatus)).toEqual(["PENDING"]);
  });
});

describe("the invitee answers", () => {
  it("accepting a legacy invitation: it leaves the list, the user is ACTIVE, it can no longer be cancelled", async () => {
    const username = email("accept");
    const inv = await legacyCreate({ username, roles: ["ORG_MEMBER"], teamIds: [TEAM_1] });
    const accepted = await sim.control("POST", `/__sim/orgs/${DEMO.orgId}/invites/${inv.body.id}/accept`);
    expect(accepted.status).toBe(200);
    expect((await legacyList(`?username=${encodeURIComponent(username)}`)).body).toEqual([]);
    expect((await sim.api("GET", `${ORG_PATH}/invites/${inv.body.id}`)).status).toBe(404);
    const cancel = await sim.api("DELETE", `${ORG_PATH}/invites/${inv.body.id}`);
    expect(cancel.status).toBe(404);
    expect(cancel.body.errorCode).toBe("INVITATION_NOT_FOUND");
    const [user] = await byUsername(username, "ACTIVE");
    expect(user).toMatchObject({
      orgMembershipStatus: "ACTIVE",
      teamIds: [TEAM_1],
      roles: { orgRoles: ["ORG_MEMBER"] },
    });
    expect(user.createdAt).toMatch(/Z$/);
    expect(user).not.toHaveProperty("invitationExpiresAt");
  });

  it("accepting twice, or accepting an expired invitation, is a 409 from the control API", async () => {
    const created = await usersCreate({ username: email("twice"), roles: { orgRoles: ["ORG_MEMBER"] } });
    const path = `/__sim/orgs/${DEMO.orgId}/users/${created.body.id}/accept`;
    expect((await sim.control("POST", path)).status).toBe(200);
    expect((await sim.control("POST", path)).status).toBe(409);
    const other = await usersCreate({ username: email("late"), roles: { orgRoles: ["ORG_MEMBER"] } });
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * DAY });
    const late = await sim.control("POST", `/__sim/orgs/${DEMO.orgId}/users/${other.body.id}/accept`);
    expect(late.status).toBe(409);
    expect(late.body.orgMembershipStatus).toBe("INVITATION_EXPIRED");
  });

  it("an accepted project invitation makes the person an ACTIVE member with that project role", async () => {
    const list = await sim.api("GET", `/api/atlas/v2/groups/${PROJECT_1}/invites`);
    const inv = list.body[0];
    const accepted = await sim.control("POST", `/__sim/groups/${PROJECT_1}/invites/${inv.id}/accept`);
    expect(accepted.status).toBe(200);
    const [user] = await byUsername(inv.username, "ACTIVE");
    expect(user.roles.groupRoleAssignments).toContainEqual({ groupId: PROJECT_1, groupRoles: inv.roles });
    expect((await sim.api("GET", `/api/atlas/v2/groups/${PROJECT_1}/invites/${inv.id}`)).status).toBe(404);
  });
});

describe("edit", () => {
  it("users API PATCH changes only the fields present; an empty value resets that field", async () => {
    const created = await usersCreate({
      username: email("patch"),
      roles: {
        orgRoles: ["ORG_MEMBER"],
        groupRoleAssignments: [{ groupId: PROJECT_1, groupRoles: ["GROUP_OWNER"] }],
      },
      teamIds: [TEAM_1],
    });
    const path = `${ORG_PATH}/users/${created.body.id}`;
    const teamsOnly = await sim.api("PATCH", path, { accept: V2025, body: { teamIds: [TEAM_2] } });
    expect(teamsOnly.status).toBe(200);
    expect(teamsOnly.body).toMatchObject({
      teamIds: [TEAM_2],
      roles: {
        orgRoles: ["ORG_MEMBER"],
        groupRoleAssignments: [{ groupId: PROJECT_1, groupRoles: ["GROUP_OWNER"] }],
      },
    });
    const rolesOnly = await sim.api("PATCH", path, {
      accept: V2025,
      body: { roles: { orgRoles: ["ORG_READ_ONLY"] } },
    });
    expect(rolesOnly.body.roles).toEqual({
      orgRoles: ["ORG_READ_ONLY"],
      groupRoleAssignments: [{ groupId: PROJECT_1, groupRoles: ["GROUP_OWNER"] }],
    });
    const reset = await sim.api("PATCH", path, {
      accept: V2025,
      body: { roles: { orgRoles: ["ORG_READ_ONLY"], groupRoleAssignments: [] }, teamIds: [] },
    });
    expect(reset.body).toMatchObject({
      teamIds: [],
      roles: { orgRoles: ["ORG_READ_ONLY"], groupRoleAssignments: [] },
    });
    const noRoles = await sim.api("PATCH", path, { accept: V2025, body: { roles: { orgRoles: [] } } });
    expect(noRoles.status).toBe(400);
    // PATCH keeps expiresAt: an edit is not a renewal.
    expect(reset.body.invitationExpiresAt).toBe(created.body.invitationExpiresAt);
  });

  it("legacy PATCH by id and by username", async () => {
    const username = email("legacy-patch");
    const inv = await legacyCreate({ username, roles: ["ORG_MEMBER"] });
    const byId = await sim.api("PATCH", `${ORG_PATH}/invites/${inv.body.id}`, {
      body: { roles: ["ORG_READ_ONLY"] },
    });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      id: inv.body.id,
      roles: ["ORG_READ_ONLY"],
      expiresAt: inv.body.expiresAt,
    });
    const byName = await sim.api("PATCH", `${ORG_PATH}/invites`, {
      body: { username: username.toUpperCase(), teamIds: [TEAM_1] },
    });
    expect(byName.body).toMatchObject({ id: inv.body.id, roles: ["ORG_READ_ONLY"], teamIds: [TEAM_1] });
    const unknown = await sim.api("PATCH", `${ORG_PATH}/invites`, {
      body: { username: email("nobody"), roles: ["ORG_MEMBER"] },
    });
    expect(unknown.status).toBe(404);
  });
});

describe("cancel and remove", () => {
  it("users API DELETE cancels a pending invitation; the legacy list loses it too", async () => {
    const username = email("cancel");
    const created = await usersCreate({ username, roles: { orgRoles: ["ORG_MEMBER"] } });
    const del = await sim.api("DELETE", `${ORG_PATH}/users/${created.body.id}`, { accept: V2025 });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await legacyList(`?username=${encodeURIComponent(username)}`)).body).toEqual([]);
    expect((await sim.api("DELETE", `${ORG_PATH}/users/${created.body.id}`, { accept: V2025 })).status).toBe(
      404,
    );
  });

  it("users API DELETE removes an active member; 2023-01-01 only knows active members", async () => {
    const [member] = await byUsername(ACTIVE_MEMBER, "ACTIVE");
    const pending = await usersCreate({ username: email("old-delete"), roles: { orgRoles: ["ORG_MEMBER"] } });
    const old = await sim.api("DELETE", `${ORG_PATH}/users/${pending.body.id}`, { accept: V2023 });
    expect(old.status).toBe(404);
    expect((await sim.api("DELETE", `${ORG_PATH}/users/${member.id}`, { accept: V2023 })).status).toBe(204);
    expect(await byUsername(ACTIVE_MEMBER, "ACTIVE")).toEqual([]);
  });

  it("legacy DELETE answers 204 and the users API loses the pending user", async () => {
    const username = email("legacy-cancel");
    const inv = await legacyCreate({ username, roles: ["ORG_MEMBER"] });
    const del = await sim.api("DELETE", `${ORG_PATH}/invites/${inv.body.id}`);
    expect(del.status).toBe(204);
    expect(del.headers.get("content-type")).toBe(`${V2023};charset=utf-8`);
    expect(await byUsername(username)).toEqual([]);
  });
});

describe("request validation", () => {
  const cases: [string, unknown, number, string][] = [
    ["missing username", { roles: { orgRoles: ["ORG_MEMBER"] } }, 400, "MISSING_ATTRIBUTE"],
    [
      "bad e-mail",
      { username: "not-an-email", roles: { orgRoles: ["ORG_MEMBER"] } },
      400,
      "INVALID_EMAIL_ADDRESS",
    ],
    ["missing roles", { username: "x@newhire.example" }, 400, "MISSING_ATTRIBUTE"],
    ["no org role", { username: "x@newhire.example", roles: { orgRoles: [] } }, 400, "INVALID_ATTRIBUTE"],
    [
      "unknown org role",
      { username: "x@newhire.example", roles: { orgRoles: ["ORG_GOD"] } },
      400,
      "INVALID_ENUM_VALUE",
    ],
    [
      "unknown project role",
      {
        username: "x@newhire.example",
        roles: {
          orgRoles: ["ORG_MEMBER"],
          groupRoleAssignments: [{ groupId: PROJECT_1, groupRoles: ["GROUP_GOD"] }],
        },
      },
      400,
      "INVALID_ENUM_VALUE",
    ],
    [
      "malformed team id",
      { username: "x@newhire.example", roles: { orgRoles: ["ORG_MEMBER"] }, teamIds: ["../x"] },
      400,
      "INVALID_TEAM_ID",
    ],
    [
      "team of another org",
      { username: "x@newhire.example", roles: { orgRoles: ["ORG_MEMBER"] }, teamIds: [SECOND_ORG_TEAM] },
      404,
      "TEAM_NOT_FOUND",
    ],
    [
      "project of another org",
      {
        username: "x@newhire.example",
        roles: {
          orgRoles: ["ORG_MEMBER"],
          groupRoleAssignments: [{ groupId: SECOND_ORG_PROJECT, groupRoles: ["GROUP_OWNER"] }],
        },
      },
      404,
      "GROUP_NOT_FOUND",
    ],
    ["an array body", [], 400, "INVALID_JSON"],
  ];
  for (const [name, body, status, code] of cases) {
    it(`createOrgUser: ${name} → ${status} ${code}`, async () => {
      const res = await usersCreate(body);
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(res.body).toMatchObject({ error: status, errorCode: code });
      expect(typeof res.body.detail).toBe("string");
    });
  }

  it("malformed JSON → 400 INVALID_JSON; a text/plain body → 415; nothing is created", async () => {
    const bad = await sim.api("POST", `${ORG_PATH}/invites`, { rawBody: '{"username":', contentType: V2023 });
    expect(bad.status).toBe(400);
    expect(bad.body.errorCode).toBe("INVALID_JSON");
    const text = await sim.api("POST", `${ORG_PATH}/invites`, {
      rawBody: JSON.stringify({ username: "t@newhire.example", roles: ["ORG_MEMBER"] }),
      contentType: "text/plain",
    });
    expect(text.status).toBe(415);
    expect((await legacyList("?username=t@newhire.example")).body).toEqual([]);
  });

  it("field errors carry badRequestDetail", async () => {
    const res = await usersCreate({ username: "nope", roles: { orgRoles: ["ORG_MEMBER"] } });
    expect(res.body.badRequestDetail.fields[0]).toMatchObject({ field: "username" });
  });
});

describe("legacy project invitations", () => {
  it("list, create, get, update, delete; the users API does not see them", async () => {
    const base = `/api/atlas/v2/groups/${PROJECT_2}/invites`;
    const username = email("project");
    const created = await sim.api("POST", base, { body: { username, roles: ["GROUP_READ_ONLY"] } });
    expect(created.status).toBe(200);
    expect(created.headers.get("deprecation")).toBe("Wed, 4 Oct 2023 00:00:00 GMT");
    expect(created.body).toMatchObject({
      username,
      groupId: PROJECT_2,
      groupName: "Staging",
      roles: ["GROUP_READ_ONLY"],
    });
    expect((await sim.api("GET", `${base}/${created.body.id}`)).body.username).toBe(username);
    const patched = await sim.api("PATCH", `${base}/${created.body.id}`, {
      body: { roles: ["GROUP_OWNER"] },
    });
    expect(patched.body.roles).toEqual(["GROUP_OWNER"]);
    expect((await sim.api("GET", `${base}?username=${encodeURIComponent(username)}`)).body).toHaveLength(1);
    expect(await byUsername(username, "PENDING,ACTIVE,INVITATION_EXPIRED,INVITATION_REJECTED")).toEqual([]);
    expect((await sim.api("DELETE", `${base}/${created.body.id}`)).status).toBe(204);
    expect((await sim.api("GET", `${base}/${created.body.id}`)).status).toBe(404);
  });
});

describe("createUser (POST /api/atlas/v2/users)", () => {
  const body = (username: string) => ({
    username,
    password: "correct horse battery",
    firstName: "Grace",
    lastName: "Hopper",
    country: "US",
    mobileNumber: "2125551234",
    roles: [
      { orgId: DEMO.orgId, roleName: "ORG_MEMBER" },
      { groupId: PROJECT_1, roleName: "GROUP_READ_ONLY" },
    ],
  });

  it("answers 201 with Location and invites the account into the org", async () => {
    const username = email("account");
    const res = await sim.api("POST", "/api/atlas/v2/users", { body: body(username) });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`${sim.url}/api/atlas/v1.0/users/${res.body.id}`);
    expect(res.headers.get("ratelimit-limit")).toBe("2500");
    expect(res.body).toMatchObject({
      username,
      emailAddress: username,
      roles: [],
      teamIds: [],
      country: "US",
    });
    expect(res.body).not.toHaveProperty("password");
    const [user] = await byUsername(username);
    expect(user.roles).toEqual({
      orgRoles: ["ORG_MEMBER"],
      groupRoleAssignments: [{ groupId: PROJECT_1, groupRoles: ["GROUP_READ_ONLY"] }],
    });
    const journal = await sim.journal({ operationId: "createUser" });
    expect(journal.at(-1)?.body).toMatchObject({ password: "[redacted]" });
  });

  it("refuses an existing account (409), a short password (400) and an org it does not own (403)", async () => {
    const username = email("account-dup");
    expect((await sim.api("POST", "/api/atlas/v2/users", { body: body(username) })).status).toBe(201);
    expect((await sim.api("POST", "/api/atlas/v2/users", { body: body(username) })).status).toBe(409);
    const short = await sim.api("POST", "/api/atlas/v2/users", {
      body: { ...body(email("pw")), password: "short" },
    });
    expect(short.status).toBe(400);
    const other = await sim.api("POST", "/api/atlas/v2/users", {
      body: { ...body(email("other")), roles: [{ orgId: DEMO.secondOrgId, roleName: "ORG_MEMBER" }] },
    });
    expect(other.status).toBe(403);
  });
});

describe("project re-invitations and Accept lists", () => {
  it("a second project invitation for the same e-mail updates the pending one", async () => {
    const base = `/api/atlas/v2/groups/${PROJECT_1}/invites`;
    const username = email("reinvite");
    const first = await sim.api("POST", base, { body: { username, roles: ["GROUP_READ_ONLY"] } });
    const second = await sim.api("POST", base, {
      body: { username: username.toUpperCase(), roles: ["GROUP_OWNER"] },
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      id: first.body.id,
      roles: ["GROUP_OWNER"],
      createdAt: first.body.createdAt,
    });
    expect((await sim.api("GET", `${base}?username=${encodeURIComponent(username)}`)).body).toHaveLength(1);
  });

  it("Accept is matched as whole media types: a list works, a suffixed type does not", async () => {
    const list = await sim.api("GET", ORG_PATH, { accept: `application/json;q=0.5, ${V2025};q=1` });
    expect(list.status).toBe(200);
    expect(list.headers.get("content-type")).toBe(`${V2023};charset=utf-8`);
    const junk = await sim.api("GET", ORG_PATH, { accept: `${V2023}-junk` });
    expect(junk.status).toBe(406);
  });
});

describe("team membership of one user (addOrgTeamUser / removeOrgTeamUser)", () => {
  const teamCall = (team: string, verb: "addUser" | "removeUser", body: unknown) =>
    sim.api("POST", `${ORG_PATH}/teams/${team}:${verb}`, { accept: V2025, body });

  it("adds a pending user to a team and removes them; the legacy invitation shows the same teams", async () => {
    const username = email("team");
    const created = await usersCreate({ username, roles: { orgRoles: ["ORG_MEMBER"] }, teamIds: [TEAM_1] });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const added = await teamCall(TEAM_2, "addUser", { id });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ id, orgMembershipStatus: "PENDING", teamIds: [TEAM_1, TEAM_2] });
    const again = await teamCall(TEAM_2, "addUser", { id });
    expect(again.body.teamIds).toEqual([TEAM_1, TEAM_2]);
    const removed = await teamCall(TEAM_1, "removeUser", { id });
    expect(removed.status).toBe(200);
    expect(removed.body.teamIds).toEqual([TEAM_2]);
    const legacy = (await legacyList(`?username=${encodeURIComponent(username)}`)).body as any[];
    expect(legacy[0].teamIds).toEqual([TEAM_2]);
  });

  it("refuses an expired user (USER_NOT_IN_ORG), an unknown user, a team of another org and the 2023 version", async () => {
    const username = email("lapsed");
    const created = await usersCreate({ username, roles: { orgRoles: ["ORG_MEMBER"] } });
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * DAY });
    const lapsed = await teamCall(TEAM_1, "addUser", { id: created.body.id });
    expect(lapsed.status).toBe(400);
    expect(lapsed.body.errorCode).toBe("USER_NOT_IN_ORG");
    const unknown = await teamCall(TEAM_1, "addUser", { id: "5f40000000000000000fffff" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.errorCode).toBe("USER_NOT_FOUND");
    const otherOrg = await teamCall(SECOND_ORG_TEAM, "addUser", { id: created.body.id });
    expect(otherOrg.status).toBe(404);
    expect(otherOrg.body.errorCode).toBe("TEAM_NOT_FOUND");
    const old = await sim.api("POST", `${ORG_PATH}/teams/${TEAM_1}:addUser`, {
      accept: V2023,
      body: { id: created.body.id },
    });
    expect(old.status).toBe(406);
  });
});

describe("Atlas's clock", () => {
  it("the Date header is the simulated now, as Atlas's Date is its own (expiry is judged by it)", async () => {
    const before = Date.parse((await usersList()).headers.get("date")!);
    expect(Math.abs(before - Date.now())).toBeLessThan(5_000);
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 31 * DAY });
    const after = Date.parse((await usersList()).headers.get("date")!);
    expect(after - before).toBeGreaterThanOrEqual(31 * DAY * 1000 - 5_000);
    // Past 30 days a pending person reads as INVITATION_EXPIRED on the users API.
    const expired = await usersList("&orgMembershipStatuses=INVITATION_EXPIRED");
    expect((expired.body as any).totalCount).toBeGreaterThanOrEqual(35 + 4);
  });
});
