import "server-only";
import { sql } from "drizzle-orm";
import { jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { ConnectionTest, OrgSeen } from "@/lib/schemas/connections";
import { INVITES_APIS } from "../../../schemas/connections";

/**
 * Stored Atlas connections. The client secret is kept only as AES-256-GCM ciphertext bound to this row
 * and column (lib/server/crypto); `secret_key_id` repeats the key id for `keys rotate` and for operators.
 */
export const atlasConnections = pgTable(
  "atlas_connections",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    baseUrl: text("base_url").notNull(),
    clientId: text("client_id").notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    secretKeyId: text("secret_key_id").notNull(),
    secretLast4: text("secret_last4").notNull(),
    invitesApi: text("invites_api", { enum: INVITES_APIS }).notNull().default("users"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    secretRotatedAt: timestamp("secret_rotated_at", { withTimezone: true, mode: "date" }),
    lastTestAt: timestamp("last_test_at", { withTimezone: true, mode: "date" }),
    lastTest: jsonb("last_test").$type<ConnectionTest>(),
    /**
     * Orgs the service account saw at its last successful listing (the org switcher's cache), each with its role
     * there when a test or an owner probe found it out (routing never picks a connection known to lack Owner).
     */
    orgsSeen: jsonb("orgs_seen").$type<OrgSeen[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex("atlas_connections_name_key").on(t.name),
    // One connection per service account, whatever the case: two saves at the same moment cannot both pass
    // the check in lib/server/connections/repository.ts, so the database holds the rule too.
    uniqueIndex("atlas_connections_client_id_key").on(sql`lower(${t.clientId})`),
  ],
);

export type AtlasConnectionRow = typeof atlasConnections.$inferSelect;
