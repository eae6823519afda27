// Atlas refusals classified by Atlas's errorCode, through the route handlers against the simulator: a 404
// naming a team or project of an edit (not the invitation) is a failure with that code, never "gone before
// the edit reached Atlas", and the invitation stays pending; a 403 IP_ADDRESS_NOT_ON_ACCESS_LIST is the access
// list, with the next step, not a missing Organization Owner role.
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { DB_NAME, GRANTS, ORG, T1, edit, invite, pending, useConsole } from "./edit-renew.shared";

const { sim } = useConsole("users");

const NO_TEAM = "5f20000000000000000000ff";
const NO_PROJECT = "5f30000000000000000000ff";
const lastRow = async (action: string, targetId: string) =>
  (
    await (
      await getDb()
    )
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, action), eq(auditRows.targetId, targetId)))
      .orderBy(desc(auditRows.createdAt))
      .limit(1)
  )[0];
const atlasStatus = async (id: string) =>
  (
    (
      await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users/${id}`, {
        accept: "application/vnd.atlas.2025-02-19+json",
      })
    ).body as { orgMembershipStatus: string; teamIds: string[] }
  ).orgMembershipStatus;

describe("a 404 is classified by the errorCode Atlas gives", () => {
  it("an edit naming a team Atlas does not have: failure TEAM_NOT_FOUND, still pending, the message names the team", async () => {
    const { id } = await pending(sim, "team");
    const res = await edit(id, { source: "users", ...GRANTS, teamIds: [T1, NO_TEAM] });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: "not_found", atlasErrorCode: "TEAM_NOT_FOUND" });
    expect(res.body.error.message).toMatch(/no such team in this organization/);
    const row = await lastRow("invitation.updated", id);
    expect(row).toMatchObject({ outcome: "failure", atlasStatus: 404, atlasErrorCode: "TEAM_NOT_FOUND" });
    expect(row?.detail ?? "").not.toMatch(/gone before/);
    expect(row?.detail).toMatch(/no such team/);
    expect(await atlasStatus(id)).toBe("PENDING");
  });

  it("an edit naming a project Atlas does not have: failure GROUP_NOT_FOUND", async () => {
    const { id } = await pending(sim, "project");
    const res = await edit(id, {
      source: "users",
      ...GRANTS,
      projectRoles: [{ projectId: NO_PROJECT, roles: ["GROUP_READ_ONLY"] }],
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/no such project in this organization/);
    const row = await lastRow("invitation.updated", id);
    expect(row).toMatchObject({ outcome: "failure", atlasErrorCode: "GROUP_NOT_FOUND" });
  });

  it("the invitation itself gone (USER_NOT_FOUND on the PATCH) is still a no-op", async () => {
    const { id } = await pending(sim, "gone");
    await sim.control("POST", "/__sim/faults", {
      method: "PATCH",
      path: `/api/atlas/v2/orgs/${ORG}/users/${id}`,
      status: 404,
      errorCode: "USER_NOT_FOUND",
    });
    const res = await edit(id, { source: "users", ...GRANTS, orgRoles: ["ORG_READ_ONLY"] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("stale_list");
    expect(await lastRow("invitation.updated", id)).toMatchObject({
      outcome: "noop",
      atlasStatus: 404,
      atlasErrorCode: "USER_NOT_FOUND",
      detail: "gone before the edit reached Atlas",
    });
  });
});

describe("403 IP_ADDRESS_NOT_ON_ACCESS_LIST", () => {
  it("is reported as the access list with the next step, not as a missing Owner role", async () => {
    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: `/api/atlas/v2/orgs/${ORG}/users`,
      status: 403,
      errorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
    });
    const email = `ip-${DB_NAME}@refusals.example`;
    const res = await invite({ emails: email, ...GRANTS });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/API access list/);
    expect(res.body.error.message).toMatch(/Add it in Atlas/);
    expect(res.body.error.message).not.toMatch(/Organization Owner/);
    const [row] = await (
      await getDb()
    )
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, "invitation.created"), eq(auditRows.targetEmail, email)));
    expect(row).toMatchObject({ outcome: "failure", atlasErrorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST" });
    expect(row?.detail).toMatch(/access list/);
  });
});
