import "server-only";
import type { Grants } from "@/lib/schemas/grants";
import type { LegacyInvitation, OrgUser } from "../atlas/sunset";

// Grants as the sunset assistant compares them: what a person has in Atlas, what a legacy invitation gives,
// and the two merged.

export const grantsOfOrgUser = (u: OrgUser): Grants => ({
  orgRoles: [...u.roles.orgRoles],
  teamIds: [...u.teamIds],
  projectRoles: u.roles.groupRoleAssignments.map((a) => ({ projectId: a.groupId, roles: [...a.groupRoles] })),
});

export function grantsOfLegacy(i: LegacyInvitation): Grants {
  const byProject = new Map<string, string[]>();
  for (const a of i.groupRoleAssignments)
    byProject.set(a.groupId, [...(byProject.get(a.groupId) ?? []), a.groupRole]);
  return {
    orgRoles: [...i.roles],
    teamIds: [...i.teamIds],
    projectRoles: [...byProject].map(([projectId, roles]) => ({ projectId, roles })),
  };
}

/** Grants as a comparable string (order-free). */
export function grantsKey(g: Grants): string {
  const sorted = (a: string[]) => [...a].sort().join(",");
  const projects = g.projectRoles
    .filter((p) => p.roles.length > 0)
    .map((p) => `${p.projectId}:${sorted(p.roles)}`)
    .sort()
    .join(";");
  return `${sorted(g.orgRoles)}|${sorted(g.teamIds)}|${projects}`;
}

/** `base` plus `extra`'s project roles (a person's org invitation gaining a legacy project invitation's roles). */
export function mergeGrants(base: Grants, extra: Grants): Grants {
  const byProject = new Map(base.projectRoles.map((p) => [p.projectId, new Set(p.roles)]));
  for (const p of extra.projectRoles) {
    const set = byProject.get(p.projectId) ?? new Set<string>();
    p.roles.forEach((r) => set.add(r));
    byProject.set(p.projectId, set);
  }
  return {
    orgRoles: base.orgRoles.length ? [...base.orgRoles] : [...extra.orgRoles],
    teamIds: [...new Set([...base.teamIds, ...extra.teamIds])],
    projectRoles: [...byProject].map(([projectId, roles]) => ({ projectId, roles: [...roles] })),
  };
}
