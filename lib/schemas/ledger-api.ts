import { z } from "zod";
import { AUDIT_OUTCOME_VALUES } from "./audit";
import { atlasIdSchema } from "./ids";
import { emailSchema, invitationSchema } from "./invitations";
import { LEDGER_EVENT_KINDS, LEDGER_STATUSES, LEDGER_TABS } from "./ledger";

// The console's JSON API over the invitation ledger (lib/server/ledger): the tabs of the invitations page,
// a person's timeline and re-invite. Shared by the route handlers and lib/api-client.

/** Accepted invitations older than this leave the Accepted tab (they stay on the person's timeline). */
export const ACCEPTED_RECENT_DAYS = 30;

export const ledgerTabSchema = z.enum(LEDGER_TABS);

/** GET /api/orgs/{orgId}/ledger?status=<tab>: the tab is required, and named when it is wrong. */
export const ledgerQuerySchema = z.object({
  status: z.enum(LEDGER_TABS, {
    error: `must be one of ${LEDGER_TABS.join(", ")}`,
  }),
});

/**
 * One ledger row in the shape of a pending invitation (lib/schemas/invitations.ts: grants as ids, the same
 * field names), so that the list's search, filters and sort apply as they are; `id` is the ledger row's id.
 */
export const ledgerEntrySchema = invitationSchema.extend({
  id: z.string(),
  status: z.enum(LEDGER_STATUSES),
  /** When it entered its status (accepted, expired, rejected, cancelled...). */
  statusChangedAt: z.string(),
  /** The Atlas id it had (users-API id or legacy invitation id), if known. */
  atlasId: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

export const ledgerCountsSchema = z.object(
  Object.fromEntries(LEDGER_TABS.map((t) => [t, z.number().int()])) as Record<
    (typeof LEDGER_TABS)[number],
    z.ZodNumber
  >,
);
export type LedgerCounts = z.infer<typeof ledgerCountsSchema>;

/**
 * The most rows a ledger tab answers: its newest (by when they entered the status). Enough for the browser to
 * search and sort at once, and bounded so that a page stays fast however large the ledger grows (bench/audit.ts
 * measures it); the rest are in the export and the audit log.
 */
export const LEDGER_TAB_LIMIT = 1000;

export const ledgerListSchema = z.object({
  status: ledgerTabSchema,
  /** The tab's newest rows, newest change first: at most `limit` of them (counts[status] holds how many in all). */
  invitations: z.array(ledgerEntrySchema),
  counts: ledgerCountsSchema,
  /** The most rows a tab answers (LEDGER_TAB_LIMIT). */
  limit: z.number().int(),
  /** The tab holds more rows than `invitations`: only its newest `limit` are here. */
  truncated: z.boolean(),
});
export type LedgerList = z.infer<typeof ledgerListSchema>;

/** A path parameter percent-decoded once, if the router left it encoded (`@` as %40, `:` as %3A). */
function decodeOnce(v: unknown): unknown {
  if (typeof v !== "string" || !/%[0-9a-fA-F]{2}/.test(v)) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** The e-mail in a URL path (/people/{email}/timeline). */
export const personParamsSchema = z.object({
  orgId: atlasIdSchema,
  email: z.preprocess(decodeOnce, emailSchema),
});

/**
 * A ledger row in a URL path. Its form (LEDGER_ID) is checked by the service that reads it
 * (lib/server/invitations/reinvite-invitation.ts), so that a wrong one is told as an entry that does not
 * exist rather than as a field the user never saw; here it is only decoded once.
 */
export const ledgerRowParamsSchema = z.object({
  orgId: atlasIdSchema,
  ledgerId: z.preprocess(decodeOnce, z.string()),
});

/** One step of a person's timeline: a ledger event, or an audit row about that address. */
export const timelineStepSchema = z.object({
  /** "event:<seq>" or "audit:<id>". */
  id: z.string(),
  at: z.string(),
  kind: z.enum(["event", "audit"]),
  /** What happened, in words (the audit action's label, or the ledger event's). */
  label: z.string(),
  /** Ledger events: their kind and the status they led to. */
  event: z.enum(LEDGER_EVENT_KINDS).nullable(),
  toStatus: z.enum(LEDGER_STATUSES).nullable(),
  ledgerId: z.string().nullable(),
  /** The audit row behind the step (its action and outcome), when there is one. */
  auditId: z.string().nullable(),
  action: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOME_VALUES).nullable(),
  /** The console user behind it; null when Atlas or the console's sync did it. */
  actorEmail: z.string().nullable(),
  detail: z.string().nullable(),
});
export type TimelineStep = z.infer<typeof timelineStepSchema>;

export const personTimelineSchema = z.object({
  email: z.string(),
  /** The person's ledger rows, oldest first. */
  invitations: z.array(ledgerEntrySchema),
  /** Oldest first. */
  steps: z.array(timelineStepSchema),
});
export type PersonTimeline = z.infer<typeof personTimelineSchema>;

export const reinviteResponseSchema = z.object({
  /** The new pending ledger row. */
  ledgerId: z.string(),
  supersededId: z.string(),
  invitation: invitationSchema,
});
export type ReinviteResponse = z.infer<typeof reinviteResponseSchema>;

/** What each ledger event is called on a timeline (keyed by the one list in lib/schemas/ledger.ts). */
export const LEDGER_EVENT_LABELS: Record<(typeof LEDGER_EVENT_KINDS)[number], string> = {
  created: "Invited through the console",
  discovered: "Found in Atlas by the sync",
  accepted: "Accepted: joined the organization",
  expired: "Expired unanswered",
  rejected: "Rejected by the invitee",
  cancelled: "Cancelled through the console",
  cancelled_in_atlas: "Cancelled in Atlas",
  edited: "Grants edited",
  renew_started: "Renew started",
  renewed: "Renewed",
  superseded: "Replaced by a newer invitation",
  migrated: "Migrated to the users API",
  reinvited: "Re-invited",
};

/** What each status is called in the tabs, the drawer and the timeline. */
export const LEDGER_STATUS_LABELS: Record<(typeof LEDGER_STATUSES)[number], string> = {
  pending: "Pending",
  accepted: "Accepted",
  expired: "Expired",
  rejected: "Rejected",
  cancelled: "Cancelled",
  superseded: "Superseded",
};

export const ledgerCountsResponseSchema = z.object({ counts: ledgerCountsSchema });
