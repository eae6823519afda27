import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import type { InvitationSource } from "@/lib/schemas/invitations";
import { closedLedgerId } from "@/lib/schemas/ledger";
import type { Grants } from "@/lib/schemas/grants";
import type { LedgerEventKind, LedgerPendingOperation, LedgerStatus } from "@/lib/schemas/ledger";
import type { Db } from "../db";
import { invitationLedger, invitationLedgerEvents } from "../db/schema/ledger";
import type { LedgerEventRow, LedgerRow } from "../db/schema/ledger";

// The invitation ledger's queries (lib/server/db/schema/ledger.ts). Every writer goes through these: the
// console's own actions (create, cancel, edit, renew, migrate) and the sync that reads Atlas. A transition
// always writes one event with the audit row and console user behind it, so a person's timeline is the
// events of their rows in order.

export type { LedgerEventRow, LedgerRow };

export interface LedgerActor {
  userId: string | null;
  email: string | null;
}
/** The sync (or the console itself) as the actor of an event. */
export const SYSTEM_ACTOR: LedgerActor = { userId: null, email: null };

export interface LedgerInvitationInput {
  connectionId: string;
  orgId: string;
  email: string;
  source: InvitationSource;
  /** For legacy project invitations. */
  projectId?: string | null;
  grants: Grants;
  invitationId?: string | null;
  userId?: string | null;
  inviter?: string | null;
  atlasCreatedAt?: Date | null;
  expiresAt?: Date | null;
}

export interface EventInput {
  kind: LedgerEventKind;
  actor?: LedgerActor;
  auditId?: string | null;
  detail?: unknown;
}

function pendingKey(i: {
  orgId: string;
  email: string;
  source: InvitationSource;
  projectId?: string | null;
}) {
  return and(
    eq(invitationLedger.orgId, i.orgId),
    eq(invitationLedger.email, i.email.toLowerCase()),
    eq(invitationLedger.source, i.source),
    eq(invitationLedger.projectId, i.projectId ?? ""),
    eq(invitationLedger.status, "pending"),
  );
}

/** The pending row for (org, e-mail, source, project), if any. */
export async function findPending(
  db: Db,
  key: { orgId: string; email: string; source: InvitationSource; projectId?: string | null },
): Promise<LedgerRow | null> {
  const [row] = await db.select().from(invitationLedger).where(pendingKey(key)).limit(1);
  return row ?? null;
}

export async function getLedgerRow(db: Db, orgId: string, id: string): Promise<LedgerRow | null> {
  const [row] = await db
    .select()
    .from(invitationLedger)
    .where(and(eq(invitationLedger.orgId, orgId), eq(invitationLedger.id, id)))
    .limit(1);
  return row ?? null;
}

/** The row whose Atlas id (users-API id or legacy invitation id) is `atlasId`, newest first. */
export async function findByAtlasId(db: Db, orgId: string, atlasId: string): Promise<LedgerRow | null> {
  const [row] = await db
    .select()
    .from(invitationLedger)
    .where(
      and(
        eq(invitationLedger.orgId, orgId),
        sql`(${invitationLedger.userId} = ${atlasId} or ${invitationLedger.invitationId} = ${atlasId})`,
      ),
    )
    .orderBy(desc(invitationLedger.createdAt))
    .limit(1);
  return row ?? null;
}

async function addEvent(
  db: Db,
  row: Pick<LedgerRow, "id" | "orgId" | "email">,
  from: LedgerStatus | null,
  to: LedgerStatus | null,
  ev: EventInput,
): Promise<void> {
  await db.insert(invitationLedgerEvents).values({
    ledgerId: row.id,
    orgId: row.orgId,
    email: row.email,
    kind: ev.kind,
    fromStatus: from,
    toStatus: to,
    auditId: ev.auditId ?? null,
    actorUserId: ev.actor?.userId ?? null,
    actorEmail: ev.actor?.email ?? null,
    detail: ev.detail ?? null,
  });
}

/**
 * Records a pending invitation: updates the pending row for its key (Atlas ids, grants, expiry, last seen) or
 * inserts one with a "created" / "discovered" event. Safe under races: the partial unique index keeps one
 * pending row per key, and a lost insert race falls back to the update.
 */
