import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BULK_PLAN_BUCKETS } from "@/lib/schemas/onboarding";
import { parseBulkCsv } from "./parse-csv";
import { type PlanContext, planRows, type PresetLike } from "./resolve-row";

const id = (n: number) => n.toString(16).padStart(24, "0");
const BLUE = id(0xb1),
  RED = id(0xed),
  BLUE2 = id(0xb2);
const ANALYTICS = id(0xa1),
  WEB = id(0xe3);

const engineers: PresetLike = {
  id: "preset-eng",
  name: "Engineers",
  grants: {
    orgRoles: ["ORG_MEMBER"],
    teamIds: [BLUE],
    projectRoles: [{ projectId: WEB, roles: ["GROUP_READ_ONLY"] }],
  },
  stale: [],
};
const oldPreset: PresetLike = {
  id: "preset-old",
  name: "Old",
  grants: { orgRoles: ["ORG_MEMBER"], teamIds: [id(0xdead)], projectRoles: [] },
  stale: ["team 00000000000000000000dead no longer exists"],
};
const noRole: PresetLike = {
  id: "preset-none",
  name: "Teams only",
  grants: { orgRoles: [], teamIds: [RED], projectRoles: [] },
  stale: [],
};

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  directory: {
    teams: [
      { id: BLUE, name: "Blue" },
      { id: RED, name: "Red Team" },
      { id: BLUE2, name: "Twin" },
      { id: id(0xb3), name: "twin" },
    ],
    projects: [
      { id: ANALYTICS, name: "Analytics" },
      { id: WEB, name: "Web" },
    ],
  },
  presets: [engineers, oldPreset, noRole],
  defaults: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [], presetName: null },
  pendingEmails: new Set(["pending@x.io"]),
  memberEmails: new Set(["member@x.io"]),
  ...over,
});

const HEADER = "email,orgRoles,teams,projectRoles,preset";
const plan = (rows: string[], c: PlanContext = ctx()) =>
  planRows(parseBulkCsv([HEADER, ...rows].join("\n")).rows, c);
const one = (row: string, c?: PlanContext) => plan([row], c)[0]!;

describe("planRows: invalid", () => {
  it("an input problem from the parser, first one named", () => {
    expect(one("nope,FOO")).toMatchObject({
      bucket: "invalid",
      field: "email",
      reason: "is not a valid e-mail address",
      grants: null,
    });
    expect(one(",ORG_MEMBER")).toMatchObject({ bucket: "invalid", field: "email", reason: "is missing" });
  });

  it("teams and projects by name (any case, spacing) or id of the org", () => {
    expect(
      one(`a@x.io,,blue|  red   team |${RED.toUpperCase()},analytics:owner|${WEB}:read only`),
    ).toMatchObject({
      bucket: "ready",
      grants: {
        orgRoles: ["ORG_MEMBER"],
        teamIds: [BLUE, RED],
        projectRoles: [
          { projectId: ANALYTICS, roles: ["GROUP_OWNER"] },
          { projectId: WEB, roles: ["GROUP_READ_ONLY"] },
        ],
      },
    });
    expect(one("a@x.io,,Green")).toMatchObject({
      bucket: "invalid",
      field: "teams",
      reason: "unknown team 'Green'",
    });
    expect(one(`a@x.io,,${id(0xfff)}`)).toMatchObject({
      field: "teams",
      reason: `no team with id ${id(0xfff)} in this organization`,
    });
    expect(one("a@x.io,,,Mobile:owner")).toMatchObject({
      bucket: "invalid",
      field: "projectRoles",
      reason: "unknown project 'Mobile'",
    });
  });

  it("a name two teams share ignoring case is exact or refused, never guessed", () => {
    expect(one("a@x.io,,Twin").grants?.teamIds).toEqual([BLUE2]);
    expect(one("a@x.io,,TWIN")).toMatchObject({
      bucket: "invalid",
      reason: "several teams are named 'TWIN': write its id",
    });
  });

  it("presets: unknown, stale", () => {
    expect(one("a@x.io,,,,Nope")).toMatchObject({
      bucket: "invalid",
      field: "preset",
      reason: "unknown preset 'Nope'",
    });
    expect(one("a@x.io,,,,old")).toMatchObject({
      bucket: "invalid",
      field: "preset",
      reason: "preset 'Old' cannot be applied: team 00000000000000000000dead no longer exists",
    });
    const c = ctx({
      defaults: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [], presetName: "Old" },
    });
    expect(one("a@x.io", c)).toMatchObject({ bucket: "invalid", field: "preset" });
  });

  it("no organization role is never filled in with ORG_MEMBER", () => {
    const none = ctx({ defaults: { orgRoles: [], teamIds: [], projectRoles: [] } });
    expect(one("a@x.io", none)).toMatchObject({
      bucket: "invalid",
      field: "orgRoles",
      reason: "no organization role: the row names none and the defaults give none",
    });
    expect(one("a@x.io,org owner", none).grants?.orgRoles).toEqual(["ORG_OWNER"]);
    expect(one("a@x.io,,,,Teams only")).toMatchObject({
      bucket: "invalid",
      field: "orgRoles",
      reason: "no organization role: preset 'Teams only' gives none and the row names none",
    });
  });
});

