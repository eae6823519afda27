import { AtlasHttpError, err } from "../errors";
import { checkId, requireObject, requireOrg } from "../request";
import type { OpContext, Operation } from "../router";
import type { Org, Person } from "../state";
import { isAtlasId } from "../util";
import { USERS_2025 } from "../versions";
import { orgUserView } from "../views";

// Team membership of one active or pending user (spec: addOrgTeamUser / removeOrgTeamUser, 2025-02-19,
// "{teamId}:addUser" and "{teamId}:removeUser", body AddOrRemoveUserFromTeam `{id}`, answer OrgUserResponse).
// A person whose only invitation expired or was rejected is not in the org (USER_NOT_IN_ORG, spec text);
// people invited through the deprecated project-invitation endpoint are not users at all here.

const T = "/api/atlas/v2/orgs/{orgId}/teams/{teamId}";
const common = {
  endpointSet: "orgTeams" as const,
  scope: "org" as const,
  versions: [USERS_2025],
  roles: "Organization Owner" as const,
  method: "POST" as const,
};

function target(ctx: OpContext): { org: Org; teamId: string; person: Person } {
  const org = requireOrg(ctx, "Organization Owner");
  const teamId = checkId("TEAM", ctx.params.teamId);
  if (!org.teams.some((t) => t.id === teamId)) throw err.teamNotFound(teamId, org.id);
  const body = requireObject(ctx.body);
  if (body.id === undefined || body.id === null || body.id === "") throw err.missingAttribute("id");
  if (typeof body.id !== "string" || !isAtlasId(body.id)) throw err.invalidId("USER", String(body.id));
  const userId = body.id;
  const person = org.people.find((p) => p.id === userId);
  if (!person) throw err.userNotFound(userId);
  if (person.status !== "PENDING" && person.status !== "ACTIVE") {
    throw new AtlasHttpError(
      400,
      "USER_NOT_IN_ORG",
      `The user ${person.username} is not a member of organization ${org.id} and has no pending invitation (${person.status}).`,
      [person.username, org.id],
    );
  }
  return { org, teamId, person };
}

export const teamUserOperations: Operation[] = [
  {
    ...common,
    operationId: "addOrgTeamUser",
    template: `${T}:addUser`,
    handler: (ctx) => {
      const { teamId, person } = target(ctx);
      // Adding a member again changes nothing (sim/README.md, "Unconfirmed behaviour").
      if (!person.teamIds.includes(teamId)) person.teamIds = [...person.teamIds, teamId];
      return { status: 200, body: orgUserView(person) };
    },
  },
  {
    ...common,
    operationId: "removeOrgTeamUser",
    template: `${T}:removeUser`,
    handler: (ctx) => {
      const { teamId, person } = target(ctx);
      person.teamIds = person.teamIds.filter((t) => t !== teamId);
      return { status: 200, body: orgUserView(person) };
    },
  },
];
