import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "../db";
import { scimUsers } from "../db/schema";
import { jobsBoss, sendJob } from "../jobs";
import { logger } from "../log";
import { PROVISIONING_WORKER_ID, workOrg } from "./worker";

// Waking an org's provisioning worker (lib/server/provisioning/worker.ts) after a directory change. Imported by
// the SCIM endpoint and the Provisioning page's services, not by the job layer (as lib/server/bulk/wake.ts).

/** A burst of SCIM writes wakes the worker once per this window (the worker takes every dirty user it finds). */
const WINDOW_MS = 1_000;
const lastWake = new Map<string, number>();
const trailing = new Map<string, NodeJS.Timeout>();
const working = new Set<string>();

async function workHere(orgId: string): Promise<void> {
  if (working.has(orgId)) return;
  working.add(orgId);
  try {
    while ((await workOrg(orgId, PROVISIONING_WORKER_ID)) === "yielded");
  } catch (err) {
    logger.error(
      { err: err instanceof Error ? err.message : String(err), orgId },
      "provisioning worker stopped",
    );
  } finally {
    working.delete(orgId);
  }
}

async function send(orgId: string): Promise<void> {
  lastWake.set(orgId, Date.now());
  if (await jobsBoss()) await sendJob("provisioning-run", { orgId });
  else void workHere(orgId);
}

/** Queues the org's worker (at most once a second per org in this process; a last wake always follows). */
export async function wakeOrg(orgId: string): Promise<void> {
  const since = Date.now() - (lastWake.get(orgId) ?? 0);
  if (since >= WINDOW_MS) {
    await send(orgId).catch((err: unknown) =>
      logger.warn(
        { err: err instanceof Error ? err.message : String(err), orgId },
        "provisioning: wake failed",
      ),
    );
    return;
  }
  if (trailing.has(orgId)) return;
  const timer = setTimeout(() => {
    trailing.delete(orgId);
    void send(orgId).catch(() => {});
  }, WINDOW_MS - since);
  timer.unref?.();
  trailing.set(orgId, timer);
}

/** Every live directory user of the org is looked at again (a group mapping or a preset changed). */
export async function markOrgDirty(orgId: string): Promise<void> {
  const db = await getDb();
  await db
    .update(scimUsers)
    .set({ dirtyAt: new Date() })
    .where(and(eq(scimUsers.orgId, orgId), isNull(scimUsers.deletedAt), isNull(scimUsers.dirtyAt)));
  await wakeOrg(orgId);
}
