import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../db";
import { auditRows, idempotencyRecords } from "../db/schema";
import type { AtlasHttp } from "../atlas/http";
import { invitationsApi, readAnyInvitation } from "../atlas/invitations";
import { logger } from "../log";
import { completeAudit } from "./index";

// docs/security.md 8: rows left "pending" by a crash between the intent and the completion are finished by
// reading Atlas, at start-up. On PGlite the lock guarantees no other process is mid-call, so every pending
// row is an orphan; on PostgreSQL another instance may be mid-call, so only rows older than a grace period.

export type AtlasResolver = (orgId: string, connectionId: string | null) => Promise<AtlasHttp>;

export interface ReconcileReport {
  resolved: number;
  left: number;
}

export async function reconcilePendingAudit(
  db: Db,
  atlasFor: AtlasResolver,
  opts: { olderThanMs?: number } = {},
): Promise<ReconcileReport> {
  const cutoff = new Date(Date.now() - (opts.olderThanMs ?? 0));
  const pending = await db
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.outcome, "pending"), lt(auditRows.createdAt, cutoff)))
    .orderBy(auditRows.createdAt);
  let resolved = 0;
  for (const row of pending) {
    try {
      const done = await resolveOne(db, row, atlasFor);
      if (done) resolved++;
    } catch (err) {
      // Atlas unreachable or no connection for the org: leave it pending for the next start.
      logger.warn({ auditId: row.id, action: row.action, err: String(err) }, "audit row left pending");
    }
  }
  // Submits interrupted by the crash: the address may be submitted again (Atlas refuses a duplicate).
  await db
    .update(idempotencyRecords)
    .set({
      state: "done",
      completedAt: new Date(),
      result: { outcome: "failed", code: "unknown_outcome", status: 502, message: INTERRUPTED },
    })
    .where(and(eq(idempotencyRecords.state, "pending"), lt(idempotencyRecords.createdAt, cutoff)));
  return { resolved, left: pending.length - resolved };
}

const INTERRUPTED =
  "The console restarted while this invitation was being sent. Check the list before retrying.";

async function resolveOne(
  db: Db,
  row: typeof auditRows.$inferSelect,
  atlasFor: AtlasResolver,
): Promise<boolean> {
  const note = "reconciled after a restart";
  // A new Atlas account (createUser) is a pending org user too: the same read-back finds it.
  if (
    (row.action === "invitation.created" || row.action === "atlas_user.created") &&
    row.orgId &&
    row.targetEmail
  ) {
    const http = await atlasFor(row.orgId, row.connectionId);
    const found = await invitationsApi(http).findByEmail(row.orgId, row.targetEmail);
    await completeAudit(
      row.id,
      found
        ? { outcome: "success", targetId: found.id, detail: `${note}: the invitation exists in Atlas` }
        : { outcome: "failure", detail: `${note}: Atlas has no pending invitation for this address` },
      db,
    );
    return true;
  }
  if (row.action === "invitation.cancelled" && row.orgId && row.targetId) {
    const http = await atlasFor(row.orgId, row.connectionId);
    const still = (await readAnyInvitation(http, row.orgId, row.targetId)).state === "pending";
    await completeAudit(
      row.id,
      still
        ? { outcome: "failure", detail: `${note}: the invitation is still pending in Atlas` }
        : { outcome: "success", detail: `${note}: the invitation is no longer pending in Atlas` },
      db,
    );
    return true;
  }
  await completeAudit(row.id, { outcome: "unknown", detail: `${note}: the outcome cannot be read back` }, db);
  return true;
}

/** Done idempotency records are only needed for Idempotency-Key replays, which last a day. */
export async function pruneIdempotency(db: Db, maxAgeMs = 24 * 3600_000): Promise<void> {
  await db
    .delete(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.state, "done"),
        lt(idempotencyRecords.createdAt, new Date(Date.now() - maxAgeMs)),
      ),
    );
}
