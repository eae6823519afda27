import "server-only";
import { AUDIT_OUTCOME_VALUES } from "../../../schemas/audit";
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * The tamper-evident part of the audit log: append-only events, each carrying the hash of the one before.
 * An audited action writes an "intent" event before the Atlas call and a "completion" event after it (or
 * one "record" event for one-shot rows), so a crash between the two leaves a visible pending intent.
 * `data` is the canonical JSON text that was hashed (text, not jsonb, so that it reads back byte for byte).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    auditId: text("audit_id").notNull(),
    kind: text("kind", { enum: ["intent", "completion", "record"] }).notNull(),
    data: text("data").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_audit_id_idx").on(t.auditId)],
);

/**
 * The audit rows as the Audit page shows them: the latest state of each audited action, derived from
 * audit_events (and checked against them by `audit verify`).
 */
export const auditRows = pgTable(
  "audit_rows",
  {
    id: text("id").primaryKey(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    userId: text("user_id"),
    userEmail: text("user_email"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    /** The API token the person used (null: a browser session or a job). */
    tokenId: text("token_id"),
    tokenName: text("token_name"),
    action: text("action").notNull(),
    connectionId: text("connection_id"),
    orgId: text("org_id"),
    targetEmail: text("target_email"),
    targetId: text("target_id"),
    grants: jsonb("grants"),
    outcome: text("outcome", { enum: AUDIT_OUTCOME_VALUES }).notNull(),
    atlasStatus: integer("atlas_status"),
    atlasErrorCode: text("atlas_error_code"),
    detail: text("detail"),
  },
  (t) => [
    index("audit_rows_created_at_idx").on(t.createdAt),
    index("audit_rows_action_idx").on(t.action, t.createdAt),
    index("audit_rows_org_idx").on(t.orgId, t.createdAt),
    index("audit_rows_target_id_idx").on(t.orgId, t.targetId),
    index("audit_rows_target_email_idx").on(sql`lower(${t.targetEmail})`),
    index("audit_rows_pending_idx")
      .on(t.createdAt)
      .where(sql`${t.outcome} = 'pending'`),
  ],
);

/**
 * docs/security.md 7: one Atlas create per (org, lower(e-mail)) at a time, and a replayed Idempotency-Key gets
 * the stored answer. The partial unique indexes are the lock: a second insert for the same pending
 * address, or for the same key and address, conflicts.
 */
export const idempotencyRecords = pgTable(
  "idempotency_records",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    email: text("email").notNull(),
    idempotencyKey: text("idempotency_key"),
    state: text("state", { enum: ["pending", "done"] }).notNull(),
    result: jsonb("result"),
    auditId: text("audit_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("idempotency_pending_uq")
      .on(t.orgId, sql`lower(${t.email})`)
      .where(sql`${t.state} = 'pending'`),
    uniqueIndex("idempotency_key_uq")
      .on(t.orgId, t.idempotencyKey, sql`lower(${t.email})`)
      .where(sql`${t.idempotencyKey} is not null`),
    index("idempotency_created_at_idx").on(t.createdAt),
  ],
);
