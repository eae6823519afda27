import "server-only";
import { ACCEPTED_RECENT_DAYS, LEDGER_TAB_LIMIT } from "@/lib/schemas/ledger-api";
import type { LedgerCounts, LedgerEntry, LedgerList } from "@/lib/schemas/ledger-api";
import type { LedgerTab } from "@/lib/schemas/ledger";
import type { Db } from "../db";
import { getDb } from "../db";
import { withInviters } from "../invitations/connection-inviters";
import { attributeLedgerRows } from "./attribution";
import type { LedgerRow } from "./repository";
import { countLedger, countLedgerSince, listLedger, listLedgerSince } from "./repository";

// The tabs of the invitations page read from the ledger (lib/server/ledger/repository.ts). Accepted means
// "recently": the last ACCEPTED_RECENT_DAYS days, in the rows and in its count alike.

const DAY_MS = 86_400_000;

/**
 * Ledger rows as entries with "invited by" filled the way the live list fills it
 * (lib/server/invitations/connection-inviters.ts): tabs and timeline say what the Pending list says.
 */
export async function toLedgerEntries(
  db: Db,
  orgId: string,
  rows: LedgerRow[],
  opts: { inTransaction?: boolean } = {},
): Promise<LedgerEntry[]> {
  const byRow = await attributeLedgerRows(db, orgId, rows);
  return withInviters(rows.map(toLedgerEntry), (e) => byRow.get(e.id), opts.inTransaction ? db : undefined);
}

/** A ledger row in the shape of a pending invitation (grants as ids), for the list and the drawer. */
function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    source: row.source,
    email: row.email,
    orgRoles: row.grants.orgRoles,
    teamIds: row.grants.teamIds,
    projectRoles: row.grants.projectRoles,
    inviter: row.inviter,
    ...(row.createdByEmail ? { invitedByConsoleUser: row.createdByEmail } : {}),
    createdAt: (row.atlasCreatedAt ?? row.createdAt).toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    status: row.status,
    statusChangedAt: row.statusChangedAt.toISOString(),
    atlasId: row.userId ?? row.invitationId,
    supersededBy: row.supersededBy,
  };
}

const acceptedSince = (now: number) => new Date(now - ACCEPTED_RECENT_DAYS * DAY_MS);

async function ledgerCounts(db: Db, orgId: string, now = Date.now()): Promise<LedgerCounts> {
  const [all, accepted] = await Promise.all([
    countLedger(db, orgId),
    countLedgerSince(db, orgId, "accepted", acceptedSince(now)),
  ]);
  return {
    pending: all.pending,
    expired: all.expired,
    rejected: all.rejected,
    accepted,
    cancelled: all.cancelled,
  };
}

/**
 * GET /api/orgs/{orgId}/ledger?status=<tab>: the tab's newest `limit` rows (LEDGER_TAB_LIMIT), newest change
 * first, and every tab's count. One row more than the limit is read to tell a tab that holds more (truncated),
 * whatever its count says meanwhile. `limit` null: every row of the tab (the export).
 */
export async function listLedgerTab(
  orgId: string,
  tab: LedgerTab,
  now = Date.now(),
  limit: number | null = LEDGER_TAB_LIMIT,
): Promise<LedgerList> {
  const db = await getDb();
  const read1 = limit === null ? undefined : limit + 1;
  const [read, counts] = await Promise.all([
    tab === "accepted"
      ? listLedgerSince(db, orgId, "accepted", acceptedSince(now), read1)
      : listLedger(db, orgId, tab, read1),
    ledgerCounts(db, orgId, now),
  ]);
  const truncated = limit !== null && read.length > limit;
  const rows = truncated ? read.slice(0, limit) : read;
  return {
    status: tab,
    invitations: await toLedgerEntries(db, orgId, rows),
    counts,
    limit: limit ?? rows.length,
    truncated,
  };
}

/** GET /api/orgs/{orgId}/ledger/counts. */
export async function countLedgerTabs(orgId: string, now = Date.now()): Promise<LedgerCounts> {
  return ledgerCounts(await getDb(), orgId, now);
}
