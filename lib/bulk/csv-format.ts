import { ORG_ROLES, type OrgRole, PROJECT_ROLES, projectRoleFromText } from "@/lib/schemas/roles";

// The bulk-invite CSV format (docs/bulk-csv.md): which columns are read, under which header names, and how a
// cell holds several values. Client-safe: the preview in the browser and the server job read the same rules.

export const BULK_FIELDS = ["email", "orgRoles", "teams", "projectRoles", "preset"] as const;
export type BulkField = (typeof BULK_FIELDS)[number];

/** Fields a file must have a column for. */
export const REQUIRED_BULK_FIELDS: readonly BulkField[] = ["email"];

/** Header names per field, already normalised (normaliseHeader). */
export const BULK_HEADER_ALIASES: Record<BulkField, readonly string[]> = {
  email: ["email", "mail", "emailaddress", "username", "user", "login"],
  orgRoles: ["orgroles", "orgrole", "roles", "role", "organizationroles", "organisationroles"],
  teams: ["teams", "team", "teamids", "teamnames"],
  projectRoles: ["projectroles", "projects", "project", "projectrole", "projectassignments"],
  preset: ["preset", "presetname", "profile", "template"],
};

/** The short label of a field, as the preview and docs/bulk-csv.md name the columns. */
export const BULK_FIELD_LABELS: Record<BulkField, string> = {
  email: "E-mail",
  orgRoles: "Organization roles",
  teams: "Teams",
  projectRoles: "Project roles",
  preset: "Preset",
};

/** "E-Mail Address", "email_address" and "emailAddress" all read as "emailaddress". */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

const FIELD_BY_ALIAS = new Map<string, BulkField>(
  BULK_FIELDS.flatMap((f) => BULK_HEADER_ALIASES[f].map((a) => [a, f] as const)),
);

/** The field a header names, or null when it names none (the column is then ignored). */
export function fieldForHeader(header: string): BulkField | null {
  return FIELD_BY_ALIAS.get(normaliseHeader(header)) ?? null;
}

/** The most characters one cell may hold. */
export const MAX_CELL_CHARS = 1_000;
/** The most values one list cell (teams, project roles, org roles) may hold. */
export const MAX_CELL_VALUES = 100;

export type CsvDelimiter = "," | ";" | "\t";

/**
 * Splits a list cell on "|" or ";". In a ";"-separated file a bare ";" ends the cell, so only "|" separates
 * values there (a quoted ";" would otherwise mean two different things in the two kinds of file).
 */
export function splitListCell(cell: string, delimiter: CsvDelimiter): string[] {
  return cell
    .split(delimiter === ";" ? /\|/ : /[|;]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** "org member", "Org-Member" and "ORG_MEMBER" all read as ORG_MEMBER (the spelling Atlas uses). */
const enumSpelling = (text: string) =>
  text
    .trim()
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

const ORG_ROLE_BY_SPELLING = new Map<string, OrgRole>(
  ORG_ROLES.flatMap((r) => [
    [r.value, r.value],
    // The prefix may be left out: "member", "billing admin".
    [r.value.replace(/^ORG_/, ""), r.value],
    // The label the invite form shows, with or without its "Organization" prefix.
    [enumSpelling(r.label), r.value],
    [enumSpelling(r.label.replace(/^Organization /, "")), r.value],
  ]),
);

/** An organization role as written in a cell, as its Atlas value; null when it names none. */
export function orgRoleFromCell(text: string): OrgRole | null {
  const spelled = enumSpelling(text);
  return (
    ORG_ROLE_BY_SPELLING.get(spelled) ??
    ORG_ROLE_BY_SPELLING.get(spelled.replace(/^ORGANI[SZ]ATION_/, "ORG_")) ??
    null
  );
}

const KNOWN_PROJECT_ROLES = new Set<string>(PROJECT_ROLES.map((r) => r.value));

/**
 * A project role as written in a cell, as its Atlas value: the form's labels ("Project Owner", "Owner"), the
 * Atlas value in any case and with spaces ("group read only"), or a known role without its prefix
 * ("read only"). Other GROUP_* values are kept for Atlas to judge, as the invite form does
 * (lib/schemas/roles.ts). Null when it is none of these.
 */
export function projectRoleFromCell(text: string): string | null {
  const byLabel = projectRoleFromText(text);
  if (byLabel) return byLabel;
  const spelled = enumSpelling(text);
  if (!spelled) return null;
  if (KNOWN_PROJECT_ROLES.has(`GROUP_${spelled}`)) return `GROUP_${spelled}`;
  return projectRoleFromText(spelled);
}

/** A project and its roles as written in a cell: "Analytics:GROUP_READ_ONLY+GROUP_OWNER". */
export interface ProjectPairText {
  project: string;
  roles: string[];
}

/**
 * Splits one "project:ROLE1+ROLE2" value at its last colon (role names never hold one; a project name might).
 * Null when there is no colon, or nothing on one side of it.
 */
export function splitProjectPair(value: string): ProjectPairText | null {
  const at = value.lastIndexOf(":");
  if (at < 0) return null;
  const project = value.slice(0, at).trim();
  const roles = value
    .slice(at + 1)
    .split("+")
    .map((r) => r.trim())
    .filter(Boolean);
  if (!project || roles.length === 0) return null;
  return { project, roles };
}

/** Control characters (C0, DEL, C1), which no e-mail address, role or name holds. */
// eslint-disable-next-line no-control-regex -- finding them is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
