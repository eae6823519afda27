// Edit and renew through the console's routes, legacy invitations API mode, against the simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestSim } from "@/sim/test/support/sim";
import { useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";
import {
  DAY_MS,
  DB_NAME,
  GHOST,
  GHOST_TEAM,
  ORG,
  P1,
  T1,
  T2,
  atlasCalls,
  edit,
  history,
  invite,
  renew,
  simNow,
  startConsole,
} from "./edit-renew.shared";

let sim: TestSim;
let close: () => Promise<void>;
let inviter: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  ({ sim, close } = await startConsole("invitations"));
  admin = await signedInRequest("admin");
  inviter = await signedInRequest("inviter");
});
afterAll(() => close());
beforeEach(() => useDefaultHeaders(admin));

let n = 0;
const INVITES = `/api/atlas/v2/orgs/${ORG}/invites`;
const grants = {
  orgRoles: ["ORG_MEMBER"],
  teamIds: [T1],
  projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
};
async function pending(tag: string) {
  const email = `${tag}-${++n}-${DB_NAME}@edit-renew.example`;
  const res = await invite({ emails: email, ...grants });
  expect(res.status, res.text).toBe(201);
  await sim.control("DELETE", "/__sim/requests");
  return { email, id: res.body.results[0].invitation.id as string };
}

describe(`edit, legacy invitations API (${DB_NAME})`, () => {
  it("a team swapped: one PATCH by id carrying only teamIds", async () => {
    const { email, id } = await pending("legacy-team");
    const res = await edit(id, { source: "invitations", ...grants, teamIds: [T2] });
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
    const { id } = await pending("legacy-reset");
    const res = await edit(id, {
      source: "invitations",
      ...grants,
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
    const email = `legacy-billing-${++n}-${DB_NAME}@edit-renew.example`;
    const created = await invite({ emails: email, ...grants, orgRoles: ["ORG_BILLING_ADMIN"] });
    expect(created.status).toBe(201);
    await sim.control("DELETE", "/__sim/requests");
    useDefaultHeaders(inviter);
    const res = await edit(created.body.results[0].invitation.id, { source: "invitations", ...grants });
    expect(res.status).toBe(403);
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
  });

  it("T29: an inviter may not change the teams of an Organization Billing Admin invitation: 403, no PATCH", async () => {
    const email = `legacy-billing-teams-${++n}-${DB_NAME}@edit-renew.example`;
    const billing = { ...grants, orgRoles: ["ORG_BILLING_ADMIN"] };
    const created = await invite({ emails: email, ...billing });
    expect(created.status).toBe(201);
    await sim.control("DELETE", "/__sim/requests");
    useDefaultHeaders(inviter);
    const res = await edit(created.body.results[0].invitation.id, {
      source: "invitations",
      ...billing,
      teamIds: [T1, T2],
    });
    expect(res.status, res.text).toBe(403);
    expect(res.body.error.message).toBe(
      "Only console admins may change an invitation that grants Organization Billing Admin.",
    );
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
  });

  it("the list's source disagrees with the connection's API: 409, no Atlas call", async () => {
    const { id } = await pending("legacy-stale");
    const res = await edit(id, { source: "users", ...grants, teamIds: [] });
    expect(res.status).toBe(409);
    expect(await atlasCalls(sim)).toEqual([]);
  });
});

describe(`renew, legacy invitations API (${DB_NAME})`, () => {
  it("T29: an inviter may not renew an Organization Billing Admin invitation: 403, no DELETE, no create", async () => {
    const email = `legacy-renew-billing-${++n}-${DB_NAME}@edit-renew.example`;
    const created = await invite({ emails: email, ...grants, orgRoles: ["ORG_MEMBER", "ORG_BILLING_ADMIN"] });
    expect(created.status).toBe(201);
    await sim.control("DELETE", "/__sim/requests");
    useDefaultHeaders(inviter);
    const res = await renew(created.body.results[0].invitation.id, "invitations");
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
    const { email, id } = await pending("legacy-renew-refused");
    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: INVITES,
      status: 400,
      errorCode: "INVALID_EMAIL_ADDRESS",
      times: 1,
    });
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
    expect(h.rows.filter((r) => r.status === "pending").map((r) => r.grants)).toEqual([grants]);
  });

  it("one DELETE by id then one create with identical grants; expiry 30 days from the simulated now", async () => {
    const { email, id } = await pending("legacy-renew");
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
      roles: grants.orgRoles,
      teamIds: grants.teamIds,
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
