import "server-only";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { AuditNames, AuditRow } from "@/lib/schemas/audit";
import { auditGrantIds } from "@/lib/schemas/audit-grants";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { envConnection } from "../atlas";
import { listProjects, listTeams } from "../atlas/directory";
import { envOrgsSeen } from "../connections/env-connection";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { atlasConnections, auditRows } from "../db/schema";
import { logger } from "../log";

// Names for the ids an audit row holds, resolved when the log is read (rows keep ids: names change, ids do
// not). Connections and orgs come from the database (and the env connection); teams and projects from Atlas,
// cached briefly per org. A name that cannot be found is simply absent: the page then shows the id.

const DIRECTORY_TTL_MS = 60_000;
const DIRECTORY_TIMEOUT_MS = 3_000;

interface Directory {
  at: number;
  teams: Map<string, string>;
  projects: Map<string, string>;
}

// Route bundles are separate module copies: one cache per process, on globalThis.
const holder = globalThis as unknown as { __auditDirectory?: Map<string, Directory> };
const cache = (holder.__auditDirectory ??= new Map<string, Directory>());

/** Forget cached team and project names (tests; a directory that changed shows within a minute anyway). */
export function clearAuditNameCache(): void {
  cache.clear();
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref?.()),
  ]);
}

async function directory(orgId: string): Promise<Directory | null> {
  const hit = cache.get(orgId);
  if (hit && Date.now() - hit.at < DIRECTORY_TTL_MS) return hit;
  try {
    // Picking the connection may itself ask Atlas (an org no connection has listed yet): one bound for all.
    const [teams, projects] = await withTimeout(
      atlasForOrg(orgId).then(({ http }) => Promise.all([listTeams(http, orgId), listProjects(http, orgId)])),
      DIRECTORY_TIMEOUT_MS,
    );
    const dir: Directory = {
      at: Date.now(),
      teams: new Map(teams.map((t) => [t.id, t.name])),
      projects: new Map(projects.map((p) => [p.id, p.name])),
    };
    cache.set(orgId, dir);
    return dir;
  } catch (err) {
    // The log must stay readable when Atlas is not: ids are shown instead (an older cache entry if any).
    logger.warn({ orgId, err: (err as Error).message }, "audit: team and project names unavailable");
    return hit ?? null;
  }
}

/** Every known org: id → name, from what each connection has seen. */
export async function knownOrgNames(db: Db): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const stored = await db.select({ orgsSeen: atlasConnections.orgsSeen }).from(atlasConnections);
  for (const row of stored) for (const o of row.orgsSeen) if (!out.has(o.id)) out.set(o.id, o.name);
  for (const o of envOrgsSeen()) if (!out.has(o.id)) out.set(o.id, o.name);
  return out;
}

/** A deleted connection has no row left: its name is the one its "connection.created" row recorded. */
async function deletedConnectionNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({ connectionId: auditRows.connectionId, detail: auditRows.detail })
    .from(auditRows)
    .where(
      and(
        eq(auditRows.action, "connection.created"),
        eq(auditRows.outcome, "success"),
        inArray(auditRows.connectionId, ids),
        isNotNull(auditRows.detail),
      ),
    )
    .orderBy(desc(auditRows.createdAt));
  for (const r of rows) {
    // The create row's detail is "<name> (<base URL>, <client id>)" (lib/server/connections/create.ts).
    const name = r.detail?.match(/^(.*) \([^()]*\)$/)?.[1];
    if (r.connectionId && name && !out.has(r.connectionId)) out.set(r.connectionId, name);
  }
  return out;
}

/** Names for every connection, org, team and project id on these rows. */
export async function resolveAuditNames(db: Db, rows: AuditRow[]): Promise<AuditNames> {
  const names: AuditNames = { connections: {}, orgs: {}, teams: {}, projects: {} };
  const connectionIds = [...new Set(rows.map((r) => r.connectionId).filter((c): c is string => !!c))];
  if (connectionIds.length > 0) {
    const env = envConnection();
    if (env && connectionIds.includes(ENV_CONNECTION_ID)) names.connections[ENV_CONNECTION_ID] = env.name;
    const stored = connectionIds.filter((c) => c !== ENV_CONNECTION_ID);
    if (stored.length > 0) {
      const found = await db
        .select({ id: atlasConnections.id, name: atlasConnections.name })
        .from(atlasConnections)
        .where(inArray(atlasConnections.id, stored));
      for (const c of found) names.connections[c.id] = c.name;
      const missing = stored.filter((c) => !(c in names.connections));
      for (const [id, name] of await deletedConnectionNames(db, missing)) names.connections[id] = name;
    }
  }

  const orgIds = [...new Set(rows.map((r) => r.orgId).filter((o): o is string => !!o))];
  if (orgIds.length > 0) {
    const known = await knownOrgNames(db);
    for (const id of orgIds) {
      const name = known.get(id);
      if (name) names.orgs[id] = name;
    }
  }

  // Team and project ids, grouped by the org they belong to.
  const wanted = new Map<string, { teams: Set<string>; projects: Set<string> }>();
  for (const r of rows) {
    if (!r.orgId) continue;
    const { teams, projects } = auditGrantIds(r.grants);
    if (teams.length === 0 && projects.length === 0) continue;
    const entry = wanted.get(r.orgId) ?? { teams: new Set<string>(), projects: new Set<string>() };
    for (const t of teams) entry.teams.add(t);
    for (const p of projects) entry.projects.add(p);
    wanted.set(r.orgId, entry);
  }
  await Promise.all(
    [...wanted].map(async ([orgId, ids]) => {
      const dir = await directory(orgId);
      if (!dir) return;
      for (const t of ids.teams) {
        const name = dir.teams.get(t);
        if (name) names.teams[t] = name;
      }
      for (const p of ids.projects) {
        const name = dir.projects.get(p);
        if (name) names.projects[p] = name;
      }
    }),
  );
  return names;
}
