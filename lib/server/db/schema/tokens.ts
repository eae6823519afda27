import "server-only";
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ROLES as CONSOLE_ROLES } from "../../../permissions";
import { user } from "./auth";

/**
 * Personal API tokens (docs/api.md). Only the SHA-256 of the secret is stored (`token_hash`, unique: the
 * lookup of a bearer request); `prefix` is the secret's first characters, for people to recognise a token.
 * `role` null means "the owner's role, whatever it becomes"; either way a request carries at most the owner's
 * role at that moment. `org_ids` null means every org.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    role: text("role", { enum: CONSOLE_ROLES }),
    orgIds: jsonb("org_ids").$type<string[] | null>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    lastUsedIp: text("last_used_ip"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by"),
    /** When the digest last told the owner that this token expires within a week. */
    expiryNoticeAt: timestamp("expiry_notice_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_tokens_hash_idx").on(t.tokenHash),
    index("api_tokens_user_idx").on(t.userId, t.createdAt),
    // One live token per owner and name: "hr-sync" names one thing in the audit log.
    uniqueIndex("api_tokens_live_name_idx")
      .on(t.userId, sql`lower(${t.name})`)
      .where(sql`${t.revokedAt} is null`),
  ],
);
