import type { LedgerTab } from "@/lib/schemas/ledger";
import type { SortColumn } from "@/lib/search-params/invitations";

export interface ColumnDef {
  id: SortColumn;
  label: string;
  /**
   * Width in the fixed table layout. Every column but one is sized for what it holds (an address, a name, a
   * short relative date); "auto" takes the rest: project roles, which wrap to two lines and then say "+N more".
   */
  width: string;
}

export const COLUMNS: ColumnDef[] = [
  { id: "email", label: "E-mail", width: "18rem" },
  { id: "orgRoles", label: "Org roles", width: "6rem" },
  { id: "teams", label: "Teams", width: "6rem" },
  { id: "projectRoles", label: "Project roles", width: "auto" },
  // A connection's name ("Atlas (from environment)") or a console user's address of about 31 characters on
  // one line (12rem cut "it-onboarding@demo-corp.example" and "10 days ago" at 1280 px: e2e/layout.spec.ts).
  { id: "inviter", label: "Invited by", width: "17rem" },
  { id: "created", label: "Invited", width: "7.25rem" },
  // Room for "Expiring soon" under the date.
  { id: "expires", label: "Expires", width: "7.5rem" },
];

/** The ledger tabs' last column: when the invitation entered the tab's status. */
const CHANGED_LABELS: Record<Exclude<LedgerTab, "pending">, string> = {
  expired: "Expired",
  rejected: "Rejected",
  accepted: "Accepted",
  cancelled: "Cancelled",
};

/** Pending shows when each invitation expires; the other tabs when it entered their status. */
export function columnsFor(tab: LedgerTab): ColumnDef[] {
  if (tab === "pending") return COLUMNS;
  return COLUMNS.map((c) =>
    c.id === "expires" ? { id: "changed", label: CHANGED_LABELS[tab], width: c.width } : c,
  );
}

export const ACTIONS_WIDTH = "8.75rem";
/**
 * The checkbox column of tabs with bulk actions (./selection.ts). Taken from project roles: the table keeps its
 * minimum width, so that it still fits 1280 px without scrolling sideways.
 */
export const SELECT_WIDTH = "2rem";
export const ROW_HEIGHT = 60;
/** Below the md breakpoint each invitation is a card of four short lines in one cell. */
export const CARD_HEIGHT = 104;
export const HEADER_HEIGHT = 40;
/**
 * Below this the table scrolls sideways instead of squeezing the columns further: the sized columns and the
 * actions (70.5rem) leave project roles at least about 6rem.
 */
export const TABLE_MIN_WIDTH = "min-w-[76.5rem]";

export function columnLabel(id: SortColumn, columns: ColumnDef[] = COLUMNS): string {
  return columns.find((c) => c.id === id)?.label ?? COLUMNS.find((c) => c.id === id)?.label ?? id;
}
