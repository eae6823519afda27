import { INVITATION_LIFETIME_MS } from "./state";
import type { Account, Org, Person, Project, ProjectInvitation, Team } from "./state";
import { isoSeconds } from "./util";

const link = (href: string, rel = "self") => ({ href, rel });

export function orgView(org: Org, base: string) {
  return {
    id: org.id,
    isDeleted: org.isDeleted,
    links: [link(`${base}/api/atlas/v2/orgs/${org.id}`)],
    name: org.name,
    skipDefaultAlertsSettings: org.skipDefaultAlertsSettings,
  };
}

export function teamView(team: Team, orgId: string, base: string) {
  return {
    id: team.id,
    links: [link(`${base}/api/atlas/v2/orgs/${orgId}/teams/${team.id}`)],
    name: team.name,
  };
}

export function projectView(p: Project, base: string) {
  return {
    clusterCount: p.clusterCount,
    created: isoSeconds(p.createdMs),
    id: p.id,
    links: [link(`${base}/api/atlas/v2/groups/${p.id}`)],
    name: p.name,
    orgId: p.orgId,
    tags: p.tags,
    withDefaultAlertsSettings: true,
  };
}

/** Legacy OrganizationInvitation: one `groupRole` per entry (the request has `roles[]` per project). */
export function invitationView(org: Org, p: Person) {
  const created = p.invitationCreatedMs ?? 0;
  return {
    createdAt: isoSeconds(created),
    expiresAt: isoSeconds(created + INVITATION_LIFETIME_MS),
    groupRoleAssignments: p.groupRoleAssignments.flatMap((a) =>
      a.groupRoles.map((groupRole) => ({ groupId: a.groupId, groupRole })),
    ),
    id: p.invitationId,
    inviterUsername: p.inviterUsername,
    orgId: org.id,
    orgName: org.name,
    roles: p.orgRoles,
    teamIds: p.teamIds,
    username: p.username,
  };
}

/** OrgUserResponse (2025-02-19): OrgPendingUserResponse or OrgActiveUserResponse by orgMembershipStatus. */
export function orgUserView(p: Person) {
  const common = {
    id: p.id,
    orgMembershipStatus: p.status,
    roles: { groupRoleAssignments: p.groupRoleAssignments, orgRoles: p.orgRoles },
    teamIds: p.teamIds,
    username: p.username,
  };
  if (p.status === "ACTIVE") {
    return {
      ...common,
      country: p.country,
      createdAt: isoSeconds(p.createdMs ?? 0),
      firstName: p.firstName,
      lastAuth: p.lastAuthMs === null ? undefined : isoSeconds(p.lastAuthMs),
      lastName: p.lastName,
      mobileNumber: p.mobileNumber,
    };
  }
  const created = p.invitationCreatedMs ?? 0;
  return {
    ...common,
    invitationCreatedAt: isoSeconds(created),
    invitationExpiresAt:
      p.status === "INVITATION_REJECTED" ? null : isoSeconds(created + INVITATION_LIFETIME_MS),
    inviterUsername: p.inviterUsername,
  };
}

/** CloudAppUser: the 2023-01-01 list of org users (ACTIVE only). */
export function cloudAppUserView(org: Org, p: Person, base: string) {
  return {
    country: p.country,
    createdAt: isoSeconds(p.createdMs ?? 0),
    emailAddress: p.username,
    firstName: p.firstName,
    id: p.id,
    lastAuth: p.lastAuthMs === null ? undefined : isoSeconds(p.lastAuthMs),
    lastName: p.lastName,
    links: [link(`${base}/api/atlas/v2/users/${p.id}`)],
    mobileNumber: p.mobileNumber,
    roles: [
      ...p.orgRoles.map((roleName) => ({ orgId: org.id, roleName })),
      ...p.groupRoleAssignments.flatMap((a) =>
        a.groupRoles.map((roleName) => ({ groupId: a.groupId, roleName })),
      ),
    ],
    teamIds: p.teamIds,
    username: p.username,
  };
}

export function projectInvitationView(i: ProjectInvitation, project: Project) {
  return {
    createdAt: isoSeconds(i.createdMs),
    expiresAt: isoSeconds(i.createdMs + INVITATION_LIFETIME_MS),
    groupId: i.groupId,
    groupName: project.name,
    id: i.id,
    inviterUsername: i.inviterUsername,
    roles: i.roles,
    username: i.username,
  };
}

export function accountView(a: Account, base: string) {
  const self = `${base}/api/atlas/v2/users/${a.id}`;
  return {
    country: a.country,
    createdAt: isoSeconds(a.createdMs),
    emailAddress: a.username,
    firstName: a.firstName,
    id: a.id,
    lastName: a.lastName,
    links: [
      link(self),
      link(`${self}/whitelist`, "https://cloud.mongodb.com/whitelist"),
      link(`${self}/accessList`, "https://cloud.mongodb.com/accessList"),
    ],
    roles: [],
    teamIds: [],
    username: a.username,
  };
}
