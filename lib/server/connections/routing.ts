import "server-only";
import { eq } from "drizzle-orm";
import type {
  ConnectionTest,
  OrgAccessRole,
  OrgSeen,
  ProblemCode,
  RouteStatus,
} from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { atlasClient, envConnection } from "../atlas";
import type { AtlasConnection } from "../atlas/connection";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { Db } from "../db";
import { orgRoutes } from "../db/schema/org-routes";
import type { OrgRouteRow } from "../db/schema/org-routes";
import { logger } from "../log";
import { probeOrgRole } from "./diagnose";
import { envLastTest, envOrgsSeen, recordEnvOrgRole } from "./env-connection";
import { loadAtlasConnections, recordOrgRole } from "./repository";
import { routingChanged } from "./routing-generation";

// Which connection serves each org (docs/connections.md, "Which connection serves an org"). One route per org,
// kept in org_routes: an admin chooses it, or the console records the first working connection with
// Organization Owner on an org that has none yet. A route is never moved by the console itself: when its
// connection is deleted, fails its test or turns out to lack Owner, the org has no working connection until an
// admin chooses one.

export interface Candidate {
  conn: AtlasConnection;
  orgsSeen: OrgSeen[];
  lastTest: ConnectionTest | null;
}

/** Every connection, the environment's first (it predates the stored ones), then stored ones as added. */
export async function candidates(db: Db): Promise<Candidate[]> {
  const stored = await loadAtlasConnections(db);
  const env = envConnection();
  return env ? [{ conn: env, orgsSeen: envOrgsSeen(), lastTest: envLastTest() }, ...stored] : stored;
}

/**
 * Problems that say nothing about the credentials: a member-only account works where it is Owner, a rate limit
 * passes, and an account in no org serves nothing anyway. Every other problem of the last test is a failure.
 */
const NOT_FAILURES: ReadonlySet<ProblemCode> = new Set(["member_only", "rate_limited", "no_orgs"]);

export function lastTestFailed(c: Pick<Candidate, "lastTest">): boolean {
  const t = c.lastTest;
  if (!t || t.ok) return false;
  if (t.token === "failed") return true;
  return t.problem !== null && !NOT_FAILURES.has(t.problem.code);
}

export function roleOn(c: Pick<Candidate, "orgsSeen">, orgId: string): OrgAccessRole | null {
  const seen = c.orgsSeen.find((o) => o.id === orgId);
  return seen ? (seen.role ?? "unknown") : null;
}

export async function listRoutes(db: Db): Promise<OrgRouteRow[]> {
  return db.select().from(orgRoutes);
}

export async function getRoute(db: Db, orgId: string): Promise<OrgRouteRow | null> {
  const rows = await db.select().from(orgRoutes).where(eq(orgRoutes.orgId, orgId)).limit(1);
  return rows[0] ?? null;
}

export interface RouteState {
  status: RouteStatus;
  /** The connection that serves the org (status ok). */
  serving: Candidate | null;
  problem: string | null;
}

/** What a route means now, with the connections as they are. */
export function evaluateRoute(route: OrgRouteRow | null, all: Candidate[], orgName: string): RouteState {
  if (!route) {
    return {
      status: "unrouted",
      serving: null,
      problem:
        `No working connection with Organization Owner on “${orgName}” has been chosen to serve it. An admin ` +
        "chooses one on the Connections page.",
    };
  }
  const c = all.find((x) => x.conn.id === route.connectionId);
  if (!c) {
    return {
      status: "connection_missing",
      serving: null,
      problem:
        `No working connection serves “${orgName}”: the connection chosen for it was deleted. An admin ` +
        "chooses another one on the Connections page.",
    };
  }
  if (lastTestFailed(c)) {
    const why = c.lastTest?.problem?.message ?? "its token was refused";
    return {
      status: "connection_failing",
      serving: null,
      problem:
        `No working connection serves “${orgName}”: the last test of “${c.conn.name}”, which serves it, ` +
        `failed (${why}) Fix it and test it again, or choose another connection on the Connections page.`,
    };
  }
  if (roleOn(c, route.orgId) === "member") {
    return {
      status: "not_owner",
      serving: null,
      problem:
        `No working connection serves “${orgName}”: “${c.conn.name}”, which serves it, lacks Organization ` +
        "Owner there. Give it Owner in Atlas and test it again, or choose another connection on the Connections page.",
    };
  }
  // An org list known for this connection (tested, or listed) that lacks the org: it cannot serve it.
  const listKnown = c.orgsSeen.length > 0 || c.lastTest?.token === "ok";
  if (listKnown && roleOn(c, route.orgId) === null) {
    return {
      status: "not_seen",
      serving: null,
      problem:
        `No working connection serves “${orgName}”: “${c.conn.name}”, which serves it, no longer sees it ` +
        "(its service account is not in this organization). Choose another connection on the Connections page.",
    };
  }
  return { status: "ok", serving: c, problem: null };
}

