import "server-only";
import type { OrgUser } from "./atlas-schemas";
import { orgUserSchema } from "./atlas-schemas";
import { listOrgPeople } from "./directory";
import { isAtlasError } from "./errors";
import type { AtlasAnswer, AtlasHttp } from "./http";
import { InvalidAtlasId } from "./templates";
import { ATLAS_ID } from "@/lib/schemas/ids";

// Org members and their teams through the users API (2025-02-19): removeOrgUser, addOrgTeamUser and
// removeOrgTeamUser. Unlike cancelling an invitation, these act on people who accepted; the services that
// call them (lib/server/provisioning/members.ts) read the member first and audit every change.

const USERS_VERSION = "2025-02-19" as const;

/** A person Atlas holds in the org as a member (ACTIVE) or with an open invitation (PENDING). */
export interface OrgMember {
  id: string;
  username: string;
  orgRoles: string[];
  teamIds: string[];
  /** Project roles held directly (not through teams). */
  projectRoles: { projectId: string; roles: string[] }[];
  status: "ACTIVE" | "PENDING";
}

function toMember(u: OrgUser): OrgMember | null {
  const status = u.orgMembershipStatus;
  if (status !== "ACTIVE" && status !== "PENDING") return null;
  return {
    id: u.id,
    username: u.username,
    orgRoles: u.roles.orgRoles,
    teamIds: u.teamIds,
    projectRoles: u.roles.groupRoleAssignments.map((a) => ({ projectId: a.groupId, roles: a.groupRoles })),
    status,
  };
}

/** The user id travels in the body, where buildPath does not see it. */
function checkUserId(userId: string): void {
  if (!ATLAS_ID.test(userId)) throw new InvalidAtlasId("userId");
}

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The org's active or pending user with this username, compared without regard to case. The spec does not say
 * whether listOrgUsers' `username` filter ignores case, so a miss is asked once more in lower case.
 */
export async function findOrgMemberByEmail(
  http: AtlasHttp,
  orgId: string,
  email: string,
): Promise<OrgMember | null> {
  const tries = [...new Set([email, email.toLowerCase()])];
  for (const username of tries) {
    const people = await listOrgPeople(http, orgId, ["ACTIVE", "PENDING"], username);
    const found = people.find((u) => sameEmail(u.username, email));
    const member = found ? toMember(found) : null;
    if (member) return member;
  }
  return null;
}

/**
 * The org's active or pending user with this id; null when Atlas has no such user in the org (404, also for
 * an id of another org) or only an expired or rejected invitation.
 */
export async function getOrgMember(
  http: AtlasHttp,
  orgId: string,
  userId: string,
): Promise<OrgMember | null> {
  try {
    const user = await http.sendData({
      method: "GET",
      template: "orgUser",
      params: { orgId, userId },
      version: USERS_VERSION,
      schema: orgUserSchema,
    });
    return toMember(user);
  } catch (e) {
    if (isAtlasError(e) && (e.notFoundKind === "target" || e.notFoundKind === "unknown")) return null;
    throw e;
  }
}

/**
 * Removes an active member, or a pending user, from the org (204). One attempt (noRetry): a DELETE retried
 * after a lost answer could meet a new invitation of the same person, so the caller reads again instead.
 */
export function removeOrgUser(http: AtlasHttp, orgId: string, userId: string): Promise<AtlasAnswer<null>> {
  return http.send({
    method: "DELETE",
    template: "orgUser",
    params: { orgId, userId },
    version: USERS_VERSION,
    schema: null,
    noRetry: true,
  });
}

/** Adds an active or pending user to one team of the org; Atlas answers the user (OrgUserResponse). */
export async function addTeamUser(
  http: AtlasHttp,
  orgId: string,
  teamId: string,
  userId: string,
): Promise<AtlasAnswer<OrgUser>> {
  checkUserId(userId);
  return http.send({
    method: "POST",
    template: "addOrgTeamUser",
    params: { orgId, teamId },
    version: USERS_VERSION,
    body: { id: userId },
    schema: orgUserSchema,
  });
}

/** Removes an active or pending user from one team of the org; Atlas answers the user (OrgUserResponse). */
export async function removeTeamUser(
  http: AtlasHttp,
  orgId: string,
  teamId: string,
  userId: string,
): Promise<AtlasAnswer<OrgUser>> {
  checkUserId(userId);
  return http.send({
    method: "POST",
    template: "removeOrgTeamUser",
    params: { orgId, teamId },
    version: USERS_VERSION,
    body: { id: userId },
    schema: orgUserSchema,
  });
}
