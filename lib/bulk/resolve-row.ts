import type { Grants } from "@/lib/schemas/grants";
import type { BulkPlanBucket } from "@/lib/schemas/onboarding";
import type { BulkField } from "./csv-format";
import type { ParsedRow } from "./parse-csv";

// The plan of a bulk import: each parsed row (lib/bulk/parse-csv.ts) in exactly one bucket, given the org's
// teams, projects, presets, members and pending invitations. Pure: the preview and the server job plan the
// same way. The guardrail buckets (`blocked`, `needs_approval`) are applied afterwards by the server, on the
// rows this leaves `ready`.

export interface OrgDirectory {
  teams: { id: string; name: string }[];
  projects: { id: string; name: string }[];
}

/** A preset as the plan reads it; `stale` says why it cannot be applied (non-empty = flagged). */
export interface PresetLike {
  id: string;
  name: string;
  grants: Grants;
  stale: string[];
}

/** The "all rows" defaults, used for a field whose cell is empty in a row (the caller fills orgRoles). */
export interface RowDefaults {
  orgRoles: string[];
  teamIds: string[];
  projectRoles: { projectId: string; roles: string[] }[];
  presetName?: string | null;
}

export type RowPlan = {
  line: number;
  email: string;
  bucket: BulkPlanBucket;
  field?: BulkField;
  reason?: string;
  /** What the row would grant; null when it is invalid. */
  grants: Grants | null;
  /** The preset applied (the row's or the defaults'), null for none. */
  presetId?: string | null;
};

export interface PlanContext {
  directory: OrgDirectory;
  presets: PresetLike[];
  defaults: RowDefaults;
  /** Lower-cased addresses with a pending invitation in the org. */
  pendingEmails: ReadonlySet<string>;
  /** Lower-cased addresses of the org's active members. */
  memberEmails: ReadonlySet<string>;
}

const ATLAS_ID_ANY_CASE = /^[a-fA-F0-9]{24}$/;
const key = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

type Found = { id: string } | { error: string };

/**
 * A team or project as written: an id of the org (any case), else a name (exact first, then ignoring case
 * and spacing). A name that several entries share, ignoring case, is refused rather than guessed.
 */
function lookup(list: readonly { id: string; name: string }[], written: string, what: string): Found {
  if (ATLAS_ID_ANY_CASE.test(written)) {
    const id = written.toLowerCase();
    if (list.some((e) => e.id === id)) return { id };
  }
  const exact = list.filter((e) => e.name.trim() === written.trim());
  if (exact.length === 1 && exact[0]) return { id: exact[0].id };
  const loose = list.filter((e) => key(e.name) === key(written));
  if (loose.length === 1 && loose[0]) return { id: loose[0].id };
  if (loose.length > 1) return { error: `several ${what}s are named '${written}': write its id` };
  return ATLAS_ID_ANY_CASE.test(written)
    ? { error: `no ${what} with id ${written} in this organization` }
    : { error: `unknown ${what} '${written}'` };
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** Merges assignments per project, roles de-duplicated, in first-seen order. */
function mergeProjects(
  lists: readonly (readonly Grants["projectRoles"][number][])[],
): Grants["projectRoles"] {
  const out: Grants["projectRoles"] = [];
  for (const p of lists.flat()) {
    const same = out.find((o) => o.projectId === p.projectId);
    if (same) same.roles = union(same.roles, p.roles);
    else out.push({ projectId: p.projectId, roles: union([], p.roles) });
  }
  return out;
}

type Invalid = { field: BulkField; reason: string };

/**
 * The grants of one row, or why it is invalid. With a preset (the row's, else the defaults'), the preset's
 * grants are the base and the row's cells add to them; the defaults' roles, teams and projects are then not
 * used. Without one, each of the row's non-empty cells replaces that field of the defaults.
 */
function rowGrants(row: ParsedRow, ctx: PlanContext): { grants: Grants; presetId: string | null } | Invalid {
  const presetName = row.preset ?? ctx.defaults.presetName ?? null;
  let preset: PresetLike | null = null;
  if (presetName !== null && presetName.trim() !== "") {
    preset =
      ctx.presets.find((p) => p.id === presetName.trim()) ??
      ctx.presets.find((p) => key(p.name) === key(presetName)) ??
      null;
    if (!preset) return { field: "preset", reason: `unknown preset '${presetName}'` };
    if (preset.stale.length > 0)
      return {
        field: "preset",
        reason: `preset '${preset.name}' cannot be applied: ${preset.stale.join("; ")}`,
      };
  }

  const teamIds: string[] = [];
  for (const t of row.teams) {
    const found = lookup(ctx.directory.teams, t, "team");
    if ("error" in found) return { field: "teams", reason: found.error };
    teamIds.push(found.id);
  }
  const projectRoles: Grants["projectRoles"] = [];
  for (const p of row.projects) {
    const found = lookup(ctx.directory.projects, p.project, "project");
    if ("error" in found) return { field: "projectRoles", reason: found.error };
    projectRoles.push({ projectId: found.id, roles: p.roles });
  }

  const d = ctx.defaults;
  const grants: Grants = preset
    ? {
        orgRoles: union(preset.grants.orgRoles, row.orgRoles),
        teamIds: union(preset.grants.teamIds, teamIds),
        projectRoles: mergeProjects([preset.grants.projectRoles, projectRoles]),
      }
    : {
        orgRoles: union([], row.orgRoles.length > 0 ? row.orgRoles : d.orgRoles),
        teamIds: union([], row.teams.length > 0 ? teamIds : d.teamIds),
        projectRoles: mergeProjects([row.projects.length > 0 ? projectRoles : d.projectRoles]),
      };
  if (grants.orgRoles.length === 0)
    return {
      field: "orgRoles",
      reason: preset
        ? `no organization role: preset '${preset.name}' gives none and the row names none`
        : "no organization role: the row names none and the defaults give none",
    };
  return { grants, presetId: preset?.id ?? null };
}

/**
 * One plan per row, in order. Checks, first match wins: invalid (an input problem, no address, a team,
 * project or preset the org does not have, a stale preset, no org role), duplicate (an earlier row with a
 * valid address has the same one, whatever its own bucket: the user settles which line is meant),
 * already_member, already_invited, else ready.
 */
export function planRows(rows: ParsedRow[], ctx: PlanContext): RowPlan[] {
  const firstLine = new Map<string, number>();
  return rows.map((row): RowPlan => {
    const base = { line: row.line, email: row.email };
    const emailOk = row.email !== "" && !row.problems.some((p) => p.field === "email");
    const earlier = emailOk ? firstLine.get(row.email) : undefined;
    if (emailOk && earlier === undefined) firstLine.set(row.email, row.line);

    const problem = row.problems[0];
    if (problem) return { ...base, bucket: "invalid", ...problem, grants: null };
    if (row.email === "")
      return { ...base, bucket: "invalid", field: "email", reason: "is missing", grants: null };
    const planned = rowGrants(row, ctx);
    if ("reason" in planned) return { ...base, bucket: "invalid", ...planned, grants: null };

    const ok = { ...base, grants: planned.grants, presetId: planned.presetId };
    if (earlier !== undefined)
      return { ...ok, bucket: "duplicate", field: "email", reason: `same address as line ${earlier}` };
    if (ctx.memberEmails.has(row.email))
      return {
        ...ok,
        bucket: "already_member",
        field: "email",
        reason: "is already a member of the organization",
      };
    if (ctx.pendingEmails.has(row.email))
      return { ...ok, bucket: "already_invited", field: "email", reason: "already has a pending invitation" };
    return { ...ok, bucket: "ready" };
  });
}
