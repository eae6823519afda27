import "server-only";
import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** What one sync run found and did (lib/server/ledger/sync.ts). */
export interface LedgerSyncCounts {
  /** Atlas calls made by the run. */
  atlasCalls: number;
  /** Pending invitations Atlas listed (org and project). */
  pendingSeen: number;
  discovered: number;
  accepted: number;
  expired: number;
  rejected: number;
  cancelledInAtlas: number;
}

/**
 * The invitation ledger's sync, per org: when it last ran, how it ended and what it changed. `runs` counts
 * started runs (a scheduled tick across instances must add exactly one per org).
 */
export const ledgerSyncState = pgTable("ledger_sync_state", {
  orgId: text("org_id").primaryKey(),
  connectionId: text("connection_id"),
  runs: integer("runs").notNull().default(0),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true, mode: "date" }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true, mode: "date" }),
  /** The last run that read everything it needed and recorded it. */
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true, mode: "date" }),
  /** Why the last run stopped early (null when it finished). */
  lastError: text("last_error"),
  /** When the last run stopped on a 429: not before this instant. */
  retryAfterAt: timestamp("retry_after_at", { withTimezone: true, mode: "date" }),
  lastCounts: jsonb("last_counts").$type<LedgerSyncCounts>(),
  /** The lowest Ratelimit-Remaining Atlas sent during the last run. */
  lowestRateLimitRemaining: integer("lowest_ratelimit_remaining"),
});
export type LedgerSyncStateRow = typeof ledgerSyncState.$inferSelect;
