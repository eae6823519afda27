import "server-only";
import type { OrgEntry, OrgList } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { HttpError, isHttpError } from "../api/errors";
import { atlasClient, envConnection } from "../atlas";
import type { AtlasConnection } from "../atlas/connection";
import { listOrgs } from "../atlas/directory";
import type { AtlasHttp } from "../atlas/http";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { recordEnvOrgsSeen } from "../connections/env-connection";
import { mergeOrgsSeen, recordOrgsSeen } from "../connections/repository";
import type { Candidate } from "../connections/routing";
import {
  assignFirstOwner,
  candidates,
  evaluateRoute,
  getRoute,
  lastTestFailed,
  listRoutes,
  probeRole,
  roleOn,
  writeRoute,
} from "../connections/routing";
import { routingSnapshot } from "../connections/routing-cache";
import { getDb } from "../db";
import type { OrgRouteRow } from "../db/schema/org-routes";
import { logger } from "../log";

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
  const entry = (await orgsWithConnections()).orgs.find((o) => o.id === orgId);
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

export interface ConnectionOrgsStatus {
  id: string;
  name: string;
  invitesApi: "users" | "invitations";
  /** Why the orgs of this connection could not be listed now (the cached list is used instead). */
  error: string | null;
}

/** Lists each connection's orgs live (keeping the last known ones when that fails) and records them. */
async function refreshOrgsSeen(all: Candidate[]): Promise<ConnectionOrgsStatus[]> {
  const db = await getDb();
  const results = await Promise.all(
    all.map(async (c) => {
      try {
        const live = (await listOrgs(atlasClient(c.conn)))
          .filter((o) => !o.isDeleted)
          .map((o) => ({ id: o.id, name: o.name }));
        if (c.conn.id === ENV_CONNECTION_ID) recordEnvOrgsSeen(live);
        else await recordOrgsSeen(db, c.conn.id, live);
        c.orgsSeen = mergeOrgsSeen(c.orgsSeen, live);
        return { c, error: null as unknown };
      } catch (error) {
        logger.warn({ connectionId: c.conn.id, err: (error as Error).message }, "listing orgs failed");
        return { c, error };
      }
    }),
  );
  // With a single connection, a failure is the answer (as before stored connections existed).
  if (results.length === 1 && results[0]!.error) throw results[0]!.error;
  return results.map(({ c, error }) => ({
    id: c.conn.id,
    name: c.conn.name,
    invitesApi: c.conn.invitesApi,
    error: error
      ? error instanceof Error && "failure" in error
        ? error.message
        : "The organizations could not be listed."
      : null,
  }));
}

function entryOf(org: { id: string; name: string }, route: OrgRouteRow | null, all: Candidate[]): OrgEntry {
  const state = evaluateRoute(route, all, org.name);
  return {
    id: org.id,
    name: org.name,
    connectionId: state.serving?.conn.id ?? null,
    connectionName: state.serving?.conn.name ?? null,
    route: {
      status: state.status,
      connectionId: route?.connectionId ?? null,
      problem: state.problem,
      automatic: route !== null && route.chosenByUserId === null,
      chosenByEmail: route?.chosenByEmail ?? null,
      chosenAt: route?.chosenAt.toISOString() ?? null,
    },
    seenBy: all.flatMap((c) => {
      const role = roleOn(c, org.id);
      return role === null ? [] : [{ connectionId: c.conn.id, role }];
    }),
  };
}

/**
 * Every org a connection sees or a live connection's route names, each with the connection that serves it, and each connection's
 * status (GET /api/orgs: the org switcher and the Connections page). Orgs without a route get the first
 * working connection with Owner on them, recorded and audited.
 */
export async function orgsWithConnections(): Promise<OrgList> {
  const db = await getDb();
  const all = await candidates(db);
  if (all.length === 0) return { orgs: [], connections: [] };
  const connections = await refreshOrgsSeen(all);
  const routes = new Map((await listRoutes(db)).map((r) => [r.orgId, r]));
  const names = new Map<string, string>();
  for (const c of all) for (const o of c.orgsSeen) if (!names.has(o.id)) names.set(o.id, o.name);
  // A route whose connection still exists (failing, say) keeps its org listed even when nobody sees it now;
  // one naming a deleted connection shows again once a connection sees the org (there is nothing to choose).
  const ids = new Set(all.map((c) => c.conn.id));
  for (const r of routes.values())
    if (!names.has(r.orgId) && ids.has(r.connectionId)) names.set(r.orgId, r.orgName);
  const orgs: OrgEntry[] = [];
  for (const [id, name] of names) {
    let route = routes.get(id) ?? null;
    if (!route) route = await assignFirstOwner(db, { id, name }, all);
    orgs.push(entryOf({ id, name }, route, all));
  }
  orgs.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { orgs, connections };
}

/**
 * An admin chooses the connection that serves an org. Refused (409, with the reason) when the connection's
 * last test failed or Atlas says it is not Owner of the org; audited as org.route_changed either way.
 */
export async function setOrgRouteAs(
  actor: AuditActor,
  orgId: string,
  connectionId: string,
): Promise<OrgEntry> {
  const db = await getDb();
  const all = await candidates(db);
  const c = all.find((x) => x.conn.id === connectionId);
  if (!c)
    throw new HttpError({
      code: "not_found",
      message: "There is no such connection (it may have been deleted).",
    });
  const previous = await getRoute(db, orgId);
  const orgName =
    all.flatMap((x) => x.orgsSeen).find((o) => o.id === orgId)?.name ?? previous?.orgName ?? orgId;
  const was = previous
    ? (all.find((x) => x.conn.id === previous.connectionId)?.conn.name ?? "a deleted connection")
    : null;
  // The checks run inside the audited act: a connection that fails them is "refused", with the reason.
  await auditedMutation({
    actor,
    action: "org.route_changed",
    target: { connectionId, orgId },
    db,
    act: async () => {
      if (lastTestFailed(c)) {
        throw new HttpError({
          code: "conflict",
          message:
            `The last test of “${c.conn.name}” failed (${c.lastTest?.problem?.message ?? "its token was refused"}) ` +
            "Fix it and test it again before it serves an organization.",
        });
      }
      const probe = await probeRole(db, c, { id: orgId, name: orgName });
      if (probe.role === "member") {
        throw new HttpError({
          code: "conflict",
          message:
            `“${c.conn.name}” lacks Organization Owner on “${orgName}”: it could list but not invite or cancel ` +
            "there. Give its service account Organization Owner in Atlas first.",
        });
      }
      if (probe.role !== "owner") {
        throw new HttpError({
          code: "conflict",
          message: `“${c.conn.name}” could not be checked on “${orgName}”: ${probe.problem ?? "Atlas did not answer."}`,
        });
      }
      return writeRoute(db, actor, { id: orgId, name: orgName }, connectionId);
    },
    onSuccess: () => ({
      detail: `“${orgName}” is served by “${c.conn.name}”${was ? ` (was “${was}”)` : ""}`,
    }),
    onError: (e) =>
      isHttpError(e)
        ? { outcome: "refused", detail: `“${orgName}” not switched to “${c.conn.name}”: ${e.message}` }
        : undefined,
  });
  const fresh = await orgsWithConnections();
  const entry = fresh.orgs.find((o) => o.id === orgId);
  if (!entry)
    throw new HttpError({
      code: "not_found",
      message: "No Atlas connection of this console sees this organization.",
    });
  return entry;
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
