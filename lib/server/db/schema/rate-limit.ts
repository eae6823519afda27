import "server-only";
import { bigint, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * better-auth's request rate limit (the `rateLimit` model; lib/server/auth/config.ts) on PostgreSQL: one row
 * per caller address and endpoint rule. In the database, not in each process's memory, so that several
 * instances behind one proxy share one limit (30 sign-ins a minute per address, not 30 per instance);
 * better-auth counts with conditional updates, which stay atomic across instances.
 */
export const rateLimit = pgTable("auth_rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});
