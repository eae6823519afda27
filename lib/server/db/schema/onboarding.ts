import "server-only";
import { sql } from "drizzle-orm";
import {
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
import type { Grants } from "../../../schemas/grants";
import {
  APPROVAL_STATUSES,
  BULK_KINDS,
  BULK_PLAN_BUCKETS,
  BULK_ROW_STATES,
  BULK_RUN_STATUSES,
  OUTSIDE_DOMAIN_POLICIES,
} from "../../../schemas/onboarding";

// Onboarding at scale (docs/bulk.md): presets, the org's guardrails, the approval queue, and bulk runs with one
// row per CSV line or selected invitation. A bulk row is the unit of work of the bulk job
// (lib/server/jobs/bulk-run.ts): its state says whether Atlas may have been called for it.

/** A named set of grants per org ("Data engineer"); at most one default per org. */
export const orgPresets = pgTable(
  "org_presets",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    grants: jsonb("grants").$type<Grants>().notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdByEmail: text("created_by_email"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("org_presets_name_uq").on(t.orgId, sql`lower(${t.name})`),
    uniqueIndex("org_presets_default_uq")
      .on(t.orgId)
      .where(sql`${t.isDefault}`),
  ],
);
export type PresetRow = typeof orgPresets.$inferSelect;

/** The org's guardrails; no row = the defaults (any domain, no second approver). */
export const orgPolicies = pgTable("org_policies", {
  orgId: text("org_id").primaryKey(),
  /** Lower-cased domains ("example.com"); empty = any. */
  allowedDomains: jsonb("allowed_domains").$type<string[]>().notNull().default([]),
  outsideDomains: text("outside_domains", { enum: OUTSIDE_DOMAIN_POLICIES }).notNull().default("refuse"),
  /** Org roles (and project roles) that need a second approver; empty = none. */
  approvalRoles: jsonb("approval_roles").$type<string[]>().notNull().default([]),
  approvalExpiresHours: integer("approval_expires_hours").notNull().default(72),
  updatedByEmail: text("updated_by_email"),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
export type PolicyRow = typeof orgPolicies.$inferSelect;

/** An invitation held for a second admin's decision (privileged grants, an address outside the domains). */
export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    email: text("email").notNull(),
    grants: jsonb("grants").$type<Grants>().notNull(),
    /** Why it needs approval, in words ("grants Organization Owner", "outside the allowed domains"). */
    reasons: jsonb("reasons").$type<string[]>().notNull(),
    status: text("status", { enum: APPROVAL_STATUSES }).notNull().default("pending"),
    requestedByUserId: text("requested_by_user_id").notNull(),
    requestedByEmail: text("requested_by_email").notNull(),
    requestReason: text("request_reason").notNull().default(""),
    decidedByUserId: text("decided_by_user_id"),
    decidedByEmail: text("decided_by_email"),
    decisionReason: text("decision_reason"),
    /** The Atlas outcome once approved and sent: invitation id, or the error. */
    result: jsonb("result"),
    /** The bulk row that asked, when a run did. */
    bulkRunId: text("bulk_run_id"),
    bulkLine: integer("bulk_line"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("approval_requests_org_status_idx").on(t.orgId, t.status, t.createdAt),
    uniqueIndex("approval_requests_pending_uq")
      .on(t.orgId, t.email)
      .where(sql`${t.status} = 'pending'`),
  ],
);
export type ApprovalRow = typeof approvalRequests.$inferSelect;

/** One bulk run: a CSV import or a bulk action over selected invitations. */
export const bulkRuns = pgTable(
  "bulk_runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    kind: text("kind", { enum: BULK_KINDS }).notNull(),
    status: text("status", { enum: BULK_RUN_STATUSES }).notNull(),
    /** The file's name or "pasted". */
    label: text("label").notNull().default(""),
    /** The original header line, in order (the results CSV repeats it). */
    headers: jsonb("headers").$type<string[]>().notNull().default([]),
    /** What the run applies besides the rows: defaults, column mapping, the presets' snapshot, the action. */
    options: jsonb("options").$type<Record<string, unknown>>().notNull().default({}),
    total: integer("total").notNull().default(0),
    /** The run this one retries (failed rows of a finished run). */
    parentRunId: text("parent_run_id"),
    createdByUserId: text("created_by_user_id").notNull(),
    createdByEmail: text("created_by_email").notNull(),
    createdByRole: text("created_by_role").notNull(),
    /** The API token the run was started with (its rows are audited as "<person> via token '<name>'"). */
    createdByTokenId: text("created_by_token_id"),
    createdByTokenName: text("created_by_token_name"),
    /** The instance working it and until when its claim holds (renewed while it works). */
    leaseOwner: text("lease_owner"),
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    /** No Atlas call before this (a Retry-After, or the budget's pace). */
    nextSendAt: timestamp("next_send_at", { withTimezone: true, mode: "date" }),
    /** The last Ratelimit-Limit / Ratelimit-Remaining Atlas sent for the create endpoint. */
    rateLimit: integer("rate_limit"),
    rateRemaining: integer("rate_remaining"),
    rate429s: integer("rate_429s").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("bulk_runs_org_idx").on(t.orgId, t.createdAt),
    // One running import per org.
    uniqueIndex("bulk_runs_active_uq")
      .on(t.orgId)
      .where(sql`${t.status} in ('running', 'paused', 'pausing', 'cancelling')`),
  ],
);
export type BulkRunRow = typeof bulkRuns.$inferSelect;

export const bulkRows = pgTable(
  "bulk_rows",
  {
    runId: text("run_id")
      .notNull()
      .references(() => bulkRuns.id, { onDelete: "cascade" }),
    /** The data line (1 = the first line after the header). */
    line: integer("line").notNull(),
    /** The line's cells by original header. */
    original: jsonb("original").$type<Record<string, string>>().notNull(),
    email: text("email").notNull(),
    grants: jsonb("grants").$type<Grants | null>(),
    /** For bulk actions: the invitation acted on. */
    target: jsonb("target").$type<Record<string, string> | null>(),
    bucket: text("bucket", { enum: BULK_PLAN_BUCKETS }).notNull(),
    field: text("field"),
    reason: text("reason"),
    state: text("state", { enum: BULK_ROW_STATES }).notNull(),
    /** The outcome in one word (invited, already_member, rate_limited, ...). */
    outcome: text("outcome"),
    message: text("message"),
    atlasErrorCode: text("atlas_error_code"),
    httpStatus: integer("http_status"),
    invitationId: text("invitation_id"),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.line] }),
    index("bulk_rows_state_idx").on(t.runId, t.state, t.line),
  ],
);
export type BulkRowRow = typeof bulkRows.$inferSelect;
