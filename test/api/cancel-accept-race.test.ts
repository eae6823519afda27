// The users API's DELETE removes ACTIVE members too, and Atlas has no conditional form of it. A cancel whose
// DELETE fails while the person accepts must not remove the new member by retrying it: the console reads the
// status again before any further DELETE (lib/server/atlas/invitations.ts). Through the route handler,
// against the simulator; PostgreSQL when TEST_DATABASE_URL is set.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as itemRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/route";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { call } from "../support/routes";
import { BASE, DB_NAME, ORG, invite, useConsole } from "./edit-renew.shared";

const { sim } = useConsole("users");

const USER = (id: string) => `/api/atlas/v2/orgs/${ORG}/users/${id}`;
const cancel = (id: string, email: string) =>
  call(itemRoute.DELETE, "DELETE", `${BASE}/${id}`, {
    params: { orgId: ORG, invitationId: id },
    body: { source: "users", email },
  });
const membership = async (id: string) => {
  const res = await sim.api("GET", USER(id), { accept: "application/vnd.atlas.2025-02-19+json" });
  return res.status === 200 ? (res.body as { orgMembershipStatus: string }).orgMembershipStatus : res.status;
};

let n = 0;
async function pending(tag: string) {
  const email = `${tag}-${++n}-${DB_NAME}@race.example`;
  const res = await invite({ emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] });
  expect(res.status).toBe(201);
  return { email, id: res.body.results[0].invitation.id as string };
}

describe("users-API cancel while the person accepts", () => {
  it("a DELETE that fails (503) while the person accepts is not retried: 409, the member stays, one DELETE", async () => {
    const { email, id } = await pending("accepts");
    // Atlas takes its time over the DELETE and then refuses it (not processed); the person accepts meanwhile.
    await sim.control("POST", "/__sim/faults", {
      method: "DELETE",
      path: USER(id),
      status: 503,
      delayMs: 1_500,
    });
    const answer = cancel(id, email);
    await expect
      .poll(async () => (await sim.journal({ method: "DELETE", path: USER(id) })).length, { interval: 50 })
      .toBe(1);
    expect((await sim.control("POST", `/__sim/orgs/${ORG}/users/${id}/accept`)).status).toBe(200);

    const res = await answer;
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/accepted meanwhile/);
    expect(await membership(id)).toBe("ACTIVE");
    expect(await sim.journal({ method: "DELETE", path: USER(id) })).toHaveLength(1);
    const rows = await (
      await getDb()
    )
      .select()
      .from(auditRows)
      .where(and(eq(auditRows.action, "invitation.cancelled"), eq(auditRows.targetId, id)));
    expect(rows.map((r) => r.outcome)).toEqual(["noop"]);
  });

  it("a DELETE that fails (503) with the invitation still pending is tried again after a fresh read", async () => {
    const { email, id } = await pending("retried");
    await sim.control("POST", "/__sim/faults", { method: "DELETE", path: USER(id), status: 503 });
    const res = await cancel(id, email);
    expect(res.status).toBe(204);
    const calls = (await sim.journal({ path: USER(id) })).map((e) => `${e.method} ${e.status}`);
    // read, DELETE refused, read after it, read before the next DELETE, DELETE done.
    expect(calls.slice(-5)).toEqual(["GET 200", "DELETE 503", "GET 200", "GET 200", "DELETE 204"]);
    expect(await membership(id)).toBe(404);
  });
});
