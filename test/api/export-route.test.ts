// GET /api/orgs/{orgId}/export against the simulator: the invitations page's current tab (Atlas's live list or
// the ledger) with the page's filters and order, as CSV (formula cells neutralised) and JSON.
import Papa from "papaparse";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/orgs/[orgId]/export/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import { getDb } from "@/lib/server/db";
import type { Grants } from "@/lib/schemas/grants";
import { recordPending, transition, SYSTEM_ACTOR } from "@/lib/server/ledger/repository";
import { demoSeed } from "@/sim/src/demo-seed";
import type { Seed } from "@/sim/src/seed-types";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const DAY = 86_400_000;
const FORMULA_TEAM = { id: "5f2aaaaaaaaaaaaaaaaaaaaa", name: "@SUM(1+1)" };
const FORMULA_EMAIL = "=cmd|'/Ccalc'!A0@evil.example";

/** The demo seed plus one pending person whose e-mail and team name a spreadsheet would run as formulas. */
function seed(): Seed {
  const s = demoSeed(Date.now());
  const org = s.orgs!.find((o) => o.id === ORG)!;
  org.teams!.push(FORMULA_TEAM);
  org.users!.push({
    username: FORMULA_EMAIL,
    orgMembershipStatus: "PENDING",
    orgRoles: ["ORG_READ_ONLY"],
    teamIds: [FORMULA_TEAM.id],
    inviterUsername: "owner@demo-corp.example",
  });
  return s;
}

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: seed() });
});
afterAll(() => sim.close());

const exportOf = (query: string, params: Record<string, string> = { orgId: ORG }) =>
  call(exportRoute.GET, "GET", `/api/orgs/${params.orgId}/export`, { params, query });
const csvRecords = (text: string) => Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;

let n = 0;
async function seedLedger(email: string, status: "expired" | "cancelled", grants: Grants) {
  const db = await getDb();
  const row = await recordPending(
    db,
    {
      connectionId: "env",
      orgId: ORG,
      email,
      source: "users",
      grants,
      userId: `5f7b0000000000000000${String(++n).padStart(4, "0")}`,
      inviter: "owner@demo-corp.example",
      atlasCreatedAt: new Date(Date.now() - 40 * DAY),
      expiresAt: new Date(Date.now() - 10 * DAY),
    },
    { kind: "created", actor: SYSTEM_ACTOR, createdBy: SYSTEM_ACTOR },
  );
  const kind = status === "cancelled" ? "cancelled_in_atlas" : status;
  await transition(db, row, status, { kind: kind as never, actor: SYSTEM_ACTOR, at: new Date() });
}

