import { AtlasHttpError, err } from "../errors";
import {
  checkId,
  parseAssignments,
  parseOrgRoles,
  parseTeamIds,
  parseUsername,
  requireObject,
  requireOrg,
  paginate,
} from "../request";
import { MEMBERSHIP_STATUSES } from "../roles";
import type { OpContext, Operation } from "../router";
import type { Org, Person } from "../state";
import { mergeAssignments } from "../state";
import { isPlainObject } from "../util";
import { DEPRECATED_2023_USERS_ERA, USERS_2025 } from "../versions";
import { cloudAppUserView, orgUserView } from "../views";
import { assertNoPendingOrActive } from "./invites";

const T = "/api/atlas/v2/orgs/{orgId}/users";
const common = { endpointSet: "orgUsers" as const, scope: "org" as const };
const is2025 = (ctx: OpContext) => ctx.version.version >= "2025-02-19";

function statusFilter(ctx: OpContext): string[] {
  const many = ctx.query.getAll("orgMembershipStatuses").filter((s) => s !== "");
  const single = ctx.query.get("orgMembershipStatus");
  if (many.length && single) {
    throw new AtlasHttpError(
      400,
      "INVALID_QUERY_PARAMETER",
      "orgMembershipStatus (deprecated) cannot be combined with orgMembershipStatuses.",
      ["orgMembershipStatus", "orgMembershipStatuses"],
    );
  }
  const wanted = single ? [single] : many;
  if (wanted.length > 4) {
    throw new AtlasHttpError(
      400,
      "INVALID_QUERY_PARAMETER",
      "orgMembershipStatuses takes at most 4 values.",
      ["orgMembershipStatuses"],
    );
  }
  for (const s of wanted) {
    if (!(MEMBERSHIP_STATUSES as readonly string[]).includes(s))
      throw err.invalidEnum("orgMembershipStatuses", s);
  }
  return wanted.length ? wanted : ["ACTIVE", "PENDING"];
}

function findUser(ctx: OpContext, org: Org): Person {
  const userId = checkId("USER", ctx.params.userId);
  const person = org.people.find((p) => p.id === userId);
  if (!person) throw err.userNotFound(userId);
  return person;
}

/** OrgUserRolesRequest: {orgRoles (required, ≥1), groupRoleAssignments?} */
function parseRoles(value: unknown, org: Org) {
  if (value === undefined || value === null) throw err.missingAttribute("roles");
  if (!isPlainObject(value)) throw err.invalidAttribute("roles", "must be an object with orgRoles");
  const orgRoles = parseOrgRoles(value.orgRoles, "roles.orgRoles");
  const assignments =
    value.groupRoleAssignments === undefined
      ? undefined
      : parseAssignments(value.groupRoleAssignments, org, "groupRoles", "roles.groupRoleAssignments");
  return { orgRoles, assignments };
}

export const userOperations: Operation[] = [
  {
    ...common,
    operationId: "listOrgUsers",
    method: "GET",
    template: T,
    versions: [DEPRECATED_2023_USERS_ERA, USERS_2025],
    roles: "Organization Member",
    paginated: true,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Member");
      if (!is2025(ctx)) {
        // 2023-01-01: active members only, CloudAppUser shape; the status filters are not supported there.
        const active = org.people.filter((p) => p.status === "ACTIVE");
        return {
          status: 200,
          body: paginate(ctx, active, [], (p) => cloudAppUserView(org, p, ctx.baseUrl)),
        };
      }
      const statuses = statusFilter(ctx);
      const username = ctx.query.get("username");
      const people = org.people.filter(
        (p) =>
          statuses.includes(p.status) && (!username || p.username.toLowerCase() === username.toLowerCase()),
      );
      // The links repeat the filters, so following them walks the same filtered list.
      const filters: [string, string][] = [
        ...ctx.query
          .getAll("orgMembershipStatuses")
          .map((v): [string, string] => ["orgMembershipStatuses", v]),
        ...(["orgMembershipStatus", "username"] as const)
          .filter((k) => ctx.query.get(k) !== null)
          .map((k): [string, string] => [k, ctx.query.get(k)!]),
      ];
      return { status: 200, body: paginate(ctx, people, filters, orgUserView) };
    },
  },
  {
    ...common,
    operationId: "createOrgUser",
    method: "POST",
    template: T,
    versions: [USERS_2025],
    roles: "Organization Owner",
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const body = requireObject(ctx.body);
      const username = parseUsername(body.username);
      const { orgRoles, assignments } = parseRoles(body.roles, org);
      const teamIds = parseTeamIds(body.teamIds, org);
      assertNoPendingOrActive(org, username, 409);
      const person = ctx.state.invite(org, {
        username,
        orgRoles,
        groupRoleAssignments: assignments ?? [],
        teamIds,
        inviterUsername: ctx.sa.clientId,
        via: "users",
      });
      return { status: 201, body: orgUserView(person) };
    },
  },
  {
    ...common,
    operationId: "getOrgUser",
    method: "GET",
    template: `${T}/{userId}`,
    versions: [USERS_2025],
    roles: "Organization Member",
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Member");
      return { status: 200, body: orgUserView(findUser(ctx, org)) };
    },
  },
  {
    ...common,
    operationId: "updateOrgUser",
    method: "PATCH",
    template: `${T}/{userId}`,
    versions: [USERS_2025],
    roles: "Organization Owner",
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const person = findUser(ctx, org);
      const body = requireObject(ctx.body);
      if (person.status !== "PENDING" && person.status !== "ACTIVE") {
        throw new AtlasHttpError(
          400,
          "USER_NOT_IN_ORG",
          `The user ${person.username} is not a member of organization ${org.id} and has no pending invitation (${person.status}).`,
          [person.username, org.id],
        );
      }
      // Only the fields present change; an empty value resets that field.
      const roles = body.roles === undefined ? undefined : parseRoles(body.roles, org);
      const teamIds = body.teamIds === undefined ? undefined : parseTeamIds(body.teamIds, org);
      if (roles) {
        person.orgRoles = roles.orgRoles;
        if (roles.assignments) person.groupRoleAssignments = mergeAssignments(roles.assignments);
      }
      if (teamIds) person.teamIds = teamIds;
      return { status: 200, body: orgUserView(person) };
    },
  },
  {
    ...common,
    operationId: "removeOrgUser",
    method: "DELETE",
    template: `${T}/{userId}`,
    versions: [DEPRECATED_2023_USERS_ERA, USERS_2025],
    roles: "Organization Owner",
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Owner");
      const person = findUser(ctx, org);
      // 2023-01-01 only knows active members; 2025-02-19 also cancels invitations.
      if (!is2025(ctx) && person.status !== "ACTIVE") throw err.userNotFound(person.id);
      org.people = org.people.filter((p) => p !== person);
      return { status: 204 };
    },
  },
];
