import { err } from "../errors";
import { canSeeOrg, canSeeProject, checkId, paginate, requireOrg } from "../request";
import type { Operation } from "../router";
import { STABLE_2023 } from "../versions";
import { orgView, projectView, teamView } from "../views";

const V2 = "/api/atlas/v2";

function prefixFilter(name: string | null) {
  const wanted = (name ?? "").toLowerCase();
  return (candidate: string) => candidate.toLowerCase().startsWith(wanted);
}

export const orgOperations: Operation[] = [
  {
    operationId: "listOrgs",
    method: "GET",
    template: `${V2}/orgs`,
    versions: [STABLE_2023],
    roles: null,
    endpointSet: "orgs",
    scope: "caller",
    paginated: true,
    handler: (ctx) => {
      const name = ctx.query.get("name");
      const matches = prefixFilter(name);
      const orgs = [...ctx.state.orgs.values()].filter((o) => canSeeOrg(ctx.sa, o.id) && matches(o.name));
      return {
        status: 200,
        body: paginate(
          ctx,
          orgs.map((o) => orgView(o, ctx.baseUrl)),
          [["name", name ?? ""]],
        ),
      };
    },
  },
  {
    operationId: "getOrg",
    method: "GET",
    template: `${V2}/orgs/{orgId}`,
    versions: [STABLE_2023],
    roles: "Organization Member",
    endpointSet: "org",
    scope: "org",
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Member");
      const view = orgView(org, ctx.baseUrl);
      const self = `${ctx.baseUrl}${V2}/orgs/${org.id}`;
      view.links.push(
        { href: `${self}/groups`, rel: "https://cloud.mongodb.com/groups" },
        { href: `${self}/teams`, rel: "https://cloud.mongodb.com/teams" },
        { href: `${self}/users`, rel: "https://cloud.mongodb.com/users" },
      );
      return { status: 200, body: view };
    },
  },
  {
    operationId: "listOrgTeams",
    method: "GET",
    template: `${V2}/orgs/{orgId}/teams`,
    versions: [STABLE_2023],
    roles: "Organization Member",
    endpointSet: "orgTeams",
    scope: "org",
    paginated: true,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Member");
      return {
        status: 200,
        body: paginate(
          ctx,
          org.teams.map((t) => teamView(t, org.id, ctx.baseUrl)),
        ),
      };
    },
  },
  {
    operationId: "getOrgTeam",
    method: "GET",
    template: `${V2}/orgs/{orgId}/teams/{teamId}`,
    versions: [STABLE_2023],
    roles: "Organization Member",
    endpointSet: "orgTeams",
    scope: "org",
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Member");
      const teamId = checkId("TEAM", ctx.params.teamId);
      const team = org.teams.find((t) => t.id === teamId);
      if (!team) throw err.teamNotFound(teamId, org.id);
      return { status: 200, body: teamView(team, org.id, ctx.baseUrl) };
    },
  },
  {
    operationId: "getOrgGroups",
    method: "GET",
    template: `${V2}/orgs/{orgId}/groups`,
    versions: [STABLE_2023],
    roles: "Organization Member",
    endpointSet: "orgGroups",
    scope: "org",
    paginated: true,
    handler: (ctx) => {
      const org = requireOrg(ctx, "Organization Member");
      const name = ctx.query.get("name");
      const matches = prefixFilter(name);
      const projects = org.projects.filter((p) => matches(p.name));
      return {
        status: 200,
        body: paginate(
          ctx,
          projects.map((p) => projectView(p, ctx.baseUrl)),
          name === null ? [] : [["name", name]],
        ),
      };
    },
  },
  {
    operationId: "listGroups",
    method: "GET",
    template: `${V2}/groups`,
    versions: [STABLE_2023],
    roles: null,
    endpointSet: "groups",
    scope: "caller",
    paginated: true,
    handler: (ctx) => {
      const projects = [...ctx.state.orgs.values()].flatMap((org) =>
        org.projects.filter((p) => canSeeProject(ctx.sa, org, p)),
      );
      return {
        status: 200,
        body: paginate(
          ctx,
          projects.map((p) => projectView(p, ctx.baseUrl)),
        ),
      };
    },
  },
];
