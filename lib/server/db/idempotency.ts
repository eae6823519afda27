import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gt, ne, sql } from "drizzle-orm";
import type { Db } from "./index";
import { auditRows, idempotencyRecords } from "./schema";

// docs/security.md 7: before any Atlas create, a pending record on (orgId, lower(email)) is inserted; the partial
// unique indexes make a second insert for the same address (or the same Idempotency-Key and address)
// conflict, so exactly one request calls Atlas and the others wait for its answer.

/** Longer than any Atlas call with its read-back (timeouts are capped at 120 s). */
const STALE_MS = 5 * 60_000;
const abandoned = {
  outcome: "failed",
  code: "unknown_outcome",
  status: 502,
  message: "An earlier attempt was interrupted. Check the list before retrying.",
};

export type Claim<R> =
  { kind: "claimed"; id: string } | { kind: "replay"; result: R } | { kind: "wait"; id: string };

export async function claimOperation<R>(
  db: Db,
  scope: { orgId: string; email: string; key: string | null },
): Promise<Claim<R>> {
  const email = scope.email.toLowerCase();
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = randomUUID();
    const inserted = await db
      .insert(idempotencyRecords)
      .values({
        id,
        orgId: scope.orgId,
        email,
        idempotencyKey: scope.key,
        state: "pending",
        createdAt: new Date(),
      })
      .onConflictDoNothing()
      .returning({ id: idempotencyRecords.id });
    if (inserted.length > 0) return { kind: "claimed", id };
    if (scope.key) {
      const [same] = await db
        .select()
        .from(idempotencyRecords)
        .where(
          and(
            eq(idempotencyRecords.orgId, scope.orgId),
            eq(idempotencyRecords.idempotencyKey, scope.key),
            sql`lower(${idempotencyRecords.email}) = ${email}`,
          ),
        )
        .limit(1);
      if (same)
        return same.state === "done"
          ? { kind: "replay", result: same.result as R }
          : { kind: "wait", id: same.id };
    }
    const [running] = await db
      .select({ id: idempotencyRecords.id, createdAt: idempotencyRecords.createdAt })
      .from(idempotencyRecords)
      .where(
        and(
          eq(idempotencyRecords.orgId, scope.orgId),
          sql`lower(${idempotencyRecords.email}) = ${email}`,
          eq(idempotencyRecords.state, "pending"),
        ),
      )
      .limit(1);
    if (running && Date.now() - running.createdAt.getTime() > STALE_MS) {
      // Its process died mid-call (another PostgreSQL instance, say): free the address; the audit row it
      // left pending is finished by the reconciler (lib/server/audit/reconcile.ts).
      await db
        .update(idempotencyRecords)
        .set({ state: "done", completedAt: new Date(), result: abandoned })
        .where(and(eq(idempotencyRecords.id, running.id), eq(idempotencyRecords.state, "pending")));
      continue;
    }
    if (running) return { kind: "wait", id: running.id };
    // The conflicting record finished between our insert and our read: try again.
  }
  throw new Error("could not claim the operation (too much contention on one address)");
}

export async function attachAudit(db: Db, id: string, auditId: string): Promise<void> {
  await db.update(idempotencyRecords).set({ auditId }).where(eq(idempotencyRecords.id, id));
}

export async function finishOperation(db: Db, id: string, result: unknown): Promise<void> {
  await db
    .update(idempotencyRecords)
    .set({ state: "done", result, completedAt: new Date() })
    .where(eq(idempotencyRecords.id, id));
}

/** Gives the claim back (the operation never reached Atlas). */
export async function releaseOperation(db: Db, id: string): Promise<void> {
  await db.delete(idempotencyRecords).where(eq(idempotencyRecords.id, id));
}

/** Waits for another request's operation: its result, "gone" (claim given back) or "timeout". */
export async function waitForOperation<R>(
  db: Db,
  id: string,
  timeoutMs: number,
): Promise<{ result: R } | "gone" | "timeout"> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const [row] = await db
      .select({ state: idempotencyRecords.state, result: idempotencyRecords.result })
      .from(idempotencyRecords)
      .where(eq(idempotencyRecords.id, id));
    // Gone: the other request gave its claim back without calling Atlas.
    if (!row) return "gone";
    if (row.state === "done") return { result: row.result as R };
    if (Date.now() + delay > deadline) return "timeout";
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * A create for this address that succeeded moments ago (and was not cancelled since): a submit arriving
 * just after it finished (a second admin, a slow second tab) is the same intent, and must not reach Atlas.
 */
export async function recentSuccess(
  db: Db,
  scope: { orgId: string; email: string; exceptId: string; windowMs: number },
): Promise<{ invitationId: string | null } | null> {
  const [row] = await db
    .select({ invitationId: sql<string | null>`${idempotencyRecords.result} -> 'invitation' ->> 'id'` })
    .from(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.orgId, scope.orgId),
        sql`lower(${idempotencyRecords.email}) = ${scope.email.toLowerCase()}`,
        eq(idempotencyRecords.state, "done"),
        ne(idempotencyRecords.id, scope.exceptId),
        gt(idempotencyRecords.completedAt, new Date(Date.now() - scope.windowMs)),
        sql`${idempotencyRecords.result} ->> 'outcome' = 'invited'`,
        sql`not exists (select 1 from ${auditRows} where ${auditRows.orgId} = ${scope.orgId}
              and ${auditRows.action} = 'invitation.cancelled' and ${auditRows.outcome} = 'success'
              and ${auditRows.targetId} = ${idempotencyRecords.result} -> 'invitation' ->> 'id')`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * Ends the pending claims a dead bulk worker left for this address (keys starting with `keyPrefix`), once the
 * bulk job has looked in Atlas and found no invitation: the next attempt may then claim the address at once
 * instead of waiting for the claim to go stale (lib/server/bulk/work-run.ts).
 */
export async function abandonClaims(
  db: Db,
  scope: { orgId: string; email: string; keyPrefix: string },
): Promise<void> {
  await db
    .update(idempotencyRecords)
    .set({ state: "done", completedAt: new Date(), result: abandoned })
    .where(
      and(
        eq(idempotencyRecords.orgId, scope.orgId),
        sql`lower(${idempotencyRecords.email}) = ${scope.email.toLowerCase()}`,
        eq(idempotencyRecords.state, "pending"),
        sql`${idempotencyRecords.idempotencyKey} like ${`${scope.keyPrefix}%`}`,
      ),
    );
}
