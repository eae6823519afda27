// Edit and renew through the console's routes, users API mode, against the simulator: the journal holds
// exactly the Atlas calls expected; the ledger and audit rows tell the same story.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db";
import { recordPending, setPendingOperation } from "@/lib/server/ledger/repository";
import { useDefaultHeaders } from "../support/routes";
import {
  DAY_MS,
  DB_NAME,
  GHOST,
  GHOST_TEAM,
  GRANTS,
  ORG,
  P1,
  P2,
  T1,
  T2,
  atlasCalls,
  auditRow,
  auditTrail,
  edit,
  history,
  pending,
  refuseCreates,
  renew,
  renewals,
  simNow,
  useConsole,
} from "./edit-renew.shared";

const { sim, admin, inviter } = useConsole("users");
const USERS = `/api/atlas/v2/orgs/${ORG}/users`;

describe(`edit, users API (${DB_NAME})`, () => {
  it("adds an org role: one read, then one PATCH carrying only roles.orgRoles; ledger and audit hold before and after", async () => {
    const { email, id } = await pending(sim, "edit-role");
    const res = await edit(id, { source: "users", ...GRANTS, orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.diff.orgRoles).toEqual({ added: ["ORG_GROUP_CREATOR"], removed: [] });
    expect(await atlasCalls(sim)).toEqual([
      { method: "GET", path: `${USERS}/${id}`, body: null, status: 200 },
      {
        method: "PATCH",
        path: `${USERS}/${id}`,
        body: { roles: { orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"] } },
        status: 200,
      },
    ]);
    const now = await sim.api("GET", `${USERS}/${id}`, { accept: "application/vnd.atlas.2025-02-19+json" });
    expect(now.body.roles.orgRoles).toEqual(["ORG_MEMBER", "ORG_GROUP_CREATOR"]);
    expect(now.body.teamIds).toEqual([T1]);
    const h = await history(email);
    expect(h.rows).toHaveLength(1);
    expect(h.rows[0]!.grants.orgRoles).toEqual(["ORG_MEMBER", "ORG_GROUP_CREATOR"]);
    const edited = h.events.filter((e) => e.kind === "edited");
    expect(edited).toHaveLength(1);
    const audit = await auditRow(edited[0]!.auditId!);
    expect(audit).toMatchObject({ action: "invitation.updated", outcome: "success", targetEmail: email });
    expect(audit!.grants).toEqual({
      before: GRANTS,
      after: { ...GRANTS, orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"] },
    });
  });

  it("teams and project roles emptied: the PATCH sends them empty (an empty value resets the field)", async () => {
    const { id } = await pending(sim, "edit-reset");
    const res = await edit(id, { source: "users", orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] });
    expect(res.status, res.text).toBe(200);
    const patches = (await atlasCalls(sim)).filter((c) => c.method === "PATCH");
    expect(patches.map((p) => p.body)).toEqual([
      { roles: { orgRoles: ["ORG_MEMBER"], groupRoleAssignments: [] }, teamIds: [] },
    ]);
    expect(res.body.invitation).toMatchObject({ teamIds: [], projectRoles: [] });
  });

  it("a team swapped and a project added: teamIds and the whole groupRoleAssignments, org roles unchanged", async () => {
    const { id } = await pending(sim, "edit-teams");
    const after = {
      orgRoles: ["ORG_MEMBER"],
      teamIds: [T2],
      projectRoles: [...GRANTS.projectRoles, { projectId: P2, roles: ["GROUP_OWNER"] }],
    };
    const res = await edit(id, { source: "users", ...after });
    expect(res.status, res.text).toBe(200);
    expect(res.body.diff.teamIds).toEqual({ added: [T2], removed: [T1] });
    expect(res.body.diff.projectRoles).toEqual([{ projectId: P2, added: ["GROUP_OWNER"], removed: [] }]);
    const patches = (await atlasCalls(sim)).filter((c) => c.method === "PATCH");
    expect(patches.map((p) => p.body)).toEqual([
      {
        roles: {
          orgRoles: ["ORG_MEMBER"],
          groupRoleAssignments: [
            { groupId: P1, groupRoles: ["GROUP_READ_ONLY"] },
            { groupId: P2, groupRoles: ["GROUP_OWNER"] },
          ],
        },
        teamIds: [T2],
      },
    ]);
  });

  it("an inviter may not add Organization Owner: 403 on orgRoles, no PATCH; an admin may", async () => {
    const { email, id } = await pending(sim, "edit-owner");
    useDefaultHeaders(inviter);
    const refused = await edit(id, { source: "users", ...GRANTS, orgRoles: ["ORG_OWNER"] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.fields.orgRoles).toMatch(/Only console admins/);
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
    const plain = await edit(id, { source: "users", ...GRANTS, teamIds: [] });
    expect(plain.status, plain.text).toBe(200);
    useDefaultHeaders(admin);
    const allowed = await edit(id, { source: "users", ...GRANTS, teamIds: [], orgRoles: ["ORG_OWNER"] });
    expect(allowed.status, allowed.text).toBe(200);
    const h = await history(email);
    expect(h.events.filter((e) => e.kind === "edited")).toHaveLength(2);
  });

  it("T29: an inviter may not change anything else of an Organization Owner invitation: 403, no PATCH; an admin may", async () => {
    const { id } = await pending(sim, "edit-owner-other", ["ORG_OWNER"]);
    useDefaultHeaders(inviter);
    const owner = { source: "users", ...GRANTS, orgRoles: ["ORG_OWNER"] };
    for (const change of [
      { projectRoles: [...GRANTS.projectRoles, { projectId: P2, roles: ["GROUP_OWNER"] }] },
      { teamIds: [T1, T2] },
    ]) {
      const res = await edit(id, { ...owner, ...change });
      expect(res.status, res.text).toBe(403);
      expect(res.body.error.message).toBe(
        "Only console admins may change an invitation that grants Organization Owner.",
      );
    }
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
    useDefaultHeaders(admin);
    const allowed = await edit(id, { ...owner, teamIds: [T1, T2] });
    expect(allowed.status, allowed.text).toBe(200);
  });

  it("nothing changed → 400 and no PATCH; an unknown id → 404 and no PATCH; a bad body → 400 with fields", async () => {
    const { id } = await pending(sim, "edit-noop");
    const same = await edit(id, { source: "users", ...GRANTS });
    expect(same.status).toBe(400);
    const unknown = await edit("5f50000000000000000fffff", { source: "users", ...GRANTS });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.code).toBe("stale_list");
    const bad = await edit(id, { source: "users", ...GRANTS, orgRoles: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.orgRoles).toBeTruthy();
    expect((await atlasCalls(sim)).filter((c) => c.method === "PATCH")).toEqual([]);
  });
});

describe(`renew, users API (${DB_NAME})`, () => {
  it("one DELETE then one create with identical grants; the new expiry is 30 days from the simulated now", async () => {
    const { email, id } = await pending(sim, "renew");
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 10 * 24 * 3600 });
    const res = await renew(id, "users");
    expect(res.status, res.text).toBe(201);
    const calls = await atlasCalls(sim);
    const writes = calls.filter((c) => c.method !== "GET");
    expect(writes.map((c) => [c.method, c.path, c.status])).toEqual([
      ["DELETE", `${USERS}/${id}`, 204],
      ["POST", USERS, 201],
    ]);
    expect(writes[1]!.body).toEqual({
      username: email,
      roles: {
        orgRoles: GRANTS.orgRoles,
        groupRoleAssignments: [{ groupId: P1, groupRoles: ["GROUP_READ_ONLY"] }],
      },
      teamIds: GRANTS.teamIds,
    });
    const fresh = res.body.invitation;
    expect(fresh.id).not.toBe(id);
    const now = await simNow(sim);
    expect(Math.abs(Date.parse(fresh.expiresAt) - (now + 30 * DAY_MS))).toBeLessThanOrEqual(2000);
    const h = await history(email);
    const old = h.rows.find((r) => r.userId === id)!;
    const renewed = h.rows.find((r) => r.userId === fresh.id)!;
    expect(old).toMatchObject({ status: "superseded", supersededBy: renewed.id });
    expect(renewed).toMatchObject({ status: "pending", grants: GRANTS });
    const kinds = h.events.map((e) => [e.ledgerId === old.id ? "old" : "new", e.kind]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["old", "renew_started"],
        ["old", "renewed"],
        ["new", "created"],
      ]),
    );
    const auditId = h.events.find((e) => e.kind === "renew_started")!.auditId!;
    expect(await auditRow(auditId)).toMatchObject({ action: "invitation.renewed", outcome: "success" });
    expect((await renewals()).body.renewals).toEqual([]);
  });

  it("the create fails after the DELETE: the half-done renew is listed with its grants; finishing creates exactly one", async () => {
    const { email, id } = await pending(sim, "renew-half");
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, status: 503, times: 1 });
    const failed = await renew(id, "users");
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const listed = (await renewals()).body.renewals;
    expect(listed).toEqual([
      expect.objectContaining({
        email,
        invitationId: id,
        step: "cancelled",
        grants: GRANTS,
        source: "users",
      }),
    ]);
    await sim.control("DELETE", "/__sim/requests");
    const finished = await renew(id, "users");
    expect(finished.status, finished.text).toBe(201);
    expect(finished.body.finished).toBe(true);
    const writes = (await atlasCalls(sim)).filter((c) => c.method !== "GET");
    expect(writes.map((c) => [c.method, c.path])).toEqual([["POST", USERS]]);
    const pendingNow = await sim.api(
      "GET",
      `${USERS}?orgMembershipStatuses=PENDING&username=${encodeURIComponent(email)}`,
      { accept: "application/vnd.atlas.2025-02-19+json" },
    );
    expect(pendingNow.body.results).toHaveLength(1);
    expect((await renewals()).body.renewals).toEqual([]);
    const again = await renew(id, "users");
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("stale_list");
  });

  it("two finishes of one half-done renew at once: one creates, the other is refused or finds it done; exactly one create", async () => {
    const { email, id } = await pending(sim, "renew-race");
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, status: 503, times: 1 });
    expect((await renew(id, "users")).status).toBeGreaterThanOrEqual(500);
    await sim.control("DELETE", "/__sim/requests");
    const both = await Promise.all([renew(id, "users"), renew(id, "users")]);
    // The loser is refused while the winner runs (409) or, if it reads the ledger after the winner is done,
    // finds nothing left to renew (404); either way Atlas sees one create.
    const [won, lost] = [...both].sort((a, b) => a.status - b.status);
    expect(won!.status, won!.text).toBe(201);
    expect([404, 409]).toContain(lost!.status);
    const posts = (await atlasCalls(sim)).filter((c) => c.method === "POST");
    expect(posts, JSON.stringify(both.map((b) => b.body))).toHaveLength(1);
    const h = await history(email);
    expect(h.rows.filter((r) => r.status === "pending")).toHaveLength(1);
  });

  it("T29: an inviter may not renew an Organization Owner invitation: 403, no Atlas write, audited; an admin may", async () => {
    const { email, id } = await pending(sim, "renew-owner", ["ORG_MEMBER", "ORG_OWNER"]);
    useDefaultHeaders(inviter);
    const refused = await renew(id, "users");
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error.message).toBe(
      "Only console admins may renew an invitation that grants Organization Owner.",
    );
    expect((await atlasCalls(sim)).filter((c) => c.method !== "GET")).toEqual([]);
    const audit = await auditTrail(email, "invitation.renewed");
    expect(audit.map((r) => [r.outcome, r.userEmail?.startsWith("inviter-")])).toEqual([["refused", true]]);
    useDefaultHeaders(admin);
    expect((await renew(id, "users")).status).toBe(201);
  });

  it("T29: an inviter may not finish an admin's half-done Organization Owner renew: 403, no create; an admin may", async () => {
    const { email, id } = await pending(sim, "renew-owner-half", ["ORG_OWNER"]);
    await sim.control("POST", "/__sim/faults", { method: "POST", path: USERS, status: 503, times: 1 });
    expect((await renew(id, "users")).status).toBeGreaterThanOrEqual(500);
    await sim.control("DELETE", "/__sim/requests");
    useDefaultHeaders(inviter);
    const refused = await renew(id, "users");
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error.message).toBe(
      "Only console admins may finish renewing an invitation that grants Organization Owner.",
    );
    expect(await atlasCalls(sim)).toEqual([]);
    expect((await renewals()).body.renewals).toEqual([expect.objectContaining({ email, step: "cancelled" })]);
    useDefaultHeaders(admin);
    const finished = await renew(id, "users");
    expect(finished.status, finished.text).toBe(201);
    expect(finished.body.invitation.orgRoles).toEqual(["ORG_OWNER"]);
  });

  it("a team deleted since the invitation: refused before the cancel, naming the team; the invitation stays", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const res = await renew(GHOST.userId, "users");
    expect(res.status, res.text).toBe(409);
    expect(res.body.error.message).toBe(
      `Team ${GHOST_TEAM} no longer exists in the org; the invitation was not renewed. ` +
        "Edit the invitation to leave them out, then renew it.",
    );
    expect((await atlasCalls(sim)).filter((c) => c.method !== "GET")).toEqual([]);
    const still = await sim.api("GET", `${USERS}/${GHOST.userId}`, {
      accept: "application/vnd.atlas.2025-02-19+json",
    });
    expect(still.body.orgMembershipStatus).toBe("PENDING");
    const audit = await auditTrail(GHOST.email, "invitation.renewed");
    expect(audit.map((r) => r.outcome)).toEqual(["refused"]);
  });

  it("a half-done renew whose team was deleted meanwhile finishes without that team, and says so", async () => {
    // Left half-done before the team went (a crash after "started"): its grants still name the team.
    const db = await getDb();
    const ghostGrants = { orgRoles: ["ORG_MEMBER"], teamIds: [T1, GHOST_TEAM], projectRoles: [] };
    const row = await recordPending(
      db,
      {
        connectionId: "env",
        orgId: ORG,
        email: GHOST.email,
        source: "users",
        grants: ghostGrants,
        userId: GHOST.userId,
      },
      { kind: "discovered" },
    );
    const startedAt = new Date().toISOString();
    await setPendingOperation(db, row.id, {
      kind: "renew",
      step: "started",
      auditId: null,
      startedAt,
      grants: ghostGrants,
    });
    await sim.control("DELETE", "/__sim/requests");
    const res = await renew(GHOST.userId, "users");
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ finished: true, invitation: { teamIds: [T1] } });
    const writes = (await atlasCalls(sim)).filter((c) => c.method !== "GET");
    expect(
      writes.map((c) => [c.method, c.status, (c.body as { teamIds?: string[] } | null)?.teamIds]),
    ).toEqual([
      ["DELETE", 204, undefined],
      ["POST", 201, [T1]],
    ]);
    const audit = await auditTrail(GHOST.email, "invitation.renewed");
    expect(audit.at(-1)!.detail).toMatch(
      new RegExp(`without what no longer exists: Team ${GHOST_TEAM} no longer exists`),
    );
  });

  it("Atlas refuses the create after the cancel: the earlier invitation is restored with its grants, audited", async () => {
    const { email, id } = await pending(sim, "renew-refused");
    await refuseCreates(sim, USERS, 1);
    const res = await renew(id, "users");
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.message).toMatch(
      /^Atlas refused the new invitation.*; the invitation was not renewed\. The earlier invitation was restored with its grants\.$/,
    );
    const writes = (await atlasCalls(sim)).filter((c) => c.method !== "GET");
    expect(writes.map((c) => [c.method, c.path, c.status])).toEqual([
      ["DELETE", `${USERS}/${id}`, 204],
      ["POST", USERS, 400],
      ["POST", USERS, 201],
    ]);
    expect(writes[2]!.body).toEqual(writes[1]!.body);
    const h = await history(email);
    const now = h.rows.find((r) => r.status === "pending")!;
    expect(now).toMatchObject({ grants: GRANTS, createdByEmail: expect.stringMatching(/^admin-/) });
    expect(h.rows.find((r) => r.userId === id)).toMatchObject({ status: "superseded", supersededBy: now.id });
    const inAtlas = await sim.api("GET", `${USERS}/${now.userId}`, {
      accept: "application/vnd.atlas.2025-02-19+json",
    });
    expect(inAtlas.body).toMatchObject({ orgMembershipStatus: "PENDING", teamIds: GRANTS.teamIds });
    const renewRow = (await auditTrail(email, "invitation.renewed"))[0]!;
    expect(renewRow).toMatchObject({
      outcome: "failure",
      atlasStatus: 400,
      atlasErrorCode: "INVALID_EMAIL_ADDRESS",
    });
    expect(renewRow.detail).toMatch(/the earlier invitation was restored as /);
    const created = await auditTrail(email, "invitation.created");
    expect(
      created.map((r) => [r.outcome, /^restores the invitation a refused renew/.test(r.detail ?? "")]),
    ).toEqual([
      ["success", false],
      ["success", true],
    ]);
    expect((await renewals()).body.renewals).toEqual([]);
  });

  it("the restore refused too: the renew stays half-done with its grants and says so", async () => {
    const { email, id } = await pending(sim, "renew-refused-twice");
    await refuseCreates(sim, USERS, 2);
    const res = await renew(id, "users");
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.message).toMatch(
      /restoring the earlier one failed too\. It is listed under unfinished renews/,
    );
    expect((await renewals()).body.renewals).toEqual([
      expect.objectContaining({ email, invitationId: id, step: "cancelled", grants: GRANTS }),
    ]);
    expect((await auditTrail(email, "invitation.created")).map((r) => r.outcome)).toEqual([
      "success",
      "failure",
    ]);
    // Finishing it later creates it.
    const finished = await renew(id, "users");
    expect(finished.status, finished.text).toBe(201);
  });

  it("the create landed but its answer was lost: finishing adopts it and creates none", async () => {
    const { email, id } = await pending(sim, "renew-lost");
    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: USERS,
      drop: true,
      afterProcessing: true,
      times: 1,
    });
    // The create's read-back finds the invitation, so the renew succeeds at once: exactly one create.
    const res = await renew(id, "users");
    expect(res.status, res.text).toBe(201);
    const creates = (await atlasCalls(sim)).filter((c) => c.method === "POST");
    expect(creates).toHaveLength(1);
    const h = await history(email);
    expect(h.rows.filter((r) => r.status === "pending")).toHaveLength(1);
  });
});
