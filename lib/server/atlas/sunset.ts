import "server-only";
import { z } from "zod";
import type { Grants } from "@/lib/schemas/grants";
import { legacyInvitationSchema, orgUserSchema, projectInvitationSchema } from "./atlas-schemas";
import type { LegacyInvitation, OrgUser, ProjectInvitation } from "./atlas-schemas";
import { listOrgPeople, listProjects } from "./directory";
import { isAtlasError } from "./errors";
import type { AtlasHttp } from "./http";

// The Atlas calls of the sunset assistant (lib/server/sunset/*): unlike the invitations list
// (lib/server/atlas/invitations.ts), a retired legacy API (410) is an answer here, not something to skip.

export type { LegacyInvitation, OrgUser, ProjectInvitation };

/** The legacy API answered 410 VERSION_GONE: what depended on it can no longer be read. */
export function isVersionGone(e: unknown): boolean {
  return isAtlasError(e) && e.failure === "http" && e.status === 410;
}

/** Pending and active people of the org by lower-cased e-mail (users API; one page holds 500). */
export async function orgPeopleByEmail(http: AtlasHttp, orgId: string, username?: string) {
  const people = await listOrgPeople(http, orgId, ["PENDING", "ACTIVE"], username);
  return new Map(people.map((p) => [p.username.toLowerCase(), p]));
}

export function listLegacyOrgInvites(http: AtlasHttp, orgId: string): Promise<LegacyInvitation[]> {
  return http.sendData({
    method: "GET",
    template: "listOrgInvites",
    params: { orgId },
    version: "2023-01-01",
    schema: z.array(legacyInvitationSchema),
  });
}

export function readLegacyOrgInvite(http: AtlasHttp, orgId: string, id: string): Promise<LegacyInvitation> {
  return http.sendData({
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
          ...(await http.sendData({
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
  return http.sendData({
    method: "GET",
    template: "groupInvite",
    params: { groupId, invitationId: id },
    version: "2023-01-01",
    schema: projectInvitationSchema,
  });
}

export async function deleteProjectInvite(http: AtlasHttp, groupId: string, id: string): Promise<void> {
  await http.sendData({
    method: "DELETE",
    template: "groupInvite",
    params: { groupId, invitationId: id },
    version: "2023-01-01",
    schema: null,
  });
}

const rolesBody = (g: Grants) => ({
  orgRoles: g.orgRoles,
  groupRoleAssignments: g.projectRoles.map((p) => ({ groupId: p.projectId, groupRoles: p.roles })),
});

export function createOrgUser(http: AtlasHttp, orgId: string, email: string, g: Grants): Promise<OrgUser> {
  return http.sendData({
    method: "POST",
    template: "createOrgUser",
    params: { orgId },
    version: "2025-02-19",
    body: { username: email, roles: rolesBody(g), teamIds: g.teamIds },
    schema: orgUserSchema,
  });
}

/** PATCH with every grant field: the result is exactly `g` (an empty list resets that field, as meant). */
export function patchOrgUser(http: AtlasHttp, orgId: string, userId: string, g: Grants): Promise<OrgUser> {
  return http.sendData({
    method: "PATCH",
    template: "orgUser",
    params: { orgId, userId },
    version: "2025-02-19",
    body: { roles: rolesBody(g), teamIds: g.teamIds },
    schema: orgUserSchema,
  });
}
