import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type {
  NotificationChannel,
  NotificationKind,
  OutboxRowView,
  OutboxStatus,
} from "@/lib/schemas/notifications";
import type { Db } from "../db";
import { notificationOutbox } from "../db/schema/notifications";
import type { OutboxRow } from "../db/schema/notifications";
import { env } from "../env";
import { logger } from "../log";
import { DeliveryError, redact, sendEmail, sendWebhook } from "./transports";

// The outbox (lib/server/db/schema/notifications.ts): every notification is a row first, then a send job
// (lib/server/notifications/jobs.ts) per row. The row's unique key makes a notification exist once however
// many instances build it; the claim below makes it go out once however many jobs try to send it.

export interface OutboxInput {
  key: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  orgId?: string | null;
  recipient: string;
  recipientUserId?: string | null;
  subject: string;
  bodyText?: string | null;
  payload?: unknown;
  status?: OutboxStatus;
  lastError?: string | null;
}

/** Inserts a row unless its key exists; answers the new row's id, or null when it was already there. */
export async function addToOutbox(db: Db, input: OutboxInput): Promise<string | null> {
  const id = randomUUID();
  const now = new Date();
  const rows = await db
    .insert(notificationOutbox)
    .values({
      id,
      key: input.key,
      kind: input.kind,
      channel: input.channel,
      orgId: input.orgId ?? null,
      recipient: input.recipient,
      recipientUserId: input.recipientUserId ?? null,
      subject: input.subject,
      bodyText: input.bodyText ?? null,
      payload: input.payload ?? null,
      status: input.status ?? "queued",
      lastError: input.lastError ?? null,
      attempts: input.status === "sent" || input.status === "failed" ? 1 : 0,
      sentAt: input.status === "sent" ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: notificationOutbox.key })
    .returning({ id: notificationOutbox.id });
  return rows[0]?.id ?? null;
}

// A claim older than this is a crashed sender's: the row may be claimed again (docs/notifications.md). A
// delivery gives up long before (NOTIFY_TIMEOUT_MS is at most 2 minutes per step).
export const SEND_LEASE_MS = 10 * 60_000;

/** A row whose sender died mid-delivery: "sending", claimed longer ago than the lease. */
const staleClaim = (now: number) =>
  and(
    eq(notificationOutbox.status, "sending"),
    lt(notificationOutbox.claimedAt, new Date(now - SEND_LEASE_MS)),
  );

/** Whether a "sending" row's claim has run out (an admin may retry it). */
export function isStaleClaim(row: Pick<OutboxRow, "status" | "claimedAt">, now = Date.now()): boolean {
  return (
    row.status === "sending" && (row.claimedAt === null || row.claimedAt.getTime() < now - SEND_LEASE_MS)
  );
}

/** Takes a row for sending: only one caller wins, and never for a row already sent. */
async function claim(db: Db, id: string): Promise<OutboxRow | null> {
  const now = new Date();
  const [row] = await db
    .update(notificationOutbox)
    .set({
      status: "sending",
      claimedAt: now,
      updatedAt: now,
      attempts: sql`${notificationOutbox.attempts} + 1`,
    })
    .where(
      and(
        eq(notificationOutbox.id, id),
        or(inArray(notificationOutbox.status, ["queued", "retrying"]), staleClaim(now.getTime())),
      ),
    )
    .returning();
  return row ?? null;
}

async function deliver(row: OutboxRow): Promise<void> {
  if (row.channel === "webhook") return sendWebhook(row.payload);
  if (row.bodyText === null)
    throw new DeliveryError("This notification's text is not kept; it cannot be sent again.");
  return sendEmail({ to: row.recipient, subject: row.subject, text: row.bodyText });
}

/**
 * Sends one outbox row (the send job's unit of work). A row already sent, or being sent by another instance,
 * is left alone. A failure is stored on the row (retrying, or failed once the retries are spent) and thrown,
 * so that pg-boss retries the job with back-off.
 */
export async function sendOutboxRow(db: Db, id: string): Promise<"sent" | "skipped"> {
  const row = await claim(db, id);
  if (!row) return "skipped";
  try {
    await deliver(row);
  } catch (e) {
    const message =
      typeof e === "object" && e !== null && (e as { delivery?: boolean }).delivery === true
        ? (e as Error).message
        : redact(`Not sent: ${e instanceof Error ? e.message : String(e)}`);
    const spent =
      row.attempts > env().NOTIFY_RETRY_LIMIT || (row.bodyText === null && row.channel === "email");
    await db
      .update(notificationOutbox)
      .set({ status: spent ? "failed" : "retrying", lastError: message, updatedAt: new Date() })
      .where(and(eq(notificationOutbox.id, id), eq(notificationOutbox.status, "sending")));
    logger.warn(
      { outboxId: id, kind: row.kind, attempts: row.attempts, err: message },
      "notification not sent",
    );
    if (spent) return "skipped";
    throw new DeliveryError(message);
  }
  await db
    .update(notificationOutbox)
    .set({ status: "sent", sentAt: new Date(), lastError: null, updatedAt: new Date() })
    .where(eq(notificationOutbox.id, id));
  return "sent";
}

/**
 * An admin's retry: a failed (or stuck) row goes back to the queue with its attempts counted afresh. A row
 * whose sender died mid-delivery (a stale claim) is stuck too.
 */
export async function requeueOutboxRow(db: Db, id: string): Promise<OutboxRow | null> {
  const [row] = await db
    .update(notificationOutbox)
    .set({ status: "queued", attempts: 0, updatedAt: new Date() })
    .where(
      and(
        eq(notificationOutbox.id, id),
        or(inArray(notificationOutbox.status, ["failed", "retrying", "queued"]), staleClaim(Date.now())),
        sql`(${notificationOutbox.bodyText} is not null or ${notificationOutbox.channel} = 'webhook')`,
      ),
    )
    .returning();
  return row ?? null;
}

export async function getOutboxRow(db: Db, id: string): Promise<OutboxRow | null> {
  const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id)).limit(1);
  return row ?? null;
}

/** Rows still to send (queued), oldest first, with those whose sender died: re-queued after a digest. */
export async function unsentOutboxIds(db: Db, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(or(eq(notificationOutbox.status, "queued"), staleClaim(Date.now())))
    .orderBy(notificationOutbox.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

export function outboxView(row: OutboxRow): OutboxRowView {
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    orgId: row.orgId,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    retryable:
      row.status !== "sent" &&
      (row.status !== "sending" || isStaleClaim(row)) &&
      (row.bodyText !== null || row.channel === "webhook"),
  };
}

/** The newest rows, failures first among equals, for the Notifications page. */
export async function recentOutbox(db: Db, limit = 50): Promise<OutboxRow[]> {
  return db.select().from(notificationOutbox).orderBy(desc(notificationOutbox.createdAt)).limit(limit);
}

/** Rows whose sender died mid-delivery (stale claims), for the sweep job to send again. */
export async function staleOutboxIds(db: Db, limit = 500): Promise<string[]> {
  const rows = await db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(staleClaim(Date.now()))
    .orderBy(notificationOutbox.createdAt)
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function countOutbox(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .select({ status: notificationOutbox.status, n: sql<number>`count(*)::int` })
    .from(notificationOutbox)
    .groupBy(notificationOutbox.status);
  const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, retrying: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}
