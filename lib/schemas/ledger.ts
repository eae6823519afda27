import { z } from "zod";
import { grantsSchema } from "./grants";

export { LEDGER_STATUSES, LEDGER_TABS, type LedgerStatus, type LedgerTab } from "./ledger-enums";

/**
 * Every form a ledger row id takes (lib/server/ledger/repository.ts): a random UUID for a row recorded
 * pending (by the console or the sync), and `atlas:<orgId>:<userId>:<status>` for a person the sync found
 * already expired or rejected (derived from Atlas's ids, so that two sync runs record one row). Nothing else
 * is a ledger id: no slashes, dots or percent signs reach a query.
 */
export const LEDGER_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|atlas:[a-f0-9]{24}:[a-f0-9]{24}:(?:expired|rejected))$/;

/** The id of a row the sync records as already closed in Atlas (the second form of LEDGER_ID). */
export function closedLedgerId(orgId: string, userId: string, status: "expired" | "rejected"): string {
  return `atlas:${orgId}:${userId}:${status}`;
}

/** What happened to a ledger row; each event may link the audit row behind it. */
export const LEDGER_EVENT_KINDS = [
  "created", // the console created it (audit row linked)
  "discovered", // the sync found it in Atlas (created outside the console, or before the ledger existed)
  "accepted",
  "expired",
  "rejected",
  "cancelled", // cancelled through the console (audit row linked)
  "cancelled_in_atlas", // gone from Atlas without a console cancel and not among the active members
  "edited",
  "renew_started", // renew: the old invitation is being cancelled
  "renewed", // renew: the replacement exists
  "superseded", // a newer invitation for the same person replaced this one
  "migrated", // sunset assistant: replaced by a users-API invitation
  "reinvited",
] as const;
export type LedgerEventKind = (typeof LEDGER_EVENT_KINDS)[number];

/** An operation of several Atlas calls that has not finished (renew, migration): shown with one click to finish. */
export const ledgerPendingOperationSchema = z.object({
  kind: z.enum(["renew", "migrate"]),
  /** The step that last succeeded. */
  step: z.enum(["started", "cancelled", "created"]),
  auditId: z.string().nullable(),
  startedAt: z.string(),
  grants: grantsSchema,
});
export type LedgerPendingOperation = z.infer<typeof ledgerPendingOperationSchema>;
