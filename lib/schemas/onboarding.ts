// The enums of onboarding at scale (bulk runs, presets, guardrails, approvals): one source each, read by the
// database schema (lib/server/db/schema/onboarding.ts), the services, the routes and the browser.

/** What a bulk run does per row: invite (a CSV import) or one of the bulk actions on selected invitations. */
export const BULK_KINDS = [
  "import",
  "cancel",
  "renew",
  "reinvite",
  "add_team",
  "add_project_role",
  "apply_preset",
] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

/**
 * A run's life: `planned` (previewed, a dry run: nothing sent), `running`, `pausing` (the row in flight
 * finishes, no new one starts), `paused`, `cancelling` (likewise, then the rest are cancelled), and the ends.
 */
export const BULK_RUN_STATUSES = [
  "planned",
  "running",
  "pausing",
  "paused",
  "cancelling",
  "cancelled",
  "done",
] as const;
export type BulkRunStatus = (typeof BULK_RUN_STATUSES)[number];

/** What the plan says of a row: each row is in exactly one bucket. */
export const BULK_PLAN_BUCKETS = [
  "ready",
  "invalid",
  "duplicate",
  "already_member",
  "already_invited",
  "blocked",
  "needs_approval",
] as const;
export type BulkPlanBucket = (typeof BULK_PLAN_BUCKETS)[number];

export const BULK_PLAN_BUCKET_LABELS: Record<BulkPlanBucket, string> = {
  ready: "Ready",
  invalid: "Invalid",
  duplicate: "Duplicate in the file",
  already_member: "Already a member",
  already_invited: "Already invited",
  blocked: "Blocked by policy",
  needs_approval: "Needs approval",
};

/**
 * Where a row stands in a run: `skipped` (its bucket is not ready: nothing to send), `planned` (to send),
 * `sending` (Atlas may have been called: settled by reading Atlas before any resend), `done`, `failed`,
 * `cancelled` (never sent), `held` (an approval request was made for it).
 */
export const BULK_ROW_STATES = [
  "skipped",
  "planned",
  "sending",
  "done",
  "failed",
  "cancelled",
  "held",
] as const;
export type BulkRowState = (typeof BULK_ROW_STATES)[number];

/** What happens to an address outside the org's allowed domains. */
export const OUTSIDE_DOMAIN_POLICIES = ["refuse", "approval"] as const;
export type OutsideDomainPolicy = (typeof OUTSIDE_DOMAIN_POLICIES)[number];

/** An approval request's life: `sent` once approved and Atlas accepted it, `failed` when Atlas refused. */
export const APPROVAL_STATUSES = ["pending", "approved", "denied", "expired", "sent", "failed"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** The most data lines one import takes. */
export const MAX_BULK_ROWS = 5_000;
