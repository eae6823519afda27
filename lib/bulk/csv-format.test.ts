import { describe, expect, it } from "vitest";
import { ORG_ROLES, PROJECT_ROLES } from "@/lib/schemas/roles";
import {
  BULK_FIELDS,
  BULK_HEADER_ALIASES,
  fieldForHeader,
  normaliseHeader,
  orgRoleFromCell,
  projectRoleFromCell,
  splitListCell,
  splitProjectPair,
} from "./csv-format";

describe("header aliases", () => {
  it.each([
    ["email", "email"],
    ["E-Mail", "email"],
    ["E-mail address", "email"],
    ["email_address", "email"],
    ["Mail", "email"],
    ["User Name", "email"],
    ["login", "email"],
    ["org.roles", "orgRoles"],
    ["Org Role", "orgRoles"],
    ["Roles", "orgRoles"],
    ["Organisation roles", "orgRoles"],
    ["organization-roles", "orgRoles"],
    ["TEAM", "teams"],
    ["Team IDs", "teams"],
    ["team_names", "teams"],
    ["Project Roles", "projectRoles"],
    ["projects", "projectRoles"],
    ["Project assignments", "projectRoles"],
    ["Preset name", "preset"],
    ["template", "preset"],
    ["Profile", "preset"],
  ])("%s → %s", (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it("names nothing else", () => {
    for (const h of ["name", "first name", "department", "", "  ", "e mail 2", "notes"])
      expect(fieldForHeader(h)).toBeNull();
  });

  it("every alias is written normalised and belongs to one field", () => {
    const all = BULK_FIELDS.flatMap((f) => BULK_HEADER_ALIASES[f]);
    for (const a of all) expect(normaliseHeader(a)).toBe(a);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("list cells", () => {
  it('split on "|" or ";", trimmed, blanks dropped', () => {
    expect(splitListCell(" a | b;c ;; |", ",")).toEqual(["a", "b", "c"]);
    expect(splitListCell("a|b", "\t")).toEqual(["a", "b"]);
  });
  it('in a ";" file only "|" separates', () => {
    expect(splitListCell("a;b|c", ";")).toEqual(["a;b", "c"]);
  });
});

describe("organization roles", () => {
  it.each([
    ["ORG_MEMBER", "ORG_MEMBER"],
    ["org_member", "ORG_MEMBER"],
    ["org member", "ORG_MEMBER"],
    ["Org-Member", "ORG_MEMBER"],
    ["Organization Member", "ORG_MEMBER"],
    ["organisation owner", "ORG_OWNER"],
    ["member", "ORG_MEMBER"],
    ["Billing Viewer", "ORG_BILLING_READ_ONLY"],
    ["Organization Project Creator", "ORG_GROUP_CREATOR"],
    ["  read only ", "ORG_READ_ONLY"],
  ])("%s → %s", (text, role) => {
    expect(orgRoleFromCell(text)).toBe(role);
  });

  it("every value and label reads back as itself", () => {
    for (const r of ORG_ROLES) {
      expect(orgRoleFromCell(r.value)).toBe(r.value);
      expect(orgRoleFromCell(r.label)).toBe(r.value);
      expect(orgRoleFromCell(r.label.toUpperCase())).toBe(r.value);
    }
  });

  it("unknown names are null", () => {
    for (const t of ["FOO", "", "GROUP_OWNER", "admin", "ORG_MEMBERS"]) expect(orgRoleFromCell(t)).toBeNull();
  });
});

describe("project roles", () => {
  it.each([
    ["GROUP_READ_ONLY", "GROUP_READ_ONLY"],
    ["group read only", "GROUP_READ_ONLY"],
    ["Project Owner", "GROUP_OWNER"],
    ["owner", "GROUP_OWNER"],
    ["data access read-write", "GROUP_DATA_ACCESS_READ_WRITE"],
    ["GROUP_SOMETHING_NEW", "GROUP_SOMETHING_NEW"],
  ])("%s → %s", (text, role) => {
    expect(projectRoleFromCell(text)).toBe(role);
  });

  it("every value and label reads back as itself", () => {
    for (const r of PROJECT_ROLES) {
      expect(projectRoleFromCell(r.value)).toBe(r.value);
      expect(projectRoleFromCell(r.label)).toBe(r.value);
    }
  });

  it("org roles and nonsense are null", () => {
    for (const t of ["ORG_OWNER", "FOO", "", "group"]) expect(projectRoleFromCell(t)).toBeNull();
  });
});

describe("project pairs", () => {
  it("split at the last colon, roles on +", () => {
    expect(splitProjectPair("Analytics:GROUP_READ_ONLY")).toEqual({
      project: "Analytics",
      roles: ["GROUP_READ_ONLY"],
    });
    expect(splitProjectPair(" Web : read only + owner ")).toEqual({
      project: "Web",
      roles: ["read only", "owner"],
    });
    expect(splitProjectPair("a:b:GROUP_OWNER")).toEqual({ project: "a:b", roles: ["GROUP_OWNER"] });
  });
  it("null without a colon or a side", () => {
    for (const t of ["Analytics", ":GROUP_OWNER", "Analytics:", "Analytics: + "])
      expect(splitProjectPair(t)).toBeNull();
  });
});
