import "server-only";
import { boolean, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The per-account sign-in limit (lib/server/auth/sign-in-limit.ts): one row per e-mail, its window's start and
 * the attempts reserved in it. An attempt is reserved by one atomic upsert BEFORE the password is checked, so
 * parallel attempts, in one process or several on PostgreSQL, cannot all pass the check.
 */
export const signInAttempts = pgTable("sign_in_attempts", {
  email: text("email").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
  attempts: integer("attempts").notNull(),
});

/**
 * Refused requests (no session, wrong role) counted per caller (address, and user when signed in) and minute
 * (lib/server/auth/refusals.ts): the first of a minute writes an audit row at once, the rest only count here,
 * and once the minute is over one more row says how many there were (`summarised` marks that it is written).
 * A flood of anonymous calls thus adds at most two audit rows per address and minute.
 */
export const refusalTallies = pgTable(
  "refusal_tallies",
  {
    ip: text("ip").notNull(),
    /** The signed-in user refused, or "" for anonymous callers. */
    userId: text("user_id").notNull().default(""),
    minute: timestamp("minute", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull(),
    auditId: text("audit_id"),
    summarised: boolean("summarised").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.ip, t.userId, t.minute] })],
);
