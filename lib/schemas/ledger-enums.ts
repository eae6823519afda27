// Without zod: the invitations page's tabs are read from the URL in the browser's first load.

/**
 * The console's own memory of invitations (lib/server/ledger): one source for each of its enums, shared by
 * the database schema, the route handlers and the UI.
 */
export const LEDGER_STATUSES = [
  "pending",
  "accepted",
  "expired",
  "rejected",
  "cancelled",
  "superseded",
] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** The tabs of the invitations page: one per status an admin acts on ("superseded" rows show only on timelines). */
export const LEDGER_TABS = ["pending", "expired", "rejected", "accepted", "cancelled"] as const;
export type LedgerTab = (typeof LEDGER_TABS)[number];
