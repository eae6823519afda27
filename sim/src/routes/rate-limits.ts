import { AtlasHttpError } from "../errors";
import { canSeeOrg, canSeeProject, checkId, forbidden, paginate } from "../request";
import type { OpContext, Operation, Scope } from "../router";
import type { EndpointSetName } from "../seed-types";
import { RATE_LIMITS_2025 } from "../versions";

// Rate-limit introspection (spec: listRateLimits / getRateLimit, 2025-03-12, tag "Rate Limiting"). Each
// endpoint set the simulator meters (sim/src/ratelimit.ts) is shown with the operations that share its bucket.
// Ids, names and the 404 code are not documented beyond the spec's example id: see sim/README.md
// ("Unconfirmed behaviour").

const V2 = "/api/atlas/v2";

type AtlasScope = "IP" | "GROUP" | "ORGANIZATION" | "USER";
const SCOPE: Record<Scope, AtlasScope> = { org: "ORGANIZATION", group: "GROUP", caller: "USER" };

/** The Atlas face of the simulator's endpoint sets; `oauth` and `other` are not Admin API v2 sets. */
const SETS: Partial<Record<EndpointSetName, { id: string; name: string }>> = {
  orgs: { id: "orgs", name: "Organizations" },
  org: { id: "orgInvitations", name: "Organization Invitations" },
  orgUsers: { id: "orgUsers", name: "Organization Users" },
  orgTeams: { id: "orgTeams", name: "Organization Teams" },
  orgGroups: { id: "orgProjects", name: "Organization Projects" },
  groups: { id: "projects", name: "Projects" },
  groupInvites: { id: "projectInvitations", name: "Project Invitations" },
  users: { id: "users", name: "Users" },
  rateLimits: { id: "rateLimitsInspection", name: "Rate Limits Inspection" },
};

// The spec's ipAddress pattern.
const IP_ADDRESS = /^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$/;

interface EndpointSet {
  key: EndpointSetName;
  endpointSetId: string;
  endpointSetName: string;
  scope: AtlasScope;
  endpoints: { method: string; path: string }[];
}

function endpointSets(all: Operation[]): EndpointSet[] {
  const out: EndpointSet[] = [];
  for (const [key, face] of Object.entries(SETS) as [EndpointSetName, { id: string; name: string }][]) {
    const ops = all.filter((op) => op.endpointSet === key);
    if (ops.length === 0) continue;
    const scope = SCOPE[ops[0]!.scope];
    out.push({
      key,
      endpointSetId: `${face.id}_${scope.toLowerCase()}`,
      endpointSetName: face.name,
      scope,
      endpoints: ops.map((op) => ({ method: op.method, path: op.template })),
    });
  }
  return out;
}

function view(ctx: OpContext, set: EndpointSet) {
  const { key: _key, ...rest } = set;
  return { ...rest, ...ctx.rateLimits.applied(set.key) };
}

/**
 * The entity filters (groupId, orgId, userId, ipAddress): each is checked as the spec says (the caller must be
 * able to read that project or org, be that user, have that address) and names the scope it selects.
 */
function entityScopes(ctx: OpContext): Set<AtlasScope> {
  const scopes = new Set<AtlasScope>();
  const groupId = ctx.query.get("groupId");
  if (groupId !== null) {
    const found = ctx.state.findProject(checkId("GROUP", groupId));
    if (!found || !canSeeProject(ctx.sa, found.org, found.project)) throw forbidden("Project Read Only");
    scopes.add("GROUP");
  }
  const orgId = ctx.query.get("orgId");
  if (orgId !== null) {
    // listRateLimits declares no 404: an org (or project) the caller cannot see is refused alike, known or not.
    if (!ctx.state.orgs.has(checkId("ORG", orgId)) || !canSeeOrg(ctx.sa, orgId)) {
      throw forbidden("Organization Read Only");
    }
    scopes.add("ORGANIZATION");
  }
  const userId = ctx.query.get("userId");
  if (userId !== null) {
    if (userId !== ctx.sa.clientId) {
      throw new AtlasHttpError(
        403,
        "USER_UNAUTHORIZED",
        "Rate limits can only be requested for the requesting user.",
        [userId],
      );
    }
    scopes.add("USER");
  }
  const ipAddress = ctx.query.get("ipAddress");
  if (ipAddress !== null) {
    if (!IP_ADDRESS.test(ipAddress)) {
      throw new AtlasHttpError(
        400,
        "INVALID_QUERY_PARAMETER",
        `Invalid query parameter ipAddress: ${ipAddress}.`,
        ["ipAddress", ipAddress],
        [{ field: "ipAddress", description: "must be an IPv4 or IPv6 address" }],
      );
    }
    if (ipAddress !== ctx.clientIp) {
      throw new AtlasHttpError(
        403,
        "USER_UNAUTHORIZED",
        "Rate limits can only be requested for the requesting IP address.",
        [ipAddress],
      );
    }
    scopes.add("IP");
  }
  return scopes;
}

const trimSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, "") : path);

/** listRateLimits and getRateLimit; `all` is every operation the simulator serves (read at call time). */
export function rateLimitOperations(all: () => Operation[]): Operation[] {
  const common = {
    method: "GET" as const,
    versions: [RATE_LIMITS_2025],
    roles: null,
    endpointSet: "rateLimits" as const,
    scope: "caller" as const,
  };
  return [
    {
      ...common,
      operationId: "listRateLimits",
      template: `${V2}/rateLimits`,
      paginated: true,
      handler: (ctx) => {
        const scopes = entityScopes(ctx);
        const names = ctx.query.getAll("name");
        const paths = ctx.query.getAll("endpointPath").map(trimSlash);
        const sets = endpointSets(all()).filter(
          (s) =>
            (scopes.size === 0 || scopes.has(s.scope)) &&
            (names.length === 0 || names.includes(s.endpointSetName)) &&
            (paths.length === 0 || s.endpoints.some((e) => paths.includes(trimSlash(e.path)))),
        );
        const selfQuery: [string, string][] = [];
        for (const key of ["groupId", "orgId", "userId", "ipAddress", "name", "endpointPath"]) {
          for (const value of ctx.query.getAll(key)) selfQuery.push([key, value]);
        }
        return {
          status: 200,
          body: paginate(
            ctx,
            sets.map((s) => view(ctx, s)),
            selfQuery,
          ),
        };
      },
    },
    {
      ...common,
      operationId: "getRateLimit",
      template: `${V2}/rateLimits/{endpointSetId}`,
      handler: (ctx) => {
        entityScopes(ctx);
        const id = ctx.params.endpointSetId ?? "";
        const set = endpointSets(all()).find((s) => s.endpointSetId === id);
        if (!set) {
          throw new AtlasHttpError(404, "ENDPOINT_SET_NOT_FOUND", `No endpoint set with ID ${id} exists.`, [
            id,
          ]);
        }
        return { status: 200, body: view(ctx, set) };
      },
    },
  ];
}
