// Which tabs have bulk actions, and how counts are written: all the invitations page needs of bulk actions before a
// row is selected. The rest (./bulk-actions.ts, the bar and its dialog) loads with the first selection.

import type { BulkActionInput } from "@/lib/schemas/bulk";
import type { LedgerTab } from "@/lib/schemas/ledger";

/** 10,000 rather than 10000, in the bar, the header checkbox and the dialog alike. */
export { formatCount } from "@/lib/format";

const BY_TAB: Record<LedgerTab, readonly BulkActionInput["kind"][]> = {
  pending: ["cancel", "renew", "add_team", "add_project_role", "apply_preset"],
  expired: ["reinvite"],
  rejected: ["reinvite"],
  cancelled: ["reinvite"],
  accepted: [],
};

/** The bulk actions a tab offers; none on Accepted (the list then has no checkboxes). */
export function bulkActionsFor(tab: LedgerTab): readonly BulkActionInput["kind"][] {
  return BY_TAB[tab];
}
