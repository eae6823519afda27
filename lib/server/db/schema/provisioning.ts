import "server-only";
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { Grants } from "@/lib/schemas/grants";

// Provisioning from the identity provider (docs/provisioning.md): a SCIM 2.0 service provider at /scim/v2.
// The directory's users and groups are kept here as the IdP sent them; what Atlas should have follows from them
// (lib/server/provisioning/reconcile.ts) and is sent by the job layer within the org's Atlas budget.

/** One org's provisioning token per identity provider. Only the SHA-256 of the secret is stored. */
export const provisioningTokens = pgTable(
  "provisioning_tokens",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdByUserId: text("created_by_user_id"),
    createdByEmail: text("created_by_email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    lastUsedIp: text("last_used_ip"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: text("revoked_by"),
  },
  (t) => [
    uniqueIndex("provisioning_tokens_hash_idx").on(t.tokenHash),
    index("provisioning_tokens_org_idx").on(t.orgId, t.createdAt),
    uniqueIndex("provisioning_tokens_live_name_idx")
      .on(t.orgId, sql`lower(${t.name})`)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/**
 * An org's provisioning settings, and the lease of the one worker that sends its directory changes to Atlas
 * (one at a time per org, on any instance: `lease_owner` / `lease_until`, as bulk runs hold theirs).
 */
export const provisioningOrgs = pgTable("provisioning_orgs", {
  orgId: text("org_id").primaryKey(),
  /** What a deactivated person who is already a member loses: `never` (listed), `approval`, `always`. */
  deprovision: text("deprovision", { enum: ["never", "approval", "always"] })
    .notNull()
    .default("never"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text("updated_by"),
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  /** Not before this time (Atlas's Retry-After, or the pace that keeps a reserve of the bucket). */
  nextSendAt: timestamp("next_send_at", { withTimezone: true }),
});

/** A directory group name (lower case) mapped to one of the org's presets. */
export const provisioningGroupMaps = pgTable(
  "provisioning_group_maps",
  {
    orgId: text("org_id").notNull(),
    groupName: text("group_name").notNull(),
    groupNameLower: text("group_name_lower").notNull(),
    presetId: text("preset_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.groupNameLower] })],
);

/** What the console last did in Atlas for one directory user (null: nothing yet). */
export type ScimAtlasState =
  "none" | "queued" | "pending" | "member" | "cancelled" | "removed" | "held" | "refused" | "failed";

/**
 * A directory user. `active` and `deleted_at` are what the IdP said; `atlas_state`, `invitation_id`,
 * `atlas_user_id`, `sent_email` and `sent_grants` are what Atlas has from the console. `dirty_at` set means
 * the worker has something to do for this user (set with each change, cleared when Atlas matches it).
 * `sending_at` is set before an Atlas create may be called and cleared after its answer is recorded: a row
 * found with it set after a crash is settled by reading Atlas first, so nobody is invited twice.
 */
export const scimUsers = pgTable(
  "scim_users",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    userName: text("user_name").notNull(),
    externalId: text("external_id"),
    displayName: text("display_name"),
    active: boolean("active").notNull().default(true),
    /** The resource as stored (name, emails, title, …) without id, meta, userName, externalId or active. */
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    /** SCIM DELETE: reads answer 404 from then on; the row stays until Atlas has followed. */
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdByTokenId: text("created_by_token_id"),
    atlasState: text("atlas_state").$type<ScimAtlasState>().notNull().default("none"),
    atlasMessage: text("atlas_message"),
    invitationId: text("invitation_id"),
    invitationSource: text("invitation_source"),
    atlasUserId: text("atlas_user_id"),
    sentEmail: text("sent_email"),
    sentGrants: jsonb("sent_grants").$type<Grants | null>(),
    approvalId: text("approval_id"),
    /** An admin should look: `left` (deactivated, still a member), `roles` (groups ask other roles), …. */
    attention: text("attention"),
    attentionDetail: text("attention_detail"),
    /** Set with each change Atlas must follow, cleared by the worker once it has: the worker's queue. */
    dirtyAt: timestamp("dirty_at", { withTimezone: true }),
    sendingAt: timestamp("sending_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
  },
  (t) => [
    uniqueIndex("scim_users_name_idx")
      .on(t.orgId, sql`lower(${t.userName})`)
      .where(sql`${t.deletedAt} is null`),
    index("scim_users_external_idx").on(t.orgId, t.externalId),
    index("scim_users_dirty_idx")
      .on(t.orgId, t.dirtyAt)
      .where(sql`${t.dirtyAt} is not null`),
  ],
);

export const scimGroups = pgTable(
  "scim_groups",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    displayName: text("display_name").notNull(),
    externalId: text("external_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("scim_groups_name_idx").on(t.orgId, sql`lower(${t.displayName})`)],
);

export const scimGroupMembers = pgTable(
  "scim_group_members",
  {
    groupId: text("group_id")
      .notNull()
      .references(() => scimGroups.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => scimUsers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("scim_group_members_user_idx").on(t.userId)],
);

/** Recent SCIM requests per org, for the Provisioning page (the newest few hundred are kept). */
export const scimRequests = pgTable(
  "scim_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: text("org_id").notNull(),
    tokenId: text("token_id"),
    tokenName: text("token_name"),
    method: text("method").notNull(),
    path: text("path").notNull(),
    status: integer("status").notNull(),
    /** What happened, in words ("created alice@example.com; invitation queued"), or the SCIM error detail. */
    outcome: text("outcome"),
    ms: integer("ms").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("scim_requests_org_idx").on(t.orgId, t.id)],
);

export type ProvisioningTokenRow = typeof provisioningTokens.$inferSelect;
export type ProvisioningOrgRow = typeof provisioningOrgs.$inferSelect;
export type ScimUserRow = typeof scimUsers.$inferSelect;
export type ScimGroupRow = typeof scimGroups.$inferSelect;
