import { describe, expect, it } from "vitest";
import type { Invitation } from "@/lib/schemas/invitations";
import { DEFAULT_LIST_PARAMS, type ListParams } from "@/lib/search-params/invitations";
import {
  expiryState,
  filterRows,
  sortRows,
  summarize,
  toRows,
  visibleRows,
  type InvitationRow,
} from "./list-model";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-06T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const TEAM = "a".repeat(24);
const PROJECT = "b".repeat(24);
const OTHER_PROJECT = "c".repeat(24);

let nextId = 1;
function invitation(patch: Partial<Invitation>): Invitation {
  return {
    id: (nextId++).toString(16).padStart(24, "0"),
    source: "users",
    email: "someone@example.com",
    orgRoles: ["ORG_MEMBER"],
    teamIds: [],
    projectRoles: [],
    inviter: null,
    createdAt: iso(NOW - 10 * DAY),
    expiresAt: iso(NOW + 20 * DAY),
    ...patch,
  };
}

const names = {
  teams: new Map([[TEAM, "Platform"]]),
  projects: new Map([[PROJECT, "Payments"]]),
};
const rowsOf = (list: Invitation[]) => toRows(list, names.teams, names.projects);
const params = (patch: Partial<ListParams>): ListParams => ({ ...DEFAULT_LIST_PARAMS, ...patch });
const emails = (rows: { invitation: Invitation }[]) => rows.map((r) => r.invitation.email);

describe("toRows", () => {
  it("keys a row by source and id, and words its grants with names, not ids", () => {
    const inv = invitation({
      source: "invitations",
      email: "Mixed.Case@Example.com",
      orgRoles: ["ORG_OWNER", "ORG_MEMBER"],
      teamIds: [TEAM, "d".repeat(24)],
      projectRoles: [{ projectId: PROJECT, roles: ["GROUP_READ_ONLY"] }],
    });
    const [row] = rowsOf([inv]);
    expect(row!.key).toBe(`invitations:${inv.id}`);
    expect(row!.emailLower).toBe("mixed.case@example.com");
    // The column headers say "Org roles" / "Project roles": the prefix is dropped.
    expect(row!.orgRoleLabels).toEqual(["Owner", "Member"]);
    // An unknown team keeps its id, so the cell still says something.
    expect(row!.teamNames).toEqual(["Platform", "d".repeat(24)]);
    expect(row!.projectGrants).toEqual([
      { projectId: PROJECT, projectName: "Payments", roleLabels: ["Read Only"] },
    ]);
    expect(row!.text).toEqual({
      orgRoles: "Owner, Member",
      teams: `Platform, ${"d".repeat(24)}`,
      projectRoles: "Payments: Read Only",
    });
  });

  it("reads unparseable or missing dates as unknown", () => {
    const [row] = rowsOf([invitation({ createdAt: "not a date", expiresAt: null })]);
    expect(row!.createdMs).toBe(0);
    expect(row!.expiresMs).toBeNull();
  });
});

describe("expiryState", () => {
  it("splits at now and at seven days", () => {
    expect(expiryState(null, NOW)).toBe("unknown");
    expect(expiryState(NOW, NOW)).toBe("expired");
    expect(expiryState(NOW + 1, NOW)).toBe("soon");
    expect(expiryState(NOW + 7 * DAY, NOW)).toBe("soon");
    expect(expiryState(NOW + 7 * DAY + 1, NOW)).toBe("later");
  });
});

describe("filterRows", () => {
  const rows = rowsOf([
    invitation({ email: "alice@contractors.io", orgRoles: ["ORG_OWNER"], teamIds: [TEAM] }),
    invitation({
      email: "bob@example.com",
      source: "project",
      projectRoles: [{ projectId: PROJECT, roles: ["GROUP_OWNER"] }],
      expiresAt: iso(NOW + 2 * DAY),
    }),
    invitation({
      email: "carol@CONTRACTORS.io",
      source: "invitations",
      projectRoles: [{ projectId: OTHER_PROJECT, roles: ["GROUP_READ_ONLY"] }],
      expiresAt: iso(NOW - DAY),
    }),
  ]);

  it("keeps everything without filters", () => {
    expect(filterRows(rows, DEFAULT_LIST_PARAMS, NOW)).toHaveLength(3);
  });

  it("searches the e-mail case-insensitively, ignoring surrounding spaces", () => {
    expect(emails(filterRows(rows, params({ q: "  Contractors " }), NOW))).toEqual([
      "alice@contractors.io",
      "carol@CONTRACTORS.io",
    ]);
    expect(filterRows(rows, params({ q: "nobody" }), NOW)).toEqual([]);
  });

  it("filters by org role, team and project", () => {
    expect(emails(filterRows(rows, params({ role: "ORG_OWNER" }), NOW))).toEqual(["alice@contractors.io"]);
    expect(emails(filterRows(rows, params({ team: TEAM }), NOW))).toEqual(["alice@contractors.io"]);
    expect(emails(filterRows(rows, params({ project: PROJECT }), NOW))).toEqual(["bob@example.com"]);
  });

  it("expiring soon leaves out the expired and the later ones", () => {
    expect(emails(filterRows(rows, params({ expiring: true }), NOW))).toEqual(["bob@example.com"]);
  });

  it("source splits legacy project invitations from org ones (users and invitations APIs)", () => {
    expect(emails(filterRows(rows, params({ source: "project" }), NOW))).toEqual(["bob@example.com"]);
    expect(emails(filterRows(rows, params({ source: "org" }), NOW))).toEqual([
      "alice@contractors.io",
      "carol@CONTRACTORS.io",
    ]);
  });

  it("combines filters (all must match)", () => {
    expect(filterRows(rows, params({ q: "contractors", source: "project" }), NOW)).toEqual([]);
  });
});

