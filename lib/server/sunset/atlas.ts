import "server-only";
import { z } from "zod";
import type { LedgerGrants } from "@/lib/schemas/ledger";
import {
  legacyInvitationSchema,
  orgUserSchema,
  pageOf,
  projectInvitationSchema,
} from "../atlas/atlas-schemas";
import type { LegacyInvitation, OrgUser, ProjectInvitation } from "../atlas/atlas-schemas";
import { listProjects, readAllPages } from "../atlas/directory";
import { isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";

// The Atlas calls of the sunset assistant (lib/server/sunset/*): unlike the invitations list
// (lib/server/atlas/invitations.ts), a retired legacy API (410) is an answer here, not something to skip.

export type { LegacyInvitation, OrgUser, ProjectInvitation };

/** The legacy API answered 410 VERSION_GONE: what depended on it can no longer be read. */
export function isVersionGone(e: unknown): boolean {
  return isAtlasError(e) && e.failure === "http" && e.status === 410;
}

export const grantsOfOrgUser = (u: OrgUser): LedgerGrants => ({
  orgRoles: [...u.roles.orgRoles],
  teamIds: [...u.teamIds],
  projectRoles: u.roles.groupRoleAssignments.map((a) => ({ projectId: a.groupId, roles: [...a.groupRoles] })),
});

export function grantsOfLegacy(i: LegacyInvitation): LedgerGrants {
  const byProject = new Map<string, string[]>();
  for (const a of i.groupRoleAssignments)
    byProject.set(a.groupId, [...(byProject.get(a.groupId) ?? []), a.groupRole]);
  return {
    orgRoles: [...i.roles],
    teamIds: [...i.teamIds],
    projectRoles: [...byProject].map(([projectId, roles]) => ({ projectId, roles })),
  };
}

/** Pending and active people of the org by lower-cased e-mail (users API; one page holds 500). */
export async function orgPeopleByEmail(http: AtlasHttp, orgId: string, username?: string) {
  const people = await readAllPages(async (page) => {
    const query = new URLSearchParams([
      ["orgMembershipStatuses", "PENDING"],
      ["orgMembershipStatuses", "ACTIVE"],
      ["itemsPerPage", "500"],
      ["pageNum", String(page)],
    ]);
    if (username) query.set("username", username);
    return http.send({
      method: "GET",
      template: "listOrgUsers",
      params: { orgId },
      query,
      version: "2025-02-19",
      schema: pageOf(orgUserSchema),
    });
  });
  return new Map(people.map((p) => [p.username.toLowerCase(), p]));
}

export function listLegacyOrgInvites(http: AtlasHttp, orgId: string): Promise<LegacyInvitation[]> {
  return http.send({
    method: "GET",
    template: "listOrgInvites",
    params: { orgId },
    version: "2023-01-01",
    schema: z.array(legacyInvitationSchema),
  });
}

export function readLegacyOrgInvite(http: AtlasHttp, orgId: string, id: string): Promise<LegacyInvitation> {
  return http.send({
    method: "GET",
    template: "orgInvite",
    params: { orgId, invitationId: id },
    version: "2023-01-01",
    schema: legacyInvitationSchema,
  });
}

/**
 * Every legacy project invitation of the org, with the projects that could not be read (403/404: the account
 * does not administer them). A 410 is thrown: the caller says the API is retired.
 */
export async function listProjectInvites(
  http: AtlasHttp,
  orgId: string,
): Promise<{ invitations: ProjectInvitation[]; unreadableProjects: string[] }> {
  const projects = await listProjects(http, orgId);
  const invitations: ProjectInvitation[] = [];
  const unreadableProjects: string[] = [];
  const queue = [...projects];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      try {
        invitations.push(
          ...(await http.send({
            method: "GET",
            template: "listGroupInvites",
            params: { groupId: p.id },
            version: "2023-01-01",
            schema: z.array(projectInvitationSchema),
          })),
        );
      } catch (e) {
        if (isAtlasError(e) && e.failure === "http" && (e.status === 403 || e.status === 404)) {
          unreadableProjects.push(p.name);
          continue;
        }
        throw e;
      }
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return { invitations, unreadableProjects };
}

export function readProjectInvite(http: AtlasHttp, groupId: string, id: string): Promise<ProjectInvitation> {
  return http.send({
    method: "GET",
    template: "groupInvite",
    params: { groupId, invitationId: id },
    version: "2023-01-01",
    schema: projectInvitationSchema,
  });
}

export async function deleteProjectInvite(http: AtlasHttp, groupId: string, id: string): Promise<void> {
  await http.send({
    method: "DELETE",
    template: "groupInvite",
    params: { groupId, invitationId: id },
    version: "2023-01-01",
    schema: null,
  });
}

const rolesBody = (g: LedgerGrants) => ({
  orgRoles: g.orgRoles,
  groupRoleAssignments: g.projectRoles.map((p) => ({ groupId: p.projectId, groupRoles: p.roles })),
});

export function createOrgUser(
  http: AtlasHttp,
  orgId: string,
  email: string,
  g: LedgerGrants,
): Promise<OrgUser> {
  return http.send({
    method: "POST",
    template: "createOrgUser",
    params: { orgId },
    version: "2025-02-19",
    body: { username: email, roles: rolesBody(g), teamIds: g.teamIds },
    schema: orgUserSchema,
  });
}

/** PATCH with every grant field: the result is exactly `g` (an empty list resets that field, as meant). */
export function patchOrgUser(
  http: AtlasHttp,
  orgId: string,
  userId: string,
  g: LedgerGrants,
): Promise<OrgUser> {
  return http.send({
    method: "PATCH",
    template: "orgUser",
    params: { orgId, userId },
    version: "2025-02-19",
    body: { roles: rolesBody(g), teamIds: g.teamIds },
    schema: orgUserSchema,
  });
}

/** Grants as a comparable string (order-free). */
export function grantsKey(g: LedgerGrants): string {
  const sorted = (a: string[]) => [...a].sort().join(",");
  const projects = g.projectRoles
    .filter((p) => p.roles.length > 0)
    .map((p) => `${p.projectId}:${sorted(p.roles)}`)
    .sort()
    .join(";");
  return `${sorted(g.orgRoles)}|${sorted(g.teamIds)}|${projects}`;
}

/** `base` plus `extra`'s project roles (a person's org invitation gaining a legacy project invitation's roles). */
export function mergeGrants(base: LedgerGrants, extra: LedgerGrants): LedgerGrants {
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
