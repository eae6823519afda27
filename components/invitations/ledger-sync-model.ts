import type { LedgerCounts, LedgerList } from "@/lib/schemas/ledger-api";
import type { LedgerSyncStatus } from "@/lib/schemas/ledger-sync";
import { formatCount } from "@/lib/format";

// What the invitations page says about the ledger's sync (docs/jobs.md, "Catching up" and "The tab counts"):
// pure rules, unit-tested in test/invitations/ledger-sync-model.test.ts.

/**
 * The tabs' badges, one rule on every tab: Pending counts Atlas's live list whenever the page holds it (it
 * stays in the query cache after leaving Pending), and the ledger's pending rows only until it has loaded; the
 * other tabs count the ledger. Before, Pending showed the live list on its own tab and the ledger elsewhere.
 */
export function tabBadgeCounts(
  ledger: LedgerCounts | undefined,
  livePending: number | undefined,
): Partial<LedgerCounts> | undefined {
  if (!ledger) return livePending === undefined ? undefined : { pending: livePending };
  return { ...ledger, pending: livePending ?? ledger.pending };
}

/** The status as received: `receivedAt` is the browser's clock when the answer arrived. */
export interface ReceivedStatus {
  status: LedgerSyncStatus;
  receivedAt: number;
}

/**
 * How long ago the last complete sync finished, on the server's clock (its `now` plus the time since the
 * answer arrived): a browser clock that is off does not make "synced in 2 min". Null: never completed.
 */
function syncAgeMs({ status, receivedAt }: ReceivedStatus, clientNow: number): number | null {
  const last = status.state?.lastSuccessAt;
  if (!last) return null;
  return Math.max(0, Date.parse(status.now) - Date.parse(last) + Math.max(0, clientNow - receivedAt));
}

/** "Synced 3 min ago", "Synced just now", "Not synced yet". */
export function syncedText(received: ReceivedStatus, clientNow: number): string {
  const age = syncAgeMs(received, clientNow);
  if (age === null) return "Not synced with Atlas yet";
  const min = Math.floor(age / 60_000);
  if (min < 1) return "Synced just now";
  if (min < 60) return `Synced ${min} min ago`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `Synced ${hours} h ago`;
  return `Synced ${Math.floor(hours / 24)} days ago`;
}

/** Why the last run stopped early, when it came after the last complete sync (null: nothing to say). */
export function lastSyncProblem(status: LedgerSyncStatus): string | null {
  const s = status.state;
  if (!s?.lastError || !s.lastFinishedAt) return null;
  if (s.lastSuccessAt && Date.parse(s.lastSuccessAt) >= Date.parse(s.lastFinishedAt)) return null;
  return s.lastError;
}

/**
 * The browser-clock instant before which "Sync now" would be refused: the server's wait when the status
 * arrived, or a refusal's Retry-After (ApiError.retryAt), whichever is later. 0: no wait known.
 */
export function syncNowAllowedAt(received: ReceivedStatus | undefined, refusedUntil?: number): number {
  const fromStatus = received ? received.receivedAt + received.status.syncNowWaitSeconds * 1000 : 0;
  return Math.max(fromStatus, refusedUntil ?? 0);
}

/** How often the page asks whether a catch-up sync finished, and for how long after the live list arrived. */
export const CATCH_UP_POLL_MS = 3_000;
const CATCH_UP_WINDOW_MS = 60_000;

/**
 * While the ledger's pending count disagrees with Atlas's live list, the server has queued a catch-up sync
 * (lib/server/ledger/catch-up.ts): ask for the sync status every few seconds, for a minute after the list
 * arrived, so the tabs refresh when it finishes. False: no need to ask.
 */
export function catchUpPollMs(
  livePending: number | undefined,
  ledgerPending: number | undefined,
  listReceivedAt: number,
  clientNow: number,
): number | false {
  if (livePending === undefined || ledgerPending === undefined || livePending === ledgerPending) return false;
  return clientNow - listReceivedAt < CATCH_UP_WINDOW_MS ? CATCH_UP_POLL_MS : false;
}

// Lives beside the row model: the export (lib/server/invitations/export-invitations.ts) sorts with it too.
/**
 * What a ledger tab says when the server answered only its newest rows (lib/server/ledger/list-ledger.ts):
 * how many of how many, and where the rest are. Null when the tab is whole. Search and sort apply to the
 * rows shown.
 */
export function truncationNotice(
  list: Pick<LedgerList, "status" | "invitations" | "counts" | "truncated"> | undefined,
): string | null {
  if (!list?.truncated || list.status === "pending") return null;
  const shown = list.invitations.length;
  // The count is read beside the rows: a tab that grew meanwhile never reads "1,000 of 999".
  const total = Math.max(list.counts[list.status], shown);
  const n = formatCount;
  const what =
    list.status === "accepted" ? "invitations accepted in the last 30 days" : `${list.status} invitations`;
  return (
    `Showing the newest ${n(shown)} of ${n(total)} ${what}. Search and sort apply to these; ` +
    "use Export or the audit log for the rest."
  );
}

export { changedAtMs } from "@/lib/invitations/list-model";
