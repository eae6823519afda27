// The Audit page and its CSV say what an invitation row granted or changed in the words the edit dialog used:
// role labels, team and project names, an edit's + / − lines. Rows are made by the real invite, edit and renew
// routes against the simulator, on every test database, so the shapes read are the ones the services write.
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/audit/export/route";
import * as auditRoute from "@/app/api/audit/route";
import { auditGrantIds, auditGrantsText, readAuditGrants } from "@/lib/schemas/audit-grants";
import { clearAuditNameCache } from "@/lib/server/audit/names";
import * as reinviteRoute from "@/app/api/orgs/[orgId]/ledger/[ledgerId]/reinvite/route";
import { getDb, installDb } from "@/lib/server/db";
import { recordPending, transition } from "@/lib/server/ledger/repository";
import type { TestSim } from "@/sim/test/support/sim";
import { edit, invite, ORG, P1, P2, renew, T1, T2 } from "../api/edit-renew.shared";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ invitesApi: "invitations" });
});
afterAll(() => sim.close());

const before = {
  orgRoles: ["ORG_MEMBER"],
  teamIds: [T1],
  projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
};
const after = {
  orgRoles: ["ORG_READ_ONLY"],
  teamIds: [T1, T2],
  projectRoles: [
    { projectId: P1, roles: ["GROUP_READ_ONLY"] },
    { projectId: P2, roles: ["GROUP_DATA_ACCESS_READ_ONLY"] },
  ],
};

describe.each(testDatabases())("audit grants on $name", ({ name, open }) => {
  let h: TestDatabaseHandle;
  const email = `grants-${name}-${Date.now()}@audit-grants.example`;
  const lapsed = `lapsed-${name}-${Date.now()}@audit-grants.example`;
  beforeAll(async () => {
    h = await open();
    installDb(h);
    clearAuditNameCache();
    useDefaultHeaders(await signedInRequest("admin"));
    const sent = await invite({ emails: email, ...before });
    expect(sent.status, sent.text).toBe(201);
    const id = sent.body.results[0].invitation.id as string;
    const edited = await edit(id, { source: "invitations", ...after });
    expect(edited.status, edited.text).toBe(200);
    const renewed = await renew(id, "invitations");
    expect(renewed.status, renewed.text).toBe(201);
    // An expired invitation, re-invited with other grants than it had.
    const db = await getDb();
    const row = await recordPending(
      db,
      {
        connectionId: "env",
        orgId: ORG,
        email: lapsed,
        source: "users",
        grants: before,
        userId: `5f7b${name === "pglite" ? "1" : "2"}${"0".repeat(19)}`,
      },
      { kind: "discovered" },
    );
    expect(await transition(db, row, "expired", { kind: "expired" })).toBe(true);
    const again = await call(reinviteRoute.POST, "POST", `/api/orgs/${ORG}/ledger/${row.id}/reinvite`, {
      params: { orgId: ORG, ledgerId: row.id },
      body: { emails: lapsed, orgRoles: ["ORG_READ_ONLY"], teamIds: [T1], projectRoles: [] },
    });
    expect(again.status, again.text).toBe(201);
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });

  it("the edit row's names cover both sides of the change (teams and projects only before or after)", async () => {
    const res = await call(auditRoute.GET, "GET", "/api/audit", {
      query: `?target=${encodeURIComponent(email)}&action=invitation.updated`,
    });
    expect(res.status, res.text).toBe(200);
    const [row] = res.body.rows;
    expect(row.grants).toEqual({ before, after });
    expect(res.body.names.teams).toMatchObject({ [T1]: "Platform", [T2]: "Data Engineering" });
    expect(res.body.names.projects).toMatchObject({ [P1]: "Production", [P2]: "Staging" });
  });

  it("a re-invite row says what it changed against the earlier invitation's grants", async () => {
    const res = await call(exportRoute.GET, "GET", "/api/audit/export", {
      query: `?target=${encodeURIComponent(lapsed)}&action=invitation.reinvited`,
    });
    expect(res.status).toBe(200);
    const [header, row] = Papa.parse<string[]>(res.text.trim()).data;
    expect(row![header!.indexOf("grants_named")]).toBe(
      "org: + Organization Read Only, − Organization Member; Production: − Project Read Only",
    );
    expect(row![header!.indexOf("detail")]).toBe("re-invites an expired invitation");
  });

  it("grants_named says what the edit added and removed, and what invite and renew granted, by name", async () => {
    const res = await call(exportRoute.GET, "GET", "/api/audit/export", {
      query: `?target=${encodeURIComponent(email)}`,
    });
    expect(res.status).toBe(200);
    const [header, ...rows] = Papa.parse<string[]>(res.text.trim()).data;
    const col = (action: string, column: string) =>
      rows.find((r) => r[header!.indexOf("action")] === action)?.[header!.indexOf(column)];
    expect(col("invitation.updated", "grants_named")).toBe(
      "org: + Organization Read Only, − Organization Member; teams: + Data Engineering; Staging: + Project Data Access Read Only",
    );
    expect(col("invitation.created", "grants_named")).toBe(
      "org: Organization Member; teams: Platform; Production: Project Read Only",
    );
    expect(col("invitation.renewed", "grants_named")).toBe(
      "org: Organization Read Only; teams: Platform, Data Engineering; Production: Project Read Only; Staging: Project Data Access Read Only",
    );
  });
});

describe("reading stored grants", () => {
  it("an edit row is a change with the dialog's diff; a plain row is grants; other shapes are nothing", () => {
    const change = readAuditGrants({ before, after });
    expect(change?.kind).toBe("change");
    expect(change?.kind === "change" && change.diff.orgRoles).toEqual({
      added: ["ORG_READ_ONLY"],
      removed: ["ORG_MEMBER"],
    });
    expect(readAuditGrants({ orgRoles: ["ORG_MEMBER"] })).toEqual({
      kind: "grants",
      grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
    });
    for (const odd of [null, "x", 3, {}, { before: 1, after: 2 }, { orgRoles: "ORG_OWNER" }]) {
      expect(readAuditGrants(odd)).toBeNull();
    }
  });

  it("ids come from both sides of a change; unknown names stay ids", () => {
    expect(auditGrantIds({ before, after })).toEqual({ teams: [T1, T2], projects: [P1, P2] });
    // Nothing changed (a re-invite with the earlier grants): the grants themselves.
    expect(auditGrantsText({ before, after: before }, { teams: { [T1]: "Platform" }, projects: {} })).toBe(
      `org: Organization Member; teams: Platform; ${P1}: Project Read Only`,
    );
    expect(auditGrantsText(after, { teams: { [T1]: "Platform" }, projects: {} })).toBe(
      `org: Organization Read Only; teams: Platform, ${T2}; ${P1}: Project Read Only; ${P2}: Project Data Access Read Only`,
    );
  });
});