export async function recordPending(
  db: Db,
  input: LedgerInvitationInput,
  ev: EventInput & { createdBy?: LedgerActor },
): Promise<LedgerRow> {
  const now = new Date();
  const email = input.email.toLowerCase();
  const values = {
    connectionId: input.connectionId,
    grants: input.grants,
    invitationId: input.invitationId ?? null,
    userId: input.userId ?? null,
    inviter: input.inviter ?? null,
    atlasCreatedAt: input.atlasCreatedAt ?? null,
    expiresAt: input.expiresAt ?? null,
    lastSeenAt: now,
    updatedAt: now,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await findPending(db, { ...input, email });
    if (existing) {
      const merged = {
        ...values,
        invitationId: values.invitationId ?? existing.invitationId,
        userId: values.userId ?? existing.userId,
        inviter: values.inviter ?? existing.inviter,
        atlasCreatedAt: values.atlasCreatedAt ?? existing.atlasCreatedAt,
        expiresAt: values.expiresAt ?? existing.expiresAt,
        // The sync may have found the console's own create first: the console user still made it.
        createdByUserId: existing.createdByUserId ?? ev.createdBy?.userId ?? null,
        createdByEmail: existing.createdByEmail ?? ev.createdBy?.email ?? null,
      };
      const [row] = await db
        .update(invitationLedger)
        .set(merged)
        .where(eq(invitationLedger.id, existing.id))
        .returning();
      return row!;
    }
    const id = randomUUID();
    const inserted = await db
      .insert(invitationLedger)
      .values({
        id,
        orgId: input.orgId,
        email,
        source: input.source,
        projectId: input.projectId ?? "",
        status: "pending",
        statusChangedAt: now,
        createdByUserId: ev.createdBy?.userId ?? null,
        createdByEmail: ev.createdBy?.email ?? null,
        ...values,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted[0]) {
      await addEvent(db, inserted[0], null, "pending", ev);
      return inserted[0];
    }
  }
  throw new Error("ledger: could not record the pending invitation");
}

/**
 * Moves a row to another status with one event. Answers false (and writes nothing) when the row is no longer
 * in `from` — another instance or request got there first.
 */
export async function transition(
  db: Db,
  row: Pick<LedgerRow, "id" | "orgId" | "email" | "status">,
  to: LedgerStatus,
  ev: EventInput & { supersededBy?: string | null; at?: Date },
): Promise<boolean> {
  const now = ev.at ?? new Date();
  const updated = await db
    .update(invitationLedger)
    .set({
      status: to,
      statusChangedAt: now,
      updatedAt: new Date(),
      ...(ev.supersededBy !== undefined ? { supersededBy: ev.supersededBy } : {}),
    })
    .where(and(eq(invitationLedger.id, row.id), eq(invitationLedger.status, row.status)))
    .returning({ id: invitationLedger.id });
  if (updated.length === 0) return false;
  await addEvent(db, row, row.status, to, ev);
  return true;
}

/** An event that does not change the status (edited, renew_started, ...). */
export async function recordEvent(
  db: Db,
  row: Pick<LedgerRow, "id" | "orgId" | "email" | "status">,
  ev: EventInput,
): Promise<void> {
  await addEvent(db, row, row.status, row.status, ev);
}

export async function updateGrants(db: Db, id: string, grants: Grants): Promise<void> {
  await db.update(invitationLedger).set({ grants, updatedAt: new Date() }).where(eq(invitationLedger.id, id));
}

export async function setPendingOperation(
  db: Db,
  id: string,
  op: LedgerPendingOperation | null,
): Promise<void> {
  await db
    .update(invitationLedger)
    .set({ pendingOperation: op, updatedAt: new Date() })
    .where(eq(invitationLedger.id, id));
}

/** Rows of an org in one status, newest change first; the newest `limit` of them when it is given. */
export async function listLedger(
  db: Db,
  orgId: string,
  status: LedgerStatus,
  limit?: number,
): Promise<LedgerRow[]> {
  const q = db
    .select()
    .from(invitationLedger)
    .where(and(eq(invitationLedger.orgId, orgId), eq(invitationLedger.status, status)))
    .orderBy(desc(invitationLedger.statusChangedAt), desc(invitationLedger.id));
  return limit === undefined ? q : q.limit(limit);
}

/** How many rows of an org are in each status. */
export async function countLedger(db: Db, orgId: string): Promise<Record<LedgerStatus, number>> {
  const rows = await db
    .select({ status: invitationLedger.status, n: sql<number>`count(*)::int` })
    .from(invitationLedger)
    .where(eq(invitationLedger.orgId, orgId))
    .groupBy(invitationLedger.status);
  const out = { pending: 0, accepted: 0, expired: 0, rejected: 0, cancelled: 0, superseded: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** Every row and event of one person in an org, oldest first: the person's timeline. */
export async function personHistory(
  db: Db,
  orgId: string,
  email: string,
): Promise<{ rows: LedgerRow[]; events: LedgerEventRow[] }> {
  const e = email.toLowerCase();
  const rows = await db
    .select()
    .from(invitationLedger)
    .where(and(eq(invitationLedger.orgId, orgId), eq(invitationLedger.email, e)))
    .orderBy(asc(invitationLedger.createdAt));
  const events = await db
    .select()
    .from(invitationLedgerEvents)
    .where(and(eq(invitationLedgerEvents.orgId, orgId), eq(invitationLedgerEvents.email, e)))
    .orderBy(asc(invitationLedgerEvents.seq));
  return { rows, events };
}

/** Links a row to the one that replaced it (renew: written once the replacement's row exists). */
export async function setSupersededBy(db: Db, id: string, supersededBy: string): Promise<void> {
  await db
    .update(invitationLedger)
    .set({ supersededBy, updatedAt: new Date() })
    .where(eq(invitationLedger.id, id));
}

/**
 * Sets a pending operation only when the row has none: answers false when another request already started
 * one (a renew running, or half-done and waiting for its finish).
 */
export async function claimPendingOperation(
  db: Db,
  id: string,
  op: LedgerPendingOperation,
): Promise<boolean> {
  const rows = await db
    .update(invitationLedger)
    .set({ pendingOperation: op, updatedAt: new Date() })
    .where(and(eq(invitationLedger.id, id), sql`${invitationLedger.pendingOperation} is null`))
    .returning({ id: invitationLedger.id });
  return rows.length > 0;
}

/** Pending rows of an org with a renew or migration that stopped before its last step, oldest first. */
export async function listUnfinishedOperations(db: Db, orgId: string): Promise<LedgerRow[]> {
  return db
    .select()
    .from(invitationLedger)
    .where(
      and(
        eq(invitationLedger.orgId, orgId),
        eq(invitationLedger.status, "pending"),
        sql`${invitationLedger.pendingOperation} is not null`,
        sql`${invitationLedger.pendingOperation}->>'step' <> 'created'`,
      ),
    )
    .orderBy(asc(invitationLedger.updatedAt));
}

/**
 * Replaces a row's pending operation only if it is still the one that names `auditId`: of two requests that
 * would finish the same half-done renew, one wins.
 */
export async function replacePendingOperation(
  db: Db,
  id: string,
  auditId: string | null,
  op: LedgerPendingOperation,
): Promise<boolean> {
  const rows = await db
    .update(invitationLedger)
    .set({ pendingOperation: op, updatedAt: new Date() })
    .where(
      and(
        eq(invitationLedger.id, id),
        eq(invitationLedger.status, "pending"),
        auditId === null
          ? sql`${invitationLedger.pendingOperation}->>'auditId' is null`
          : sql`${invitationLedger.pendingOperation}->>'auditId' = ${auditId}`,
      ),
    )
    .returning({ id: invitationLedger.id });
  return rows.length > 0;
}

/** The filter of listLedgerSince and countLedgerSince. */
const enteredSince = (orgId: string, status: LedgerStatus, since: Date) =>
  and(
    eq(invitationLedger.orgId, orgId),
    eq(invitationLedger.status, status),
    gte(invitationLedger.statusChangedAt, since),
  );

/**
 * Rows of an org that entered `status` at or after `since`, newest change first (the Accepted tab: recently);
 * the newest `limit` of them when it is given.
 */
export async function listLedgerSince(
  db: Db,
  orgId: string,
  status: LedgerStatus,
  since: Date,
  limit?: number,
): Promise<LedgerRow[]> {
  const q = db
    .select()
    .from(invitationLedger)
    .where(enteredSince(orgId, status, since))
    .orderBy(desc(invitationLedger.statusChangedAt), desc(invitationLedger.id));
  return limit === undefined ? q : q.limit(limit);
}

/** How many rows of an org entered `status` at or after `since`. */
export async function countLedgerSince(
  db: Db,
  orgId: string,
  status: LedgerStatus,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invitationLedger)
    .where(enteredSince(orgId, status, since));
  return Number(row?.n ?? 0);
}

/**
 * Records an invitation Atlas shows as already closed (expired or rejected) that the ledger never saw
 * pending. The id is derived from the Atlas id and status, so that two instances (or two runs) recording the
 * same person write one row and one event.
 */
export async function recordClosed(
  db: Db,
  input: LedgerInvitationInput & { userId: string },
  status: Extract<LedgerStatus, "expired" | "rejected">,
  ev: EventInput & { at?: Date },
): Promise<LedgerRow | null> {
  const now = new Date();
  const [row] = await db
    .insert(invitationLedger)
    .values({
      id: closedLedgerId(input.orgId, input.userId, status),
      connectionId: input.connectionId,
      orgId: input.orgId,
      email: input.email.toLowerCase(),
      source: input.source,
      projectId: input.projectId ?? "",
      status,
      grants: input.grants,
      invitationId: input.invitationId ?? null,
      userId: input.userId,
      inviter: input.inviter ?? null,
      atlasCreatedAt: input.atlasCreatedAt ?? null,
      expiresAt: input.expiresAt ?? null,
      statusChangedAt: ev.at ?? now,
      lastSeenAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await addEvent(db, row, null, status, ev);
  return row;
}

/** Fills in the users-API id of a row that was recorded without it (a legacy org invitation). */
export async function setLedgerUserId(db: Db, id: string, userId: string): Promise<void> {
  await db
    .update(invitationLedger)
    .set({ userId, updatedAt: new Date() })
    .where(and(eq(invitationLedger.id, id), sql`${invitationLedger.userId} is null`));
}