describe("planRows: grants", () => {
  const defaults = {
    orgRoles: ["ORG_READ_ONLY"],
    teamIds: [RED],
    projectRoles: [{ projectId: ANALYTICS, roles: ["GROUP_READ_ONLY"] }],
  };

  it("without a preset, each non-empty cell replaces that default", () => {
    const c = ctx({ defaults });
    expect(one("a@x.io", c).grants).toEqual(defaults);
    expect(one("a@x.io,ORG_MEMBER|org member,Blue", c).grants).toEqual({
      orgRoles: ["ORG_MEMBER"],
      teamIds: [BLUE],
      projectRoles: defaults.projectRoles,
    });
    expect(one("a@x.io,,,Web:owner", c).grants).toEqual({
      orgRoles: ["ORG_READ_ONLY"],
      teamIds: [RED],
      projectRoles: [{ projectId: WEB, roles: ["GROUP_OWNER"] }],
    });
  });

  it("with a preset, its grants are the base, the row's cells add, the defaults are not used", () => {
    const r = one(
      "a@x.io,org owner,Blue|Red Team,Web:owner|Analytics:read only,engineers",
      ctx({ defaults }),
    );
    expect(r).toMatchObject({ bucket: "ready", presetId: "preset-eng" });
    expect(r.grants).toEqual({
      orgRoles: ["ORG_MEMBER", "ORG_OWNER"],
      teamIds: [BLUE, RED],
      projectRoles: [
        { projectId: WEB, roles: ["GROUP_READ_ONLY", "GROUP_OWNER"] },
        { projectId: ANALYTICS, roles: ["GROUP_READ_ONLY"] },
      ],
    });
  });

  it("the defaults' preset applies to rows without their own", () => {
    const c = ctx({ defaults: { ...defaults, presetName: "Engineers" } });
    expect(one("a@x.io", c)).toMatchObject({ presetId: "preset-eng", grants: engineers.grants });
    expect(one("a@x.io", ctx()).presetId).toBeNull();
  });

  it("the same project by name and by id is one assignment", () => {
    expect(one(`a@x.io,,,Analytics:owner|${ANALYTICS}:read only`).grants?.projectRoles).toEqual([
      { projectId: ANALYTICS, roles: ["GROUP_OWNER", "GROUP_READ_ONLY"] },
    ]);
  });
});

describe("planRows: duplicates, members, invitations", () => {
  it("first match wins: invalid, duplicate, already_member, already_invited, ready", () => {
    const plans = plan([
      "Ada@x.io,,Green", // 1 invalid (unknown team), still the first with this address
      "ada@x.io", // 2 duplicate of line 1
      "member@x.io", // 3
      "pending@x.io", // 4
      "member@x.io", // 5 duplicate before already_member
      "bob@x.io", // 6 ready
      "ada@x.io,FOO", // 7 invalid beats duplicate
      "bad address", // 8 invalid, claims nothing
      "bob@x.io,,,,", // 9 duplicate
    ]);
    expect(plans.map((p) => [p.line, p.bucket, p.reason ?? ""])).toEqual([
      [1, "invalid", "unknown team 'Green'"],
      [2, "duplicate", "same address as line 1"],
      [3, "already_member", "is already a member of the organization"],
      [4, "already_invited", "already has a pending invitation"],
      [5, "duplicate", "same address as line 3"],
      [6, "ready", ""],
      [7, "invalid", "unknown organization role 'FOO'"],
      [8, "invalid", "is not a valid e-mail address"],
      [9, "duplicate", "same address as line 6"],
    ]);
    expect(plans[1]?.grants).toEqual({ orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] });
  });
});

describe("planRows: properties", () => {
  it("one plan per row, in order, each in exactly one known bucket; grants exactly when not invalid", () => {
    const email = fc.constantFrom(
      "a@x.io",
      "A@x.io",
      "b@x.io",
      "member@x.io",
      "pending@x.io",
      "",
      "bad",
      "c@x.io",
    );
    const role = fc.constantFrom("", "ORG_MEMBER", "org owner", "FOO", "ORG_MEMBER|read only");
    const team = fc.constantFrom("", "Blue", "red team", "Green", BLUE, id(0xfff), "twin");
    const proj = fc.constantFrom(
      "",
      "Web:owner",
      "Analytics",
      "Mobile:owner",
      `${ANALYTICS}:GROUP_READ_ONLY`,
    );
    const preset = fc.constantFrom("", "Engineers", "Old", "Nope", "Teams only");
    const row = fc.tuple(email, role, team, proj, preset).map((r) => r.join(","));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), fc.boolean(), (rows, noDefaultRole) => {
        const c = ctx(noDefaultRole ? { defaults: { orgRoles: [], teamIds: [], projectRoles: [] } } : {});
        const parsed = parseBulkCsv([HEADER, ...rows].join("\n")).rows;
        const plans = planRows(parsed, c);
        expect(plans.map((p) => p.line)).toEqual(parsed.map((r) => r.line));
        const counts = Object.fromEntries(BULK_PLAN_BUCKETS.map((b) => [b, 0]));
        for (const p of plans) counts[p.bucket]!++;
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(parsed.length);
        expect(counts.blocked).toBe(0);
        expect(counts.needs_approval).toBe(0);
        for (const p of plans) {
          expect(p.grants === null).toBe(p.bucket === "invalid");
          if (p.grants) expect(p.grants.orgRoles.length).toBeGreaterThan(0);
        }
        // Each valid address is ready, a member or invited at most once; every other of its rows is a duplicate.
        const firsts = plans.filter((p) => ["ready", "already_member", "already_invited"].includes(p.bucket));
        expect(new Set(firsts.map((p) => p.email)).size).toBe(firsts.length);
        for (const p of plans.filter((x) => x.bucket === "ready"))
          expect(c.memberEmails.has(p.email) || c.pendingEmails.has(p.email)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
