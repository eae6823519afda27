import "server-only";
import type { Grants } from "@/lib/schemas/grants";
import type { Preset } from "@/lib/schemas/presets";
import type { PresetRow } from "../db/schema";
import { HttpError } from "../api/errors";
import { listOrgProjects, listOrgTeams } from "../orgs/list-directory";

// A preset is checked against the org's live teams and projects each time it is read: Atlas may have deleted a
// team since the preset was saved, and a preset that names it is flagged, never applied with the team dropped.

/** The org's team and project ids, read from Atlas. */
export interface OrgDirectory {
  teamIds: ReadonlySet<string>;
  projectIds: ReadonlySet<string>;
}

export async function readOrgDirectory(orgId: string): Promise<OrgDirectory> {
  const [teams, projects] = await Promise.all([listOrgTeams(orgId), listOrgProjects(orgId)]);
  return {
    teamIds: new Set(teams.map((t) => t.id)),
    projectIds: new Set(projects.map((p) => p.id)),
  };
}

/** Why the grants cannot be applied as they stand, in words: one reason per team or project that is gone. */
export function staleReasons(grants: Grants, dir: OrgDirectory): string[] {
  return [
    ...grants.teamIds.filter((id) => !dir.teamIds.has(id)).map((id) => `team ${id} no longer exists`),
    ...grants.projectRoles
      .filter((p) => !dir.projectIds.has(p.projectId))
      .map((p) => `project ${p.projectId} no longer exists`),
  ];
}

/** A stored row as the API answers it. */
export function presetOf(row: PresetRow, dir: OrgDirectory): Preset {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    orgRoles: [...row.grants.orgRoles],
    teamIds: [...row.grants.teamIds],
    projectRoles: row.grants.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
    isDefault: row.isDefault,
    stale: staleReasons(row.grants, dir),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The grants a preset gives, for a caller about to apply them (a bulk run): refused with every reason when the
 * preset is stale.
 */
export function presetGrants(preset: Preset): Grants {
  if (preset.stale.length > 0) {
    throw new HttpError({
      code: "conflict",
      message: `The preset “${preset.name}” is out of date: ${preset.stale.join("; ")}. An admin must update it.`,
    });
  }
  return { orgRoles: preset.orgRoles, teamIds: preset.teamIds, projectRoles: preset.projectRoles };
}
