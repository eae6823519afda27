import { z } from "zod";
import { grantsDiff, storedGrantsSchema, type Grants, type GrantsDiff } from "./grants";
import { orgRoleLabel, projectRoleLabel } from "./roles";

// The grants an audit row holds, read one way by the Audit page, its CSV export and the name resolver.
// Invite and renew rows hold the grants themselves; edit and re-invite rows hold `{ before, after }`
// (lib/server/invitations/edit-invitation.ts, reinvite-invitation.ts), shown as the added / removed lines the
// edit dialog reviewed, or as the grants alone when nothing changed.
// Rows are read back from the database as they were written, by this build or an older one: a shape not
// recognised here is simply not shown, never an error.

const changeShape = z.object({ before: storedGrantsSchema, after: storedGrantsSchema });

export type AuditGrants =
  { kind: "change"; before: Grants; after: Grants; diff: GrantsDiff } | { kind: "grants"; grants: Grants };

const isEmpty = (g: Grants) => g.orgRoles.length + g.teamIds.length + g.projectRoles.length === 0;

/** The row's grants as a change or a plain set; null when it has none (or none this build can read). */
export function readAuditGrants(value: unknown): AuditGrants | null {
  if (!value || typeof value !== "object") return null;
  if ("before" in value && "after" in value) {
    const change = changeShape.safeParse(value);
    if (!change.success) return null;
    const { before, after } = change.data;
    const diff = grantsDiff(before, after);
    // A re-invite with the earlier grants (or an edit refused as no change) granted what it holds: say that.
    if (!diff.changed) return isEmpty(after) ? null : { kind: "grants", grants: after };
    return { kind: "change", before, after, diff };
  }
  const plain = storedGrantsSchema.safeParse(value);
  return plain.success && !isEmpty(plain.data) ? { kind: "grants", grants: plain.data } : null;
}

/** Every team and project id the row names (both sides of a change), for name look-ups. */
export function auditGrantIds(value: unknown): { teams: string[]; projects: string[] } {
  const g = readAuditGrants(value);
  if (!g) return { teams: [], projects: [] };
  const sets = g.kind === "change" ? [g.before, g.after] : [g.grants];
  return {
    teams: [...new Set(sets.flatMap((s) => s.teamIds))],
    projects: [...new Set(sets.flatMap((s) => s.projectRoles.map((p) => p.projectId)))],
  };
}

export interface GrantNames {
  teams: Record<string, string>;
  projects: Record<string, string>;
}

const changeText = (added: string[], removed: string[]) =>
  [...added.map((x) => `+ ${x}`), ...removed.map((x) => `− ${x}`)].join(", ");

/**
 * One line for people reading an export: role labels, team and project names (ids where no name is
 * known), and for an edit the same + / − the edit dialog showed.
 */
export function auditGrantsText(value: unknown, names: GrantNames): string | null {
  const g = readAuditGrants(value);
  if (!g) return null;
  const team = (id: string) => names.teams[id] ?? id;
  const project = (id: string) => names.projects[id] ?? id;
  const parts: string[] = [];
  if (g.kind === "change") {
    const { orgRoles, teamIds, projectRoles } = g.diff;
    if (orgRoles.added.length + orgRoles.removed.length > 0)
      parts.push(`org: ${changeText(orgRoles.added.map(orgRoleLabel), orgRoles.removed.map(orgRoleLabel))}`);
    if (teamIds.added.length + teamIds.removed.length > 0)
      parts.push(`teams: ${changeText(teamIds.added.map(team), teamIds.removed.map(team))}`);
    for (const p of projectRoles) {
      parts.push(
        `${project(p.projectId)}: ${changeText(p.added.map(projectRoleLabel), p.removed.map(projectRoleLabel))}`,
      );
    }
    return parts.join("; ");
  }
  const { orgRoles, teamIds, projectRoles } = g.grants;
  if (orgRoles.length) parts.push(`org: ${orgRoles.map(orgRoleLabel).join(", ")}`);
  if (teamIds.length) parts.push(`teams: ${teamIds.map(team).join(", ")}`);
  for (const p of projectRoles)
    parts.push(`${project(p.projectId)}: ${p.roles.map(projectRoleLabel).join(", ")}`);
  return parts.join("; ");
}
