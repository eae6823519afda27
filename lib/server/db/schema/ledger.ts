import "server-only";
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { INVITATION_SOURCES } from "../../../schemas/invitations";
import { LEDGER_EVENT_KINDS, LEDGER_STATUSES } from "../../../schemas/ledger";
import type { Grants } from "../../../schemas/grants";
import type { LedgerPendingOperation } from "../../../schemas/ledger";

/**
 * The invitation ledger (lib/server/ledger): one row per Atlas invitation the console has known, whatever
 * became of it. Atlas forgets cancelled invitations and the legacy list shows only pending ones; this keeps
 * them. Looked up by (connection, org, e-mail); at most one pending row per (org, e-mail, source, project).
 */
export const invitationLedger = pgTable(
  "invitation_ledger",
  {
    id: text("id").primaryKey(),
    /** The connection that created or last saw it ("env" for the ATLAS_* connection). */
    connectionId: text("connection_id").notNull(),
    orgId: text("org_id").notNull(),
    /** Lower-cased. */
    email: text("email").notNull(),
    source: text("source", { enum: INVITATION_SOURCES }).notNull(),
    /** The project of a legacy project invitation; "" for org invitations (so the unique index can use it). */
    projectId: text("project_id").notNull().default(""),
    status: text("status", { enum: LEDGER_STATUSES }).notNull(),
    grants: jsonb("grants").$type<Grants>().notNull(),
    /** Legacy invitation id (org or project). */
    invitationId: text("invitation_id"),
    /** Users-API user id. */
    userId: text("user_id"),
    /** Atlas's inviterUsername. */
    inviter: text("inviter"),
    /** The console user who created it, when the console did. */
    createdByUserId: text("created_by_user_id"),
    createdByEmail: text("created_by_email"),
    atlasCreatedAt: timestamp("atlas_created_at", { withTimezone: true, mode: "date" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true, mode: "date" }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }),
    /** The row that replaced this one (renew, re-invite, migration). */
    supersededBy: text("superseded_by"),
    /** A renew or migration that stopped half-way (lib/schemas/ledger.ts). */
    pendingOperation: jsonb("pending_operation").$type<LedgerPendingOperation>(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("invitation_ledger_org_status_idx").on(t.orgId, t.status, t.statusChangedAt),
    index("invitation_ledger_email_idx").on(t.orgId, t.email),
    // "Invited by" walks chains back along supersededBy (lib/server/ledger/attribution.ts): without it each
    // step reads every row of the org.
    index("invitation_ledger_superseded_idx")
      .on(t.orgId, t.supersededBy)
      .where(sql`${t.supersededBy} is not null`),
    uniqueIndex("invitation_ledger_pending_uq")
      .on(t.orgId, t.email, t.source, t.projectId)
      .where(sql`${t.status} = 'pending'`),
  ],
);
export type LedgerRow = typeof invitationLedger.$inferSelect;

/** Every transition of a ledger row, with the audit row and console user behind it when there is one. */
export const invitationLedgerEvents = pgTable(
  "invitation_ledger_events",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    ledgerId: text("ledger_id")
      .notNull()
      .references(() => invitationLedger.id, { onDelete: "cascade" }),
    orgId: text("org_id").notNull(),
    email: text("email").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    kind: text("kind", { enum: LEDGER_EVENT_KINDS }).notNull(),
    fromStatus: text("from_status", { enum: LEDGER_STATUSES }),
    toStatus: text("to_status", { enum: LEDGER_STATUSES }),
    auditId: text("audit_id"),
    /** Console user id and e-mail; null for the sync. */
    actorUserId: text("actor_user_id"),
    actorEmail: text("actor_email"),
    detail: jsonb("detail"),
  },
  (t) => [
    index("invitation_ledger_events_ledger_idx").on(t.ledgerId, t.seq),
    index("invitation_ledger_events_person_idx").on(t.orgId, t.email, t.seq),
  ],
);
export type LedgerEventRow = typeof invitationLedgerEvents.$inferSelect;
