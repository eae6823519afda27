import "server-only";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { HttpError } from "../api/errors";
import { atlasClient, envConnection } from "../atlas";
import type { AtlasConnection } from "../atlas/connection";
import { listOrgs } from "../atlas/directory";
import type { AtlasHttp } from "../atlas/http";
import { envOrgsSeen, recordEnvOrgsSeen } from "../connections/env-connection";
import { loadAtlasConnections, recordOrgsSeen } from "../connections/repository";
import { getDb } from "../db";
import { logger } from "../log";

// Which Atlas connection serves an org. Stored connections come first (in creation order), then the
// connection of [B] configured by environment variables (id "env").

interface Candidate {
  conn: AtlasConnection;
  orgsSeen: { id: string; name: string }[];
}

async function candidates(): Promise<Candidate[]> {
  const stored = await loadAtlasConnections(await getDb());
  const env = envConnection();
  return env ? [...stored, { conn: env, orgsSeen: envOrgsSeen() }] : stored;
}

function noConnection(): HttpError {
  return new HttpError(
    "atlas_unavailable",
    "No Atlas connection is configured: an admin adds one on the Connections page (or sets ATLAS_CLIENT_ID " +
      "and ATLAS_CLIENT_SECRET).",
  );
}

const picked = (conn: AtlasConnection) => ({
  http: atlasClient(conn),
  connection: { id: conn.id, name: conn.name },
});

/** The connection that sees this org; 404 when none does. `orgId` has been validated by the route. */
export async function atlasForOrg(
  orgId: string,
): Promise<{ http: AtlasHttp; connection: { id: string; name: string } }> {
  const all = await candidates();
  if (all.length === 0) throw noConnection();
  // One connection: it is the only one that could serve the org (and Atlas answers 404 if it does not).
  if (all.length === 1) return picked(all[0]!.conn);
  const cached = all.find((c) => c.orgsSeen.some((o) => o.id === orgId));
  if (cached) return picked(cached.conn);
  const { orgs } = await orgsAcrossConnections(all);
  const hit = orgs.find((o) => o.id === orgId);
  const conn = hit && all.find((c) => c.conn.id === hit.connectionId);
  if (!conn) {
    throw new HttpError("not_found", "No Atlas connection of this console sees this organization.");
  }
  return picked(conn.conn);
}

export interface OrgAcrossConnections {
  id: string;
  name: string;
  connectionId: string;
  connectionName: string;
}

export interface ConnectionOrgsStatus {
  id: string;
  name: string;
  invitesApi: "users" | "invitations";
  /** Why the orgs of this connection could not be listed now (the cached list is used instead). */
  error: string | null;
}

async function orgsAcrossConnections(
  all: Candidate[],
): Promise<{ orgs: OrgAcrossConnections[]; connections: ConnectionOrgsStatus[] }> {
  const db = await getDb();
  const results = await Promise.all(
    all.map(async ({ conn, orgsSeen }) => {
      try {
        const live = (await listOrgs(atlasClient(conn)))
          .filter((o) => !o.isDeleted)
          .map((o) => ({ id: o.id, name: o.name }));
        if (conn.id === ENV_CONNECTION_ID) recordEnvOrgsSeen(live);
        else await recordOrgsSeen(db, conn.id, live);
        return { conn, orgs: live, error: null as unknown };
      } catch (error) {
        logger.warn({ connectionId: conn.id, err: (error as Error).message }, "listing orgs failed");
        return { conn, orgs: orgsSeen, error };
      }
    }),
  );
  // With a single connection, a failure is the answer (as before stored connections existed).
  if (results.length === 1 && results[0]!.error) throw results[0]!.error;
  const orgs: OrgAcrossConnections[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const o of r.orgs) {
      if (seen.has(o.id)) continue; // the first connection that sees an org serves it
      seen.add(o.id);
      orgs.push({ id: o.id, name: o.name, connectionId: r.conn.id, connectionName: r.conn.name });
    }
  }
  const connections = results.map((r) => ({
    id: r.conn.id,
    name: r.conn.name,
    invitesApi: r.conn.invitesApi,
    error: r.error
      ? r.error instanceof Error && "failure" in r.error
        ? r.error.message
        : "The organizations could not be listed."
      : null,
  }));
  return { orgs, connections };
}

/** Every org every connection sees, with the connection that serves it (the org switcher). */
export async function listOrgsAcrossConnections(): Promise<OrgAcrossConnections[]> {
  return (await orgsWithConnections()).orgs;
}

/** The same, with each connection's status, for GET /api/orgs. */
export async function orgsWithConnections(): Promise<{
  orgs: OrgAcrossConnections[];
  connections: ConnectionOrgsStatus[];
}> {
  const all = await candidates();
  if (all.length === 0) return { orgs: [], connections: [] };
  return orgsAcrossConnections(all);
}

/**
 * For the audit reconciler (part P, `reconcilePendingAudit(db, atlasFor)`): the connection an audit row names,
 * else the one that serves its org.
 */
export async function atlasForAudit(orgId: string, connectionId: string | null): Promise<AtlasHttp> {
  const all = await candidates();
  const named = connectionId ? all.find((c) => c.conn.id === connectionId) : undefined;
  if (named) return atlasClient(named.conn);
  return (await atlasForOrg(orgId)).http;
}

/** The environment connection of [B], for callers that predate stored connections; prefer atlasForOrg. */
export function currentAtlas(): AtlasHttp {
  const conn = envConnection();
  if (!conn) throw noConnection();
  return atlasClient(conn);
}
