import "server-only";
import { HttpError } from "../api/errors";
import { atlasClient, envConnection } from "../atlas";
import type { AtlasConnection } from "../atlas/connection";
import type { AtlasHttp } from "../atlas/http";
import { getDb } from "../db";
import { listOrgsWithConnections } from "./list-orgs";
import { candidates, evaluateRoute, lastTestFailed, roleOn } from "./routing";
import { routingSnapshot } from "./routing-cache";

// Which Atlas connection serves an org: the one its route names (lib/server/connections/routing.ts), never
// merely the first one that sees it. docs/connections.md explains the rules.

function noConnection(): HttpError {
  return new HttpError({
    code: "atlas_unavailable",
    message:
      "No Atlas connection is configured: an admin adds one on the Connections page (or sets ATLAS_CLIENT_ID " +
      "and ATLAS_CLIENT_SECRET).",
  });
}

const picked = (conn: AtlasConnection) => ({
  http: atlasClient(conn),
  connection: { id: conn.id, name: conn.name },
});

/**
 * The connection that serves this org. `orgId` has been validated by the route. 503 with the reason when no
 * working connection serves it (the route's connection was deleted, failed its test or lacks Owner), 404 when
 * no connection sees it.
 */
export async function atlasForOrg(
  orgId: string,
): Promise<{ http: AtlasHttp; connection: { id: string; name: string } }> {
  // The hot path of every org-scoped request: connections and routes from the short-lived shared copy.
  const { all, routes } = await routingSnapshot(await getDb());
  if (all.length === 0) throw noConnection();
  const route = routes.get(orgId) ?? null;
  if (route) {
    const state = evaluateRoute(route, all, route.orgName);
    if (state.serving) return picked(state.serving.conn);
    throw new HttpError({
      code: "atlas_unavailable",
      message: state.problem ?? "No working connection serves this organization.",
    });
  }
  // One connection and no route yet: it is the only one that could serve the org (Atlas answers 404 if it
  // does not see it); the org list records the route when it first shows the org.
  const only = all.length === 1 ? all[0]! : null;
  if (only && !lastTestFailed(only) && roleOn(only, orgId) !== "member") return picked(only.conn);
  const entry = (await listOrgsWithConnections()).orgs.find((o) => o.id === orgId);
  if (!entry)
    throw new HttpError({
      code: "not_found",
      message: "No Atlas connection of this console sees this organization.",
    });
  const serving = entry.connectionId ? all.find((c) => c.conn.id === entry.connectionId) : undefined;
  if (serving) return picked(serving.conn);
  throw new HttpError({
    code: "atlas_unavailable",
    message: entry.route.problem ?? "No working connection serves this organization.",
  });
}

/**
 * For the audit reconciler (`reconcilePendingAudit(db, atlasFor)`): the connection an audit row names, else
 * the one that serves its org.
 */
export async function atlasForAudit(orgId: string, connectionId: string | null): Promise<AtlasHttp> {
  const all = await candidates(await getDb());
  const named = connectionId ? all.find((c) => c.conn.id === connectionId) : undefined;
  if (named) return atlasClient(named.conn);
  return (await atlasForOrg(orgId)).http;
}

/** The environment connection, for callers that predate stored connections; prefer atlasForOrg. */
export function currentAtlas(): AtlasHttp {
  const conn = envConnection();
  if (!conn) throw noConnection();
  return atlasClient(conn);
}
