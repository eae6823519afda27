import "server-only";
import type { OrgEntry, OrgList } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { atlasClient } from "../atlas";
import { listOrgs } from "../atlas/directory";
import { getDb } from "../db";
import type { OrgRouteRow } from "../db/schema/org-routes";
import { logger } from "../log";
import { recordEnvOrgsSeen } from "./env-connection";
import { mergeOrgsSeen, recordOrgsSeen } from "./repository";
import type { Candidate } from "./routing";
import { assignFirstOwner, candidates, evaluateRoute, listRoutes, roleOn } from "./routing";

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

/** Orgs probed for Owner at once when the list finds orgs without a route. */
const OWNER_PROBES_AT_ONCE = 8;

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
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
export async function listOrgsWithConnections(): Promise<OrgList> {
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
  // Orgs without a route yet (a new connection that sees 200 orgs, say) are probed a few at a time: each probe
  // spends one or two calls of that org's own bucket, and one after another they made the first list wait
  // (601 orgs: 42 s against the simulator, minutes against Atlas).
  const unrouted = [...names].filter(([id]) => !routes.has(id));
  await eachLimited(unrouted, OWNER_PROBES_AT_ONCE, async ([id, name]) => {
    const route = await assignFirstOwner(db, { id, name }, all);
    if (route) routes.set(id, route);
  });
  const orgs: OrgEntry[] = [];
  for (const [id, name] of names) orgs.push(entryOf({ id, name }, routes.get(id) ?? null, all));
  orgs.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { orgs, connections };
}