const SYSTEM: AuditActor = { userId: null, email: null, ip: null, userAgent: null };

async function rememberRole(db: Db, c: Candidate, org: { id: string; name: string }, role: OrgAccessRole) {
  if (c.conn.id === ENV_CONNECTION_ID) recordEnvOrgRole(org, role);
  else await recordOrgRole(db, c.conn.id, org, role);
  c.orgsSeen = [...c.orgsSeen.filter((o) => o.id !== org.id), { ...org, role }];
}

/** Asks Atlas (read-only) whether this connection is Owner of the org; records and returns the role. */
export async function probeRole(
  db: Db,
  c: Candidate,
  org: { id: string; name: string },
): Promise<{ role: OrgAccessRole; problem: string | null }> {
  const { role, problem } = await probeOrgRole(atlasClient(c.conn), org.id);
  // Only a definite answer is kept: a network error or a rate limit says nothing about the role.
  if (role !== "unknown") await rememberRole(db, c, org, role);
  return { role, problem: problem?.message ?? null };
}

/**
 * An org without a route gets the first working connection (in `all`'s order) that sees it and is Owner there,
 * recorded and audited as an automatic choice. Roles not known yet are probed. Returns the route, or null when
 * no connection qualifies. A concurrent request that recorded a route first wins; its route is returned.
 */
export async function assignFirstOwner(
  db: Db,
  org: { id: string; name: string },
  all: Candidate[],
): Promise<OrgRouteRow | null> {
  for (const c of all) {
    if (lastTestFailed(c)) continue;
    let role = roleOn(c, org.id);
    if (role === null) continue;
    if (role === "unknown") {
      try {
        role = (await probeRole(db, c, org)).role;
      } catch (e) {
        logger.warn(
          { connectionId: c.conn.id, orgId: org.id, err: (e as Error).message },
          "owner probe failed",
        );
        continue;
      }
    }
    if (role !== "owner") continue;
    // Another request may have recorded a route while this one probed: that one stands, and no row is written.
    const existing = await getRoute(db, org.id);
    if (existing) return existing;
    const { result: inserted } = await auditedMutation({
      actor: SYSTEM,
      action: "org.route_changed",
      target: {
        connectionId: c.conn.id,
        orgId: org.id,
        detail:
          `automatic: “${org.name}” is served by “${c.conn.name}”, the first working connection with ` +
          "Organization Owner on it",
      },
      db,
      act: async () =>
        (
          await db
            .insert(orgRoutes)
            .values({ orgId: org.id, orgName: org.name, connectionId: c.conn.id })
            .onConflictDoNothing()
            .returning()
        )[0] ?? null,
      // Lost the race between the check above and the insert: nothing changed.
      onSuccess: (row) =>
        row ? {} : { outcome: "noop", detail: `automatic: “${org.name}” got a route from another request` },
    });
    routingChanged();
    if (inserted) return inserted;
    return getRoute(db, org.id);
  }
  return null;
}

/** Records an admin's choice (the caller has checked the connection); returns the previous route. */
export async function writeRoute(
  db: Db,
  actor: AuditActor,
  org: { id: string; name: string },
  connectionId: string,
): Promise<{ previous: OrgRouteRow | null; route: OrgRouteRow }> {
  const written = await db.transaction(async (tx) => {
    const [previous] = await tx.select().from(orgRoutes).where(eq(orgRoutes.orgId, org.id)).for("update");
    const values = {
      orgId: org.id,
      orgName: org.name,
      connectionId,
      chosenByUserId: actor.userId,
      chosenByEmail: actor.email,
      chosenAt: new Date(),
    };
    const [route] = await tx
      .insert(orgRoutes)
      .values(values)
      .onConflictDoUpdate({ target: orgRoutes.orgId, set: values })
      .returning();
    return { previous: previous ?? null, route: route! };
  });
  routingChanged();
  return written;
}
