import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "./index";
import { idempotencyRecords } from "./schema";

// SECURITY.md 7: before any Atlas create, a pending record on (orgId, lower(email)) is inserted; the partial
// unique indexes make a second insert for the same address (or the same Idempotency-Key and address)
// conflict, so exactly one request calls Atlas and the others wait for its answer.

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
      .select({ id: idempotencyRecords.id })
      .from(idempotencyRecords)
      .where(
        and(
          eq(idempotencyRecords.orgId, scope.orgId),
          sql`lower(${idempotencyRecords.email}) = ${email}`,
          eq(idempotencyRecords.state, "pending"),
        ),
      )
      .limit(1);
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