describe("GET /api/orgs/{orgId}/export", () => {
  let pendingEmails: string[];
  beforeAll(async () => {
    useDefaultHeaders(await signedInRequest("admin"));
    const list = await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
    });
    expect(list.status).toBe(200);
    pendingEmails = list.body.invitations.map((i: { email: string }) => i.email);
    await seedLedger("gone.member@example.com", "expired", {
      orgRoles: ["ORG_MEMBER"],
      teamIds: [],
      projectRoles: [],
    });
    await seedLedger("gone.reader@example.com", "expired", {
      orgRoles: ["ORG_READ_ONLY"],
      teamIds: [FORMULA_TEAM.id],
      projectRoles: [{ projectId: "5f3000000000000000000001", roles: ["GROUP_READ_ONLY"] }],
    });
    await seedLedger("withdrawn@example.com", "cancelled", {
      orgRoles: ["ORG_MEMBER"],
      teamIds: [],
      projectRoles: [],
    });
  });
  beforeEach(async () => {
    useDefaultHeaders(await signedInRequest("admin"));
  });

  it("Pending as CSV: every pending invitation, attachment named by org, tab and date, columns in order", async () => {
    const res = await exportOf("?tab=pending&format=csv");
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const date = new Date().toISOString().slice(0, 10);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="invitations-${ORG}-pending-${date}.csv"`,
    );
    expect(res.text.split("\r\n")[0]).toBe(
      "email,status,org_roles,teams,projects_roles,inviter,invited_by,created_utc,expires_utc",
    );
    const rows = csvRecords(res.text);
    expect(rows.map((r) => (r.email ?? "").replace(/^'/, "")).sort()).toEqual([...pendingEmails].sort());
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["pending"]));
  });

  it("neutralises formula cells: the e-mail and the team name get a leading apostrophe", async () => {
    const res = await exportOf(`?tab=pending&format=csv&q=${encodeURIComponent("evil.example")}`);
    const rows = csvRecords(res.text);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe(`'${FORMULA_EMAIL}`);
    expect(rows[0]!.teams).toBe(`'${FORMULA_TEAM.name}`);
    expect(res.text).not.toMatch(/(^|,)"=cmd/m);
    // JSON carries the values as they are: nothing there is run.
    const json = await exportOf(`?tab=pending&format=json&q=${encodeURIComponent("evil.example")}`);
    expect(json.body.invitations).toEqual([
      expect.objectContaining({
        email: FORMULA_EMAIL,
        teams: [FORMULA_TEAM],
        orgRoles: ["ORG_READ_ONLY"],
      }),
    ]);
  });

  it("JSON honours the page's filters and order (role, search, sort by e-mail)", async () => {
    const list = await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
    });
    const members = list.body.invitations
      .filter((i: { orgRoles: string[] }) => i.orgRoles.includes("ORG_MEMBER"))
      .map((i: { email: string }) => i.email);
    expect(members.length).toBeGreaterThan(1);
    expect(members.length).toBeLessThan(pendingEmails.length);
    const res = await exportOf("?tab=pending&format=json&role=ORG_MEMBER&sort=email&dir=asc");
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/filename="invitations-.*-pending-.*\.json"/);
    expect(res.body).toMatchObject({ orgId: ORG, tab: "pending" });
    const emails = res.body.invitations.map((i: { email: string }) => i.email);
    expect(emails).toEqual(
      [...members].sort((a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)),
    );
    for (const i of res.body.invitations) expect(i.orgRoles).toContain("ORG_MEMBER");
  });

  it("a ledger tab: its rows only, its filters (Expiring soon ignored), names for teams and projects", async () => {
    const all = await exportOf("?tab=expired&format=json&expiring=1");
    expect(all.body.invitations.map((i: { email: string }) => i.email).sort()).toEqual([
      "gone.member@example.com",
      "gone.reader@example.com",
    ]);
    const res = await exportOf("?tab=expired&format=csv&role=ORG_READ_ONLY");
    expect(res.headers.get("content-disposition")).toMatch(/-expired-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = csvRecords(res.text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      email: "gone.reader@example.com",
      status: "expired",
      org_roles: "Read Only",
      teams: `'${FORMULA_TEAM.name}`,
      inviter: "owner@demo-corp.example",
    });
    expect(rows[0]!.projects_roles).toMatch(/^[^:]+: Read Only$/);
    expect(rows[0]!.projects_roles).not.toContain("5f3000000000000000000001");
    const cancelled = await exportOf("?tab=cancelled&format=json");
    expect(cancelled.body.invitations.map((i: { status: string }) => i.status)).toEqual(["cancelled"]);
  });

  it("a viewer may export", async () => {
    useDefaultHeaders(await signedInRequest("viewer"));
    const res = await exportOf("?tab=pending&format=json");
    expect(res.status).toBe(200);
    expect(res.body.invitations.length).toBe(pendingEmails.length);
  });

  it("400 for a bad tab or format, 401 without a session, 400 for a malformed org id", async () => {
    for (const query of [
      "?tab=archived&format=csv",
      "?format=csv",
      "?tab=pending&format=xlsx",
      "?tab=pending",
    ]) {
      const res = await exportOf(query);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
    }
    expect((await exportOf("?tab=pending&format=csv", { orgId: "nope" })).status).toBe(400);
    useDefaultHeaders({});
    const anonymous = await exportOf("?tab=pending&format=csv");
    expect(anonymous.status).toBe(401);
  });
});
