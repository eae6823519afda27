import { AtlasHttpError, err } from "../errors";
import { checkId, parseProjectRoles, parseUsername, requireObject, requireProjectOwner } from "../request";
import type { OpContext, Operation } from "../router";
import type { Org, Project, ProjectInvitation } from "../state";
import { DEPRECATED_2023_PROJECT_INVITES } from "../versions";
import { projectInvitationView } from "../views";

const T = "/api/atlas/v2/groups/{groupId}/invites";
const common = {
  versions: [DEPRECATED_2023_PROJECT_INVITES],
  roles: "Project Owner" as const,
  endpointSet: "groupInvites" as const,
  scope: "group" as const,
};

function invitesOf(org: Org, project: Project): ProjectInvitation[] {
  return org.projectInvitations.filter((i) => i.groupId === project.id);
}

function byId(ctx: OpContext, org: Org, project: Project): ProjectInvitation {
  const id = checkId("INVITATION", ctx.params.invitationId);
  const inv = invitesOf(org, project).find((i) => i.id === id);
  if (!inv) throw err.invitationNotFound(id);
  return inv;
}

export const groupInviteOperations: Operation[] = [
  {
    ...common,
    operationId: "listGroupInvites",
    method: "GET",
    template: T,
    handler: (ctx) => {
      const { org, project } = requireProjectOwner(ctx);
      const username = ctx.query.get("username")?.toLowerCase();
      const list = invitesOf(org, project).filter((i) => !username || i.username.toLowerCase() === username);
      return { status: 200, body: list.map((i) => projectInvitationView(i, project)) };
    },
  },
  {
    ...common,
    operationId: "createGroupInvite",
    method: "POST",
    template: T,
    handler: (ctx) => {
      const { org, project } = requireProjectOwner(ctx);
      const body = requireObject(ctx.body);
      const username = parseUsername(body.username);
      const roles = parseProjectRoles(body.roles, "roles");
      const lower = username.toLowerCase();
      // A second invitation for the same e-mail updates the pending one (no declared status fits a refusal).
      const existing = invitesOf(org, project).find((i) => i.username.toLowerCase() === lower);
      if (existing) {
        existing.roles = roles;
        return { status: 200, body: projectInvitationView(existing, project) };
      }
      const member = org.people.find((p) => p.username.toLowerCase() === lower && p.status === "ACTIVE");
      if (member?.groupRoleAssignments.some((a) => a.groupId === project.id)) {
        throw new AtlasHttpError(
          400,
          "USER_ALREADY_IN_GROUP",
          `The user ${username} is already in project ${project.id}.`,
          [username, project.id],
        );
      }
      const inv: ProjectInvitation = {
        id: ctx.state.newId(),
        groupId: project.id,
        username,
        roles,
        inviterUsername: ctx.sa.clientId,
        createdMs: Math.floor(ctx.now / 1000) * 1000,
      };
      org.projectInvitations.push(inv);
      return { status: 200, body: projectInvitationView(inv, project) };
    },
  },
  {
    ...common,
    operationId: "updateGroupInvites",
    method: "PATCH",
    template: T,
    handler: (ctx) => {
      const { org, project } = requireProjectOwner(ctx);
      const body = requireObject(ctx.body);
      const username = parseUsername(body.username).toLowerCase();
      const inv = invitesOf(org, project).find((i) => i.username.toLowerCase() === username);
      if (!inv) throw err.invitationForUsernameNotFound(username);
      if (body.roles !== undefined) inv.roles = parseProjectRoles(body.roles, "roles");
      return { status: 200, body: projectInvitationView(inv, project) };
    },
  },
  {
    ...common,
    operationId: "getGroupInvite",
    method: "GET",
    template: `${T}/{invitationId}`,
    handler: (ctx) => {
      const { org, project } = requireProjectOwner(ctx);
      return { status: 200, body: projectInvitationView(byId(ctx, org, project), project) };
    },
  },
  {
    ...common,
    operationId: "updateGroupInviteById",
    method: "PATCH",
    template: `${T}/{invitationId}`,
    handler: (ctx) => {
      const { org, project } = requireProjectOwner(ctx);
      const inv = byId(ctx, org, project);
      const body = requireObject(ctx.body);
      if (body.roles !== undefined) inv.roles = parseProjectRoles(body.roles, "roles");
      return { status: 200, body: projectInvitationView(inv, project) };
    },
  },
  {
    ...common,
    operationId: "deleteGroupInvite",
    method: "DELETE",
    template: `${T}/{invitationId}`,
    handler: (ctx) => {
      const { org, project } = requireProjectOwner(ctx);
      const inv = byId(ctx, org, project);
      org.projectInvitations = org.projectInvitations.filter((i) => i !== inv);
      return { status: 204 };
    },
  },
];
