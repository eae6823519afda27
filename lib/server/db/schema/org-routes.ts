import "server-only";
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Which Atlas connection serves each org (docs/connections.md, "Which connection serves an org"). One row per
 * org; `connection_id` is a stored connection's id or "env" (the connection from ATLAS_* variables, which has
 * no row), so it is not a foreign key: a deleted connection leaves its routes behind, and the org then shows
 * "no working connection serves this org" until an admin chooses another one.
 */
export const orgRoutes = pgTable("org_routes", {
  orgId: text("org_id").primaryKey(),
  /** The org's name when the route was chosen: shown while no connection can list it. */
  orgName: text("org_name").notNull(),
  connectionId: text("connection_id").notNull(),
  /** The admin who chose it; null when the console recorded the first working owner itself. */
  chosenByUserId: text("chosen_by_user_id"),
  chosenByEmail: text("chosen_by_email"),
  chosenAt: timestamp("chosen_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type OrgRouteRow = typeof orgRoutes.$inferSelect;
