import "server-only";
import type { Db } from "../db";
import type { OrgRouteRow } from "../db/schema/org-routes";
import { env } from "../env";
import type { Candidate } from "./routing";
import { candidates, listRoutes } from "./routing";
import { routingGeneration } from "./routing-generation";

export interface RoutingSnapshot {
  all: Candidate[];
  routes: ReadonlyMap<string, OrgRouteRow>;
}

interface Held {
  db: Db;
  generation: number;
  at: number;
  snapshot: Promise<RoutingSnapshot>;
}

const SLOT = Symbol.for("invite-console.routing-cache");
const holder = ((globalThis as Record<symbol, unknown>)[SLOT] ??= { held: null }) as { held: Held | null };

/**
 * Every connection (secrets decrypted) and every org route, read once and shared by the requests of the next
 * ROUTING_CACHE_MS (lib/server/env.ts; 0 reads afresh each time). A change made by this process drops the copy
 * at once (lib/server/connections/routing-generation.ts); one made by another instance on the same PostgreSQL
 * shows within that lifetime. Read-only for callers: the candidates are shared.
 */
export function routingSnapshot(db: Db): Promise<RoutingSnapshot> {
  const ttl = env().ROUTING_CACHE_MS;
  const now = Date.now();
  const generation = routingGeneration();
  const held = holder.held;
  if (held && held.db === db && held.generation === generation && now - held.at < ttl) return held.snapshot;
  const snapshot = Promise.all([candidates(db), listRoutes(db)]).then(([all, routes]) => ({
    all,
    routes: new Map(routes.map((r) => [r.orgId, r])),
  }));
  const next: Held = { db, generation, at: now, snapshot };
  holder.held = ttl > 0 ? next : null;
  // A failed read is not kept.
  snapshot.catch(() => {
    if (holder.held === next) holder.held = null;
  });
  return snapshot;
}
