import "server-only";
import { invitedByConsole } from "../audit/query";
import type { Db } from "../db";
import { env } from "../env";
import { attributeAtlasIds, type Attribution } from "../ledger/attribution";

// "invited by <console user>" (lib/server/ledger/attribution.ts: the ledger's console user, what they did and
// the first inviter of a renewed chain; the audit log's successful create when the ledger has no such row)
// on every list read was one query per request, the last query of the list
// path besides the session check (README.md "Performance"). Who created an invitation never changes once its
// create is audited as a success, so a name found is kept for as long as the invitation is listed. An id with
// no such row yet (created outside the console, or its create still being completed while the list was read)
// is asked again after ROUTING_CACHE_MS, and at once after this process's own change to the org
// (invitationsChanged): another instance's create shows within that lifetime, as its routing changes do.
// Kept on globalThis: Next.js bundles route handlers apart, and they must share one copy.

interface OrgCopy {
  db: Db;
  /** Invitation id → the console user who made it. */
  found: Map<string, Attribution>;
  /** Invitation id → when the log had no successful create for it. */
  absent: Map<string, number>;
}

const SLOT = Symbol.for("invite-console.invited-by-cache");
const holder = ((globalThis as Record<symbol, unknown>)[SLOT] ??= { orgs: new Map() }) as {
  orgs: Map<string, OrgCopy>;
};

/** After this process changed an org's invitations: ids without a known inviter are asked again. */
export function invitedByChanged(orgId: string): void {
  holder.orgs.get(orgId)?.absent.clear();
}

/** The ledger first, then the audit log for the ids the ledger does not attribute. */
async function lookUp(db: Db, orgId: string, ids: string[]): Promise<Map<string, Attribution>> {
  const out = await attributeAtlasIds(db, orgId, ids);
  const rest = ids.filter((id) => !out.has(id));
  if (rest.length === 0) return out;
  for (const [id, by] of await invitedByConsole(db, orgId, rest)) {
    out.set(id, { by, via: "invited", firstBy: null, firstByIsAtlas: false });
  }
  return out;
}

/**
 * Invitation id → who made it, for the ids of one list read: no query when all are known. `keepOthers`:
 * these ids are one page of a read (the streamed list), so the ids they do not name stay kept.
 */
export async function invitedBy(
  db: Db,
  orgId: string,
  ids: readonly string[],
  { keepOthers = false }: { keepOthers?: boolean } = {},
): Promise<Map<string, Attribution>> {
  const ttl = env().ROUTING_CACHE_MS;
  if (ttl === 0) return lookUp(db, orgId, [...ids]);
  let copy = holder.orgs.get(orgId);
  if (!copy || copy.db !== db) {
    copy = { db, found: new Map(), absent: new Map() };
    holder.orgs.set(orgId, copy);
  }
  const now = Date.now();
  const ask = ids.filter((id) => {
    if (copy.found.has(id)) return false;
    const at = copy.absent.get(id);
    return at === undefined || now - at >= ttl;
  });
  if (ask.length > 0) {
    const answers = await lookUp(db, orgId, ask);
    for (const id of ask) {
      const who = answers.get(id);
      if (who) {
        copy.found.set(id, who);
        copy.absent.delete(id);
      } else copy.absent.set(id, now);
    }
  }
  // Only what this read lists is kept: the copy never outgrows the org's pending invitations.
  if (!keepOthers) {
    const listed = new Set(ids);
    for (const id of copy.found.keys()) if (!listed.has(id)) copy.found.delete(id);
    for (const id of copy.absent.keys()) if (!listed.has(id)) copy.absent.delete(id);
  }
  const out = new Map<string, Attribution>();
  for (const id of ids) {
    const who = copy.found.get(id);
    if (who) out.set(id, who);
  }
  return out;
}
