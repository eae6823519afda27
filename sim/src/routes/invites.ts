import { AtlasHttpError, err } from "../errors";
import {
  checkId,
  parseAssignments,
  parseOrgRoles,
  parseTeamIds,
  parseUsername,
  requireObject,
  requireOrg,
} from "../request";
import type { OpContext, Operation } from "../router";
import type { Org, Person } from "../state";
import { mergeAssignments } from "../state";
import { DEPRECATED_2023_USERS_ERA } from "../versions";
import { invitationView } from "../views";

const T = "/api/atlas/v2/orgs/{orgId}/invites";
const common = {
  versions: [DEPRECATED_2023_USERS_ERA],
  roles: "Organization Owner" as const,
  endpointSet: "org" as const,
  scope: "org" as const,
};

/** Legacy invitations only show PENDING people (accepted, expired and rejected ones leave the list). */
function pending(org: Org): Person[] {
  return org.people.filter((p) => p.status === "PENDING" && p.invitationId);
}

/** An existing PENDING or ACTIVE person with that e-mail blocks a new invitation (both APIs). */
export function assertNoPendingOrActive(org: Org, username: string, status: 400 | 409): void {
  const wanted = username.toLowerCase();
  const existing = org.people.find(
    (p) => p.username.toLowerCase() === wanted && (p.status === "PENDING" || p.status === "ACTIVE"),
  );
  if (!existing) return;
  if (existing.status === "ACTIVE") {
    throw new AtlasHttpError(
      status,
      "USER_ALREADY_IN_ORG",
      `The user ${username} is already a member of organization ${org.id}.`,
      [username, org.id],
    );
  }
  throw new AtlasHttpError(
    status,
    "USER_ALREADY_INVITED",
    `The user ${username} already has a pending invitation to organization ${org.id}.`,
    [username, org.id],
  );
}

/** Applies an OrganizationInvitation(Update)Request: only the fields present change. */
function applyUpdate(ctx: OpContext, org: Org, person: Person, body: Record<string, unknown>): void {
  const roles = body.roles === undefined ? undefined : parseOrgRoles(body.roles, "roles");
  const teamIds = body.teamIds === undefined ? undefined : parseTeamIds(body.teamIds, org);
  const assignments =
    body.groupRoleAssignments === undefined
      ? undefined
      : parseAssignments(body.groupRoleAssignments, org, "roles");
  if (roles) person.orgRoles = roles;
  if (teamIds) person.teamIds = teamIds;
  if (assignments) person.groupRoleAssignments = mergeAssignments(assignments);
  void ctx;
}

function byInvitationId(ctx: OpContext, org: Org): Person {
  const id = checkId("INVITATION", ctx.params.invitationId);
  const person = pending(org).find((p) => p.invitationId === id);
  if (!person) throw err.invitationNotFound(id);
  return person;
}

export const inviteOperations: Operation[] = [
  {
    ...common,
    operationId: "listOrgInvites",
    method: "GET",
    template: T,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const username = ctx.query.get("username");
      const list = pending(org).filter(
        (p) => !username || p.username.toLowerCase() === username.toLowerCase(),
      );
      return { status: 200, body: list.map((p) => invitationView(org, p)) };
    },
  },
  {
    ...common,
    operationId: "createOrgInvite",
    method: "POST",
    template: T,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const body = requireObject(ctx.body);
      const username = parseUsername(body.username);
      const roles = parseOrgRoles(body.roles, "roles");
      const teamIds = parseTeamIds(body.teamIds, org);
      const assignments = parseAssignments(body.groupRoleAssignments, org, "roles");
      assertNoPendingOrActive(org, username, 400);
      const person = ctx.state.invite(org, {
        username,
        orgRoles: roles,
        teamIds,
        groupRoleAssignments: assignments,
        inviterUsername: ctx.sa.clientId,
        via: "invitations",
      });
      return { status: 200, body: invitationView(org, person) };
    },
  },
  {
    ...common,
    operationId: "updateOrgInvites",
    method: "PATCH",
    template: T,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const body = requireObject(ctx.body);
      const username = parseUsername(body.username);
      const person = pending(org).find((p) => p.username.toLowerCase() === username.toLowerCase());
      if (!person) throw err.invitationForUsernameNotFound(username);
      applyUpdate(ctx, org, person, body);
      return { status: 200, body: invitationView(org, person) };
    },
  },
  {
    ...common,
    operationId: "getOrgInvite",
    method: "GET",
    template: `${T}/{invitationId}`,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      return { status: 200, body: invitationView(org, byInvitationId(ctx, org)) };
    },
  },
  {
    ...common,
    operationId: "updateOrgInviteById",
    method: "PATCH",
    template: `${T}/{invitationId}`,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const person = byInvitationId(ctx, org);
      const body = requireObject(ctx.body);
      applyUpdate(ctx, org, person, body);
      return { status: 200, body: invitationView(org, person) };
    },
  },
  {
    ...common,
    operationId: "deleteOrgInvite",
    method: "DELETE",
    template: `${T}/{invitationId}`,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const person = byInvitationId(ctx, org);
      org.people = org.people.filter((p) => p !== person);
      return { status: 204 };
    },
  },
];
