// Edit and renew through the console's routes, legacy invitations API mode, against the simulator.
import { describe, expect, it } from "vitest";
import { useDefaultHeaders } from "../support/routes";
import {
  DAY_MS,
  DB_NAME,
  GHOST,
  GHOST_TEAM,
  GRANTS,
  ORG,
  P1,
  T1,
  T2,
  atlasCalls,
  edit,
  history,
  pending,
  refuseCreates,
  renew,
  simNow,
  useConsole,
} from "./edit-renew.shared";

const { sim, inviter } = useConsole("invitations");
const INVITES = `/api/atlas/v2/orgs/${ORG}/invites`;

describe(`edit, legacy invitations API (${DB_NAME})`, () => {
  it("a team swapped: one PATCH by id carrying only teamIds", async () => {
    const { email, id } = await pending(sim, "legacy-team");
    const res = await edit(id, { source: "invitations", ...GRANTS, teamIds: [T2] });
    expect(res.status, res.text).toBe(200);
    expect(await atlasCalls(sim)).toEqual([
      { method: "GET", path: `${INVITES}/${id}`, body: null, status: 200 },
      { method: "PATCH", path: `${INVITES}/${id}`, body: { teamIds: [T2] }, status: 200 },
    ]);
    const h = await history(email);
    expect(h.rows[0]!.grants.teamIds).toEqual([T2]);
    expect(h.events.map((e) => e.kind)).toContain("edited");
  });

  it("roles changed and project roles emptied: roles and an empty groupRoleAssignments, teams left out", async () => {
    const { id } = await pending(sim, "legacy-reset");
    const res = await edit(id, {
      source: "invitations",
      ...GRANTS,
      orgRoles: ["ORG_READ_ONLY"],
      projectRoles: [],
    });
    expect(res.status, res.text).toBe(200);
    const patches = (await atlasCalls(sim)).filter((c) => c.method === "PATCH");
    expect(patches.map((p) => p.body)).toEqual([{ roles: ["ORG_READ_ONLY"], groupRoleAssignments: [] }]);
    expect(res.body.invitation).toMatchObject({
      orgRoles: ["ORG_READ_ONLY"],
      teamIds: [T1],
      projectRoles: [],
    });
  });

  it("an inviter may not remove Organization Billing Admin: 403, no PATCH", async () => {
    const { id } = await pending(sim, "legacy-billing", ["ORG_BILLING_ADMIN"]);
    useDefaultHeaders(inviter);
    const res = await edit(id, { source: "invitations", ...GRANTS });
    expect(res.status).toBe(403);
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
  });

  it("T29: an inviter may not change the teams of an Organization Billing Admin invitation: 403, no PATCH", async () => {
    const { id } = await pending(sim, "legacy-billing-teams", ["ORG_BILLING_ADMIN"]);
    useDefaultHeaders(inviter);
    const res = await edit(id, {
      source: "invitations",
      ...GRANTS,
      orgRoles: ["ORG_BILLING_ADMIN"],
      teamIds: [T1, T2],
    });
    expect(res.status, res.text).toBe(403);
    expect(res.body.error.message).toBe(
      "Only console admins may change an invitation that grants Organization Billing Admin.",
    );
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
  });

  it("the list's source disagrees with the connection's API: 409, no Atlas call", async () => {
    const { id } = await pending(sim, "legacy-stale");
    const res = await edit(id, { source: "users", ...GRANTS, teamIds: [] });
    expect(res.status).toBe(409);
    expect(await atlasCalls(sim)).toEqual([]);
  });
});

describe(`renew, legacy invitations API (${DB_NAME})`, () => {
  it("T29: an inviter may not renew an Organization Billing Admin invitation: 403, no DELETE, no create", async () => {
    const { id } = await pending(sim, "legacy-renew-billing", ["ORG_MEMBER", "ORG_BILLING_ADMIN"]);
    useDefaultHeaders(inviter);
    const res = await renew(id, "invitations");
    expect(res.status, res.text).toBe(403);
    expect(res.body.error.message).toBe(
      "Only console admins may renew an invitation that grants Organization Billing Admin.",
    );
    expect((await atlasCalls(sim)).filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("a team deleted since the invitation: refused before the cancel, naming the team", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const res = await renew(GHOST.invitationId, "invitations");
    expect(res.status, res.text).toBe(409);
    expect(res.body.error.message).toMatch(
      new RegExp(`^Team ${GHOST_TEAM} no longer exists in the org; the invitation was not renewed\\.`),
    );
    expect((await atlasCalls(sim)).filter((c) => c.method !== "GET")).toEqual([]);
  });

  it("Atlas refuses the create after the DELETE: the earlier invitation is restored with its grants", async () => {
    const { email, id } = await pending(sim, "legacy-renew-refused");
    await refuseCreates(sim, INVITES, 1);
    const res = await renew(id, "invitations");
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.message).toMatch(/The earlier invitation was restored with its grants\.$/);
    const writes = (await atlasCalls(sim)).filter((c) => c.method !== "GET");
    expect(writes.map((c) => [c.method, c.path, c.status])).toEqual([
      ["DELETE", `${INVITES}/${id}`, 204],
      ["POST", INVITES, 400],
      ["POST", INVITES, 200],
    ]);
    const h = await history(email);
    expect(h.rows.filter((r) => r.status === "pending").map((r) => r.grants)).toEqual([GRANTS]);
  });

  it("one DELETE by id then one create with identical grants; expiry 30 days from the simulated now", async () => {
    const { email, id } = await pending(sim, "legacy-renew");
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 5 * 24 * 3600 });
    const res = await renew(id, "invitations");
    expect(res.status, res.text).toBe(201);
    const writes = (await atlasCalls(sim)).filter((c) => c.method !== "GET");
    expect(writes.map((c) => [c.method, c.path, c.status])).toEqual([
      ["DELETE", `${INVITES}/${id}`, 204],
      ["POST", INVITES, 200],
    ]);
    expect(writes[1]!.body).toEqual({
      username: email,
      roles: GRANTS.orgRoles,
      teamIds: GRANTS.teamIds,
      groupRoleAssignments: [{ groupId: P1, roles: ["GROUP_READ_ONLY"] }],
    });
    const now = await simNow(sim);
    expect(Math.abs(Date.parse(res.body.invitation.expiresAt) - (now + 30 * DAY_MS))).toBeLessThanOrEqual(
      2000,
    );
    const h = await history(email);
    expect(h.rows.map((r) => r.status).sort()).toEqual(["pending", "superseded"]);
  });
});
