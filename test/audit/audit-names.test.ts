// The Audit page names what its rows hold by id: connections (stored, env, deleted), orgs, teams and projects,
// resolved when read, against a real simulator, on every test database. Unknown ids stay ids.
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/audit/export/route";
import * as orgsFilterRoute from "@/app/api/audit/orgs/route";
import * as auditRoute from "@/app/api/audit/route";
import * as orgsRoute from "@/app/api/orgs/route";
import { recordAudit } from "@/lib/server/audit";
import { clearAuditNameCache } from "@/lib/server/audit/names";
import { insertStoredConnection, deleteStoredConnection } from "@/lib/server/connections/repository";
import { installDb } from "@/lib/server/db";
import { DEMO } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG_A = DEMO.orgId; // "Demo Org", seen by the env connection
const ORG_B = DEMO.secondOrgId; // "Second Org", seen by a stored connection
const ORG_UNKNOWN = "5f10000000000000000000ff";
const TEAM_PLATFORM = "5f2000000000000000000001";
const TEAM_UNKNOWN = "5f20000000000000000000ee";
const PROJECT_PRODUCTION = "5f3000000000000000000001";
const PROJECT_UNKNOWN = "5f30000000000000000000ee";
const ada = { userId: "1", email: "ada@console.example", ip: "10.0.0.1", userAgent: "ua" };

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

describe.each(testDatabases())("audit names on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  let secondId: string;
  let goneId: string;
  beforeAll(async () => {
    h = await open();
    installDb(h);
    clearAuditNameCache();
    useDefaultHeaders(await signedInRequest("admin"));
    const second = await insertStoredConnection(h.db, {
      name: "Second Org owner",
      baseUrl: sim.url,
      ...DEMO.second,
      invitesApi: "users",
    });
    secondId = second.id;
    const gone = await insertStoredConnection(h.db, {
      name: "Old staging account",
      baseUrl: sim.url,
      ...DEMO.member,
      invitesApi: "users",
    });
    goneId = gone.id;
    // As the service writes them (lib/server/connections/create.ts): the create row names the connection.
    await recordAudit(ada, {
      action: "connection.created",
      connectionId: goneId,
      outcome: "success",
      detail: `Old staging account (${sim.url}, ${DEMO.member.clientId})`,
    });
    await deleteStoredConnection(h.db, goneId);
    await recordAudit(ada, { action: "connection.deleted", connectionId: goneId, outcome: "success" });
    await recordAudit(ada, {
      action: "connection.secret_rotated",
      connectionId: secondId,
      outcome: "success",
    });
    await recordAudit(ada, {
      action: "invitation.created",
      connectionId: "env",
      orgId: ORG_A,
      targetEmail: "named@example.com",
      outcome: "success",
      grants: {
        orgRoles: ["ORG_MEMBER"],
        teamIds: [TEAM_PLATFORM, TEAM_UNKNOWN],
        projectRoles: [
          { projectId: PROJECT_PRODUCTION, roles: ["GROUP_READ_ONLY"] },
          { projectId: PROJECT_UNKNOWN, roles: ["GROUP_OWNER"] },
        ],
      },
    });
    await recordAudit(ada, {
      action: "invitation.cancelled",
      connectionId: secondId,
      orgId: ORG_B,
      targetEmail: "second@example.com",
      outcome: "success",
    });
    await recordAudit(ada, {
      action: "invitation.created",
      orgId: ORG_UNKNOWN,
      targetEmail: "nowhere@example.com",
      outcome: "failure",
      grants: { orgRoles: ["ORG_MEMBER"], teamIds: [TEAM_PLATFORM] },
    });
    // The org switcher's list records which orgs each connection sees (their names come from there).
    expect((await call(orgsRoute.GET, "GET", "/api/orgs")).status).toBe(200);
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });

  const list = async (query = "") => {
    const res = await call(auditRoute.GET, "GET", "/api/audit", { query });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it("names connections: stored, from the environment, and deleted (from their create row)", async () => {
    const { names } = await list("?action=");
    expect(names.connections[secondId]).toBe("Second Org owner");
    expect(names.connections.env).toBe("Atlas (from environment)");
    expect(names.connections[goneId]).toBe("Old staging account");
  });

  it("names orgs from what each connection has seen, and leaves an unknown org as its id", async () => {
    const { names } = await list();
    expect(names.orgs[ORG_A]).toBe("Demo Org");
    expect(names.orgs[ORG_B]).toBe("Second Org");
    expect(names.orgs[ORG_UNKNOWN]).toBeUndefined();
  });

  it("names teams and projects through Atlas, only for ids Atlas knows in that org", async () => {
    const { names } = await list();
    expect(names.teams[TEAM_PLATFORM]).toBe("Platform");
    expect(names.projects[PROJECT_PRODUCTION]).toBe("Production");
    expect(names.teams[TEAM_UNKNOWN]).toBeUndefined();
    expect(names.projects[PROJECT_UNKNOWN]).toBeUndefined();
  });

  it("keeps the log readable when Atlas is down (ids, no error), from the cache while it lasts", async () => {
    for (const path of [`/api/atlas/v2/orgs/${ORG_A}/teams`, `/api/atlas/v2/orgs/${ORG_A}/groups`]) {
      await sim.control("POST", "/__sim/faults", { method: "GET", path, status: 503, times: 50 });
    }
    try {
      expect((await list()).names.teams[TEAM_PLATFORM]).toBe("Platform"); // cached
      clearAuditNameCache();
      const { names, rows } = await list();
      expect(rows.length).toBeGreaterThan(0);
      expect(names.teams[TEAM_PLATFORM]).toBeUndefined();
      expect(names.orgs[ORG_A]).toBe("Demo Org"); // from the database, not Atlas
    } finally {
      await sim.control("DELETE", "/__sim/faults");
      clearAuditNameCache();
    }
  });

  it("offers the org filter by name, orgs only named in the log by id", async () => {
    const res = await call(orgsFilterRoute.GET, "GET", "/api/audit/orgs");
    expect(res.status).toBe(200);
    expect(res.body.orgs).toEqual(
      expect.arrayContaining([
        { id: ORG_A, name: "Demo Org" },
        { id: ORG_B, name: "Second Org" },
        { id: ORG_UNKNOWN, name: null },
      ]),
    );
  });

  it("exports ids and names side by side", async () => {
    const res = await call(exportRoute.GET, "GET", "/api/audit/export", { query: "?target=named@" });
    expect(res.status).toBe(200);
    const [header, row] = Papa.parse<string[]>(res.text.trim()).data;
    const col = (name: string) => row![header!.indexOf(name)];
    expect(col("connection")).toBe("env");
    expect(col("connection_name")).toBe("Atlas (from environment)");
    expect(col("org_id")).toBe(ORG_A);
    expect(col("org_name")).toBe("Demo Org");
    expect(col("grants")).toContain(TEAM_PLATFORM);
    expect(col("grants_named")).toBe(
      `org: Organization Member; teams: Platform, ${TEAM_UNKNOWN}; Production: Project Read Only; ${PROJECT_UNKNOWN}: Project Owner`,
    );
  });
});
