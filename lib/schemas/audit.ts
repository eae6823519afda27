import { z } from "zod";
import { DATE_YEARS_MESSAGE, dateTextSchema, isInDateYears, plainTextSchema } from "./text";

// The Audit page's filters (in its URL) and GET /api/audit's query: one schema for both.
// The one source of audit actions and outcomes: the server types its rows with them, the page filters by them.
export const AUDIT_OUTCOME_VALUES = ["pending", "success", "failure", "refused", "unknown", "noop"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOME_VALUES)[number];

export const AUDIT_ACTIONS = [
  "invitation.created",
  "invitation.reinvited",
  "invitation.cancelled",
  "invitation.updated",
  "invitation.renewed",
  "invitation.migrated",
  "atlas_user.created",
  "auth.signed_in",
  "auth.sign_in_failed",
  "auth.password_verified",
  "auth.two_factor_failed",
  "auth.signed_out",
  "auth.password_changed",
  "auth.two_factor_enabled",
  "auth.two_factor_disabled",
  "auth.recovery_codes_regenerated",
  "auth.session_revoked",
  "token.created",
  "token.revoked",
  "user.created",
  "user.role_changed",
  "user.deactivated",
  "user.reactivated",
  "user.password_link_created",
  "user.two_factor_reset",
  "user.password_link_emailed",
  "connection.created",
  "connection.updated",
  "connection.secret_rotated",
  "connection.deleted",
  "connection.tested",
  "org.route_changed",
  "notification.preference_changed",
  "notification.retried",
  "notification.test_sent",
  "preset.created",
  "preset.updated",
  "preset.deleted",
  "policy.changed",
  "approval.requested",
  "approval.approved",
  "approval.denied",
  "approval.expired",
  "bulk.started",
  "bulk.paused",
  "bulk.resumed",
  "bulk.cancelled",
  "bulk.finished",
  "provisioning.token_created",
  "provisioning.token_revoked",
  "provisioning.settings_changed",
  "provisioning.group_mapped",
  "provisioning.group_unmapped",
  "member.removed",
  "member.teams_changed",
  "request.refused",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

export const auditFiltersSchema = z.object({
  from: z.preprocess(blankToUndefined, dateTextSchema.optional()),
  to: z.preprocess(blankToUndefined, dateTextSchema.optional()),
  /** Console user e-mail (substring, case-insensitive). */
  user: z.preprocess(blankToUndefined, plainTextSchema().trim().max(320).optional()),
  action: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[a-z_]+\.[a-z_]+$/, "unknown action")
      .optional(),
  ),
  org: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[a-f0-9]{24}$/, "must be an Atlas org id")
      .optional(),
  ),
  /** Target e-mail (substring, case-insensitive). */
  target: z.preprocess(blankToUndefined, plainTextSchema().trim().max(320).optional()),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOME_VALUES).optional()),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/**
 * GET /api/audit's nextCursor, read back: the last row's createdAt as toISOString() writes it, "_", its id.
 * The pattern alone let through times that are no instant: "0000-00-00" (no date for JavaScript: a 500),
 * "2026-02-30" (read as 2 March, another place in the log), year 0000 (out of PostgreSQL's range: a 500). The
 * time must be what toISOString() writes back, within the years a date filter takes.
 */
const AUDIT_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_\S{1,128}$/;
const isRealTime = (time: string) => {
  const t = Date.parse(time);
  return !Number.isNaN(t) && new Date(t).toISOString() === time && isInDateYears(t);
};
export const auditCursorSchema = z
  .string()
  .regex(AUDIT_CURSOR, "not a cursor of this API")
  .refine((s) => {
    const time = AUDIT_CURSOR.exec(s)?.[1];
    return time === undefined || isRealTime(time);
  }, `not a cursor of this API: its time must be a real date ${DATE_YEARS_MESSAGE}`);

export const auditPageSchema = auditFiltersSchema.extend({
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  pageSize: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(200).default(50)),
  /** The previous answer's nextCursor: the page after it (page is then ignored), as quick deep in the log as first. */
  cursor: z.preprocess(blankToUndefined, auditCursorSchema.optional()),
});
export type AuditPageQuery = z.infer<typeof auditPageSchema>;

export const auditRowSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The API token the person used ("alice via token 'hr-sync'"); null for a browser session or a job. */
  tokenId: z.string().nullable(),
  tokenName: z.string().nullable(),
  action: z.string(),
  connectionId: z.string().nullable(),
  orgId: z.string().nullable(),
  targetEmail: z.string().nullable(),
  targetId: z.string().nullable(),
  grants: z.unknown(),
  outcome: z.enum(AUDIT_OUTCOME_VALUES),
  atlasStatus: z.number().nullable(),
  atlasErrorCode: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditRowSchema>;

/** Names for the ids on a page of rows, resolved when read (an id with no known name is left out). */
export const auditNamesSchema = z.object({
  connections: z.record(z.string(), z.string()),
  orgs: z.record(z.string(), z.string()),
  teams: z.record(z.string(), z.string()),
  projects: z.record(z.string(), z.string()),
});
export type AuditNames = z.infer<typeof auditNamesSchema>;

export const auditListSchema = z.object({
  rows: z.array(auditRowSchema),
  /** Matching rows, counted up to 1,000 (lib/server/audit/query.ts AUDIT_COUNT_CAP). */
  total: z.number(),
  /** More rows match than `total` says (the count stopped at its cap). */
  totalCapped: z.boolean(),
  page: z.number(),
  pageSize: z.number(),
  /** The next page's cursor (GET /api/audit?cursor=…); null on the last page. */
  nextCursor: z.string().nullable(),
  names: auditNamesSchema,
});
export type AuditList = z.infer<typeof auditListSchema>;

/** The orgs the Audit page's org filter offers: every org seen by a connection or named in a row. */
export const auditOrgListSchema = z.object({
  orgs: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
});
export type AuditOrgList = z.infer<typeof auditOrgListSchema>;

/** Query string from filters (blank values left out), for links, the URL bar and the CSV export. */
export function auditSearchParams(
  filters: Partial<Record<string, string | number | undefined>>,
): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== "") out.set(k, String(v));
  return out;
}
