import "server-only";
import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** The last sync of each org's ledger with Atlas (lib/server/ledger/sync.ts): shown on the page, read by tests. */
export const ledgerSyncState = pgTable("ledger_sync_state", {
  orgId: text("org_id").primaryKey(),
  connectionId: text("connection_id"),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true, mode: "date" }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true, mode: "date" }),
  /** The last run that read everything it meant to. */
  lastOkAt: timestamp("last_ok_at", { withTimezone: true, mode: "date" }),
  /** Why the last run failed or stopped early (a short, safe text: no secrets, no bodies). */
  lastError: text("last_error"),
  /** What the last run changed: { discovered, accepted, expired, rejected, cancelled, refreshed }. */
  counts: jsonb("counts").$type<Record<string, number>>(),
  /** Runs started, ever: each scheduled tick must add exactly one per org, whatever the number of instances. */
  runs: integer("runs").notNull().default(0),
});
export type LedgerSyncStateRow = typeof ledgerSyncState.$inferSelect;