describe("sortRows", () => {
  const rows = rowsOf([
    invitation({ email: "b@x.io", teamIds: [TEAM], createdAt: iso(NOW - 2 * DAY), expiresAt: null }),
    invitation({ email: "a@x.io", teamIds: [], createdAt: iso(NOW - 3 * DAY), expiresAt: iso(NOW + DAY) }),
    invitation({ email: "c@x.io", teamIds: [], createdAt: iso(NOW - DAY), expiresAt: iso(NOW + 9 * DAY) }),
  ]);

  it("sorts by e-mail and by date, both ways", () => {
    expect(emails(sortRows(rows, "email", "asc"))).toEqual(["a@x.io", "b@x.io", "c@x.io"]);
    expect(emails(sortRows(rows, "email", "desc"))).toEqual(["c@x.io", "b@x.io", "a@x.io"]);
    expect(emails(sortRows(rows, "created", "desc"))).toEqual(["c@x.io", "b@x.io", "a@x.io"]);
    expect(emails(sortRows(rows, "created", "asc"))).toEqual(["a@x.io", "b@x.io", "c@x.io"]);
  });

  it("puts empty values last in both directions, ties in e-mail order", () => {
    // No expiry: last either way.
    expect(emails(sortRows(rows, "expires", "asc"))).toEqual(["a@x.io", "c@x.io", "b@x.io"]);
    expect(emails(sortRows(rows, "expires", "desc"))).toEqual(["c@x.io", "a@x.io", "b@x.io"]);
    // Two rows without teams: after the one with a team, in e-mail order.
    expect(emails(sortRows(rows, "teams", "asc"))).toEqual(["b@x.io", "a@x.io", "c@x.io"]);
    expect(emails(sortRows(rows, "teams", "desc"))).toEqual(["b@x.io", "a@x.io", "c@x.io"]);
  });

  it("sorts ledger rows by when they changed status", () => {
    const ledger = rowsOf([invitation({ email: "old@x.io" }), invitation({ email: "new@x.io" })]);
    ledger[0]!.changedMs = NOW - DAY;
    ledger[1]!.changedMs = NOW;
    expect(emails(sortRows(ledger, "changed", "desc"))).toEqual(["new@x.io", "old@x.io"]);
  });

  it("does not reorder its input", () => {
    const before = emails(rows);
    sortRows(rows, "email", "asc");
    expect(emails(rows)).toEqual(before);
  });
});

describe("visibleRows", () => {
  it("filters the sorted rows, and a new sort on the same rows takes effect", () => {
    const rows = rowsOf([
      invitation({ email: "b@team.io" }),
      invitation({ email: "a@team.io" }),
      invitation({ email: "z@other.io" }),
    ]);
    expect(emails(visibleRows(rows, params({ q: "team", sort: "email", dir: "asc" }), NOW))).toEqual([
      "a@team.io",
      "b@team.io",
    ]);
    expect(emails(visibleRows(rows, params({ q: "team", sort: "email", dir: "desc" }), NOW))).toEqual([
      "b@team.io",
      "a@team.io",
    ]);
    expect(emails(visibleRows(rows, params({ sort: "email", dir: "asc" }), NOW))).toEqual([
      "a@team.io",
      "b@team.io",
      "z@other.io",
    ]);
  });
});

describe("visibleRows while typing", () => {
  it("answers every keystroke as a fresh filter would: typing on, deleting, a filter or the rows changing between", () => {
    const list = Array.from({ length: 300 }, (_, i) =>
      invitation({
        email: `user${i}.${i % 7 === 0 ? "ops" : "dev"}@team${i % 3}.io`,
        orgRoles: i % 5 === 0 ? ["ORG_OWNER"] : ["ORG_MEMBER"],
      }),
    );
    const rows = rowsOf(list);
    const fewer = rowsOf(list.slice(0, 150));
    const steps: [InvitationRow[], Partial<ListParams>][] = [
      [rows, { q: "u" }],
      [rows, { q: "us" }],
      [rows, { q: "user1" }],
      [rows, { q: "user12" }],
      [rows, { q: "user1" }],
      [rows, { q: "user1", role: "ORG_OWNER" }],
      [rows, { q: "user10", role: "ORG_OWNER" }],
      [rows, { q: "user10" }],
      [rows, { q: "USER10 " }],
      [fewer, { q: "user100" }],
      [rows, { q: "user100" }],
      [rows, { q: "user100", sort: "email", dir: "asc" }],
      [rows, { q: "ops" }],
      [rows, { q: "ops@team1" }],
    ];
    for (const [source, patch] of steps) {
      const p = params(patch);
      expect(emails(visibleRows(source, p, NOW)), JSON.stringify(patch)).toEqual(
        emails(filterRows(sortRows(source, p.sort, p.dir), p, NOW)),
      );
    }
  });
});

describe("summarize", () => {
  it("counts pending, expiring soon, expired and legacy project invitations", () => {
    const rows = rowsOf([
      invitation({ expiresAt: iso(NOW + DAY) }),
      invitation({ expiresAt: iso(NOW + 3 * DAY), source: "project" }),
      invitation({ expiresAt: iso(NOW - DAY) }),
      invitation({ expiresAt: iso(NOW + 30 * DAY) }),
      invitation({ expiresAt: null, source: "project" }),
    ]);
    expect(summarize(rows, NOW)).toEqual({ pending: 5, expiringSoon: 2, expired: 1, legacyProject: 2 });
    expect(summarize([], NOW)).toEqual({ pending: 0, expiringSoon: 0, expired: 0, legacyProject: 0 });
  });
});
