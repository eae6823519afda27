import "server-only";
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, OUTBOX_STATUSES } from "../../../schemas/notifications";
import { user } from "./auth";

/** Each console user's notification choices; no row = the defaults (digest on). */
export const notificationPreferences = pgTable("notification_preferences", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  digest: boolean("digest").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * The digest's watermark per org: the last invitation_ledger_events.seq a digest reported and the day it
 * was built, so that each event is reported once and each day has one digest (lib/server/notifications/digest.ts).
 */
export const notificationDigestState = pgTable("notification_digest_state", {
  orgId: text("org_id").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
  /** YYYY-MM-DD (UTC) of the last digest built. */
  lastDay: text("last_day"),
  lastRunAt: timestamp("last_run_at", { withTimezone: true, mode: "date" }),
});

/**
 * Every notification to deliver, one row per (what, recipient): `key` is unique (for a digest
 * "digest:<day>:<org>:<recipient>"), so two instances building the same digest write one row, and a send job
 * claims a row before delivering it, so it goes out once.
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: text("id").primaryKey(),
    key: text("key").notNull().unique(),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    channel: text("channel", { enum: NOTIFICATION_CHANNELS }).notNull(),
    orgId: text("org_id"),
    /** An e-mail address, or the webhook URL's host. */
    recipient: text("recipient").notNull(),
    recipientUserId: text("recipient_user_id"),
    subject: text("subject").notNull(),
    /** The e-mail text, or null when the body is not kept (set-password links). */
    bodyText: text("body_text"),
    /** The webhook's JSON body. */
    payload: jsonb("payload"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("notification_outbox_created_idx").on(t.createdAt),
    index("notification_outbox_open_idx")
      .on(t.status)
      .where(sql`${t.status} <> 'sent'`),
  ],
);
export type OutboxRow = typeof notificationOutbox.$inferSelect;
