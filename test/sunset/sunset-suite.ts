// The sunset assistant (lib/server/sunset) through its routes, against the simulator, with the ledger on the
// database the entry file chose (sunset-pglite.test.ts, sunset-postgres.test.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as migrateRoute from "@/app/api/orgs/[orgId]/sunset/migrate/route";
import * as sunsetRoute from "@/app/api/orgs/[orgId]/sunset/route";
import { getDb } from "@/lib/server/db";
import { personHistory } from "@/lib/server/ledger/repository";
import { V2023, V2025 } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const P1 = "5f3000000000000000000001";
const P4 = "5f3000000000000000000004";
// The demo seed's first legacy project invitation (sim/src/demo-seed.ts): GROUP_READ_ONLY in project 1.
const PROJECT_INVITE = "5f8000000000000000000001";

export function sunsetSuite(invitesApi: "users" | "invitations") {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await consoleAgainstSimulator({ invitesApi });
    useDefaultHeaders(await signedInRequest("admin"));
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control("POST", "/__sim/reset");
    await sim.control("DELETE", "/__sim/faults");
    await sim.control("DELETE", "/__sim/requests");
  });

  const readiness = () => call(sunsetRoute.GET, "GET", `/api/orgs/${ORG}/sunset`, { params: { orgId: ORG } });
  const migrate = (body: unknown, headers: Record<string, string> = {}) =>
    call(migrateRoute.POST, "POST", `/api/orgs/${ORG}/sunset/migrate`, {
      params: { orgId: ORG },
      body,
      headers,
    });
  const atlasWrites = async () =>
    (await sim.journal()).filter((e) => e.path.startsWith("/api/atlas/") && e.method !== "GET");
  /** Every pending invitation of one address, both kinds, as Atlas holds them. */
  async function invitationsOf(email: string) {
    const users = await sim.api(
      "GET",
      `/api/atlas/v2/orgs/${ORG}/users?orgMembershipStatuses=PENDING&username=${encodeURIComponent(email)}`,
      { accept: V2025 },
    );
    const projects = await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/groups`, { accept: V2023 });
    let projectInvites: any[] = [];
    for (const p of projects.body.results) {
      const list = await sim.api("GET", `/api/atlas/v2/groups/${p.id}/invites`, { accept: V2023 });
      projectInvites = projectInvites.concat(
        list.body.filter((i: any) => i.username.toLowerCase() === email),
      );
    }
    return { users: users.body.results as any[], projectInvites };
  }

  describe(`sunset assistant (${invitesApi} mode)`, () => {
    it("lists the legacy project invitations with their replacement and the days left by Atlas's clock", async () => {
      const res = await readiness();
      expect(res.status).toBe(200);
      const projectItems = res.body.items.filter((i: any) => i.kind === "project");
      expect(projectItems).toHaveLength(3);
      const first = projectItems.find((i: any) => i.id === PROJECT_INVITE);
      expect(first.replacement).toMatchObject({
        action: "create",
        grants: {
          orgRoles: ["ORG_MEMBER"],
          teamIds: [],
          projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
        },
      });
      expect(res.body.clock).toMatchObject({
        sunsetAt: "2027-07-01T00:00:00.000Z",
        retired: false,
        source: "atlas",
      });
      expect(res.body.clock.daysLeft).toBeGreaterThan(0);
      const orgItems = res.body.items.filter((i: any) => i.kind === "org");
      if (invitesApi === "invitations") {
        // Every pending org invitation is read and written through the legacy API by this connection.
        expect(orgItems).toHaveLength(35);
        expect(orgItems.every((i: any) => i.replacement.action === "adopt")).toBe(true);
        expect(res.body.legacyConnections).toEqual([{ id: "env", name: expect.any(String) }]);
      } else {
        expect(orgItems).toHaveLength(0);
        expect(res.body.legacyConnections).toEqual([]);
      }
    });

    it("a legacy project invitation becomes an org invitation with the same project roles, created before the old one is cancelled", async () => {
      const email = (await readiness()).body.items.find((i: any) => i.id === PROJECT_INVITE).email;
      const res = await migrate({ ids: [PROJECT_INVITE] });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        expect.objectContaining({
          id: PROJECT_INVITE,
          outcome: "migrated",
          replacementId: expect.any(String),
        }),
      ]);
      const writes = await atlasWrites();
      expect(writes.map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
        `POST /api/atlas/v2/orgs/${ORG}/users 201`,
        `DELETE /api/atlas/v2/groups/${P1}/invites/${PROJECT_INVITE} 204`,
      ]);
      expect(writes[0]!.body).toEqual({
        username: email,
        roles: {
          orgRoles: ["ORG_MEMBER"],
          groupRoleAssignments: [{ groupId: P1, groupRoles: ["GROUP_READ_ONLY"] }],
        },
        teamIds: [],
      });
      const after = await invitationsOf(email);
      expect(after.projectInvites).toEqual([]);
      expect(after.users).toHaveLength(1);
      expect(after.users[0].roles.groupRoleAssignments).toEqual([
        { groupId: P1, groupRoles: ["GROUP_READ_ONLY"] },
      ]);
      // Ledger: the legacy row superseded by the new one, both with a "migrated" event.
      const history = await personHistory(await getDb(), ORG, email);
      expect(history.rows.map((r) => `${r.source}:${r.status}`).sort()).toEqual([
        "project:superseded",
        "users:pending",
      ]);
      const legacy = history.rows.find((r) => r.source === "project")!;
      const replacement = history.rows.find((r) => r.source === "users")!;
      expect(legacy.supersededBy).toBe(replacement.id);
      expect(legacy.pendingOperation).toBeNull();
      expect(replacement.userId).toBe(res.body.results[0].replacementId);
      expect(history.events.filter((e) => e.kind === "migrated")).toHaveLength(2);
      // And the readiness no longer lists it.
      expect((await readiness()).body.items.map((i: any) => i.id)).not.toContain(PROJECT_INVITE);
    });

    it("a failed create leaves the legacy invitation in place and nothing half-done", async () => {
      const started = new Date(Date.now() - 5); // the ledger outlives the simulator's reset: this test's rows only
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: `/api/atlas/v2/orgs/${ORG}/users`,
        status: 400,
        errorCode: "INVALID_ATTRIBUTE",
        times: 1,
      });
      const res = await migrate({ ids: [PROJECT_INVITE] });
      expect(res.status).toBe(200);
      expect(res.body.results[0]).toMatchObject({
        outcome: "failed",
        message: expect.stringContaining("400"),
      });
      const writes = await atlasWrites();
      expect(writes.map((w) => `${w.method} ${w.status}`)).toEqual(["POST 400"]);
      const item = (await readiness()).body.items.find((i: any) => i.id === PROJECT_INVITE);
      expect(item).toMatchObject({ halfDone: false, replacement: { action: "create" } });
      const rows = (await personHistory(await getDb(), ORG, item.email)).rows.filter(
        (r) => r.createdAt >= started,
      );
      expect(rows.map((r) => `${r.source}:${r.status}`)).toEqual(["project:pending"]);
      expect(rows[0]!.pendingOperation).toBeNull();
    });

    it("a failed cancel after the create leaves both (never neither) and migrating again finishes with one", async () => {
      await sim.control("POST", "/__sim/faults", {
        method: "DELETE",
        path: `/api/atlas/v2/groups/${P1}/invites/${PROJECT_INVITE}`,
        status: 403,
        times: 1,
      });
      const first = await migrate({ ids: [PROJECT_INVITE] });
      expect(first.body.results[0]).toMatchObject({ outcome: "partial" });
      const item = (await readiness()).body.items.find((i: any) => i.id === PROJECT_INVITE);
      expect(item).toMatchObject({ halfDone: true, replacement: { action: "merge" } });
      const again = await migrate({ ids: [PROJECT_INVITE] });
      expect(again.body.results[0]).toMatchObject({ outcome: "migrated" });
      const after = await invitationsOf(item.email);
      expect(after.users).toHaveLength(1);
      expect(after.projectInvites).toEqual([]);
      const creates = (await atlasWrites()).filter((w) => w.method === "POST");
      expect(creates).toHaveLength(1);
    });

    it("a project invitation for someone with a pending org invitation merges into it (PATCH), then cancels", async () => {
      // Invite the project invitee through the users API first, with another project.
      const email = (await readiness()).body.items.find((i: any) => i.id === PROJECT_INVITE).email;
      const created = await sim.api("POST", `/api/atlas/v2/orgs/${ORG}/users`, {
        accept: V2025,
        body: {
          username: email,
          roles: {
            orgRoles: ["ORG_READ_ONLY"],
            groupRoleAssignments: [{ groupId: P4, groupRoles: ["GROUP_OWNER"] }],
          },
          teamIds: [],
        },
      });
      expect(created.status).toBe(201);
      await sim.control("DELETE", "/__sim/requests");
      const res = await migrate({ ids: [PROJECT_INVITE] });
      expect(res.body.results[0]).toMatchObject({ outcome: "migrated", replacementId: created.body.id });
      const writes = await atlasWrites();
      expect(writes.map((w) => w.method)).toEqual(["PATCH", "DELETE"]);
      const after = await invitationsOf(email);
      expect(after.users).toHaveLength(1);
      expect(after.users[0].roles.orgRoles).toEqual(["ORG_READ_ONLY"]);
      expect(after.users[0].roles.groupRoleAssignments).toEqual(
        expect.arrayContaining([
          { groupId: P4, groupRoles: ["GROUP_OWNER"] },
          { groupId: P1, groupRoles: ["GROUP_READ_ONLY"] },
        ]),
      );
      expect(after.projectInvites).toEqual([]);
    });

    it("migrate-all leaves every person with exactly one invitation and nothing depending on the legacy API but the connection mode", async () => {
      const before = await readiness();
      const emails: string[] = before.body.items.map((i: any) => i.email.toLowerCase());
      const res = await migrate({ all: true });
      expect(res.status).toBe(200);
      expect(res.body.results).toHaveLength(before.body.items.length);
      expect(res.body.results.filter((r: any) => r.outcome !== "migrated")).toEqual([]);
      // Legacy org invitations are adopted, never cancelled: the only DELETEs are the three project invitations.
      const writes = await atlasWrites();
      expect(writes.filter((w) => w.method === "DELETE")).toHaveLength(3);
      expect(writes.filter((w) => w.path.includes("/invites/") && w.path.includes("/orgs/"))).toEqual([]);
      const all = await sim.api(
        "GET",
        `/api/atlas/v2/orgs/${ORG}/users?orgMembershipStatuses=PENDING&itemsPerPage=500`,
        { accept: V2025 },
      );
      for (const email of emails) {
        const n = all.body.results.filter((u: any) => u.username.toLowerCase() === email).length;
        expect(n, email).toBe(1);
      }
      for (const p of (await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/groups`, { accept: V2023 })).body
        .results) {
        expect(
          (await sim.api("GET", `/api/atlas/v2/groups/${p.id}/invites`, { accept: V2023 })).body,
        ).toEqual([]);
      }
      const after = (await readiness()).body;
      expect(after.items).toEqual([]);
      expect(after.dependsCount).toBe(invitesApi === "invitations" ? 1 : 0);
    });

    it("past 2027-07-01 on Atlas's clock the readiness says what still depends on the retired API", async () => {
      // The ledger remembers a project invitation (a failed migration recorded nothing; a partial one does).
      await sim.control("POST", "/__sim/faults", {
        method: "DELETE",
        path: `/api/atlas/v2/groups/${P1}/invites/${PROJECT_INVITE}`,
        status: 500,
        times: 3,
      });
      await migrate({ ids: [PROJECT_INVITE] });
      const now = Date.parse((await sim.control("GET", "/__sim/clock")).body.now);
      await sim.control("POST", "/__sim/clock", {
        advanceSeconds: Math.ceil((Date.parse("2027-07-02T00:00:00Z") - now) / 1000),
      });
      const res = await readiness();
      expect(res.status).toBe(200);
      expect(res.body.clock.retired).toBe(true);
      expect(res.body.clock.daysLeft).toBeLessThanOrEqual(0);
      expect(res.body.notes.join(" ")).toMatch(/410 VERSION_GONE/);
      expect(res.body.unreadable).toEqual([expect.objectContaining({ kind: "project", projectId: P1 })]);
      expect(res.body.dependsCount).toBe(1 + (invitesApi === "invitations" ? 1 : 0));
      if (invitesApi === "invitations") expect(res.body.legacyConnections).toHaveLength(1);
    });

    it("refuses bad input, viewers, and a cross-site POST", async () => {
      expect((await migrate({})).status).toBe(400);
      expect((await migrate({ ids: ["nope"] })).status).toBe(400);
      expect((await migrate({ ids: [PROJECT_INVITE], all: true })).status).toBe(400);
      expect((await migrate({ all: true }, { Origin: "https://evil.example" })).status).toBe(403);
      const viewer = await signedInRequest("viewer");
      expect((await migrate({ all: true }, viewer)).status).toBe(403);
      expect(await atlasWrites()).toEqual([]);
    });
  });
}
