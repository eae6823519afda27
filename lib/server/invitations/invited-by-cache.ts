import "server-only";
import { invitedByConsole } from "../audit/query";
import type { Db } from "../db";
import { env } from "../env";

// "invited by <console user>" on every list read was one audit query per request, the last query of the list
// path besides the session check (README.md "Performance"). Who created an invitation never changes once its
// create is audited as a success, so a name found is kept for as long as the invitation is listed. An id with
// no such row yet (created outside the console, or its create still being completed while the list was read)
// is asked again after ROUTING_CACHE_MS, and at once after this process's own change to the org
// (invitationsChanged): another instance's create shows within that lifetime, as its routing changes do.
// Kept on globalThis: Next.js bundles route handlers apart, and they must share one copy.

interface OrgCopy {
  db: Db;
  /** Invitation id → the console user whose create of it succeeded. */
  found: Map<string, string>;
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

/** Invitation id → console user, for the ids of one list read: one audit query at most, none when all are known. */
export async function invitedBy(db: Db, orgId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const ttl = env().ROUTING_CACHE_MS;
  if (ttl === 0) return invitedByConsole(db, orgId, [...ids]);
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
    const answers = await invitedByConsole(db, orgId, ask);
    for (const id of ask) {
      const who = answers.get(id);
      if (who) {
        copy.found.set(id, who);
        copy.absent.delete(id);
      } else copy.absent.set(id, now);
    }
  }
  // Only what this read lists is kept: the copy never outgrows the org's pending invitations.
  const listed = new Set(ids);
  for (const id of copy.found.keys()) if (!listed.has(id)) copy.found.delete(id);
  for (const id of copy.absent.keys()) if (!listed.has(id)) copy.absent.delete(id);
  const out = new Map<string, string>();
  for (const id of ids) {
    const who = copy.found.get(id);
    if (who) out.set(id, who);
  }
  return out;
}
