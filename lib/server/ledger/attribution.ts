import "server-only";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { InvitedVia } from "@/lib/schemas/invitations";
import type { Db } from "../db";
import { invitationLedger, invitationLedgerEvents } from "../db/schema/ledger";
import type { LedgerRow } from "./repository";

// Who made an invitation, for every view that says so (lib/schemas/inviter-label.ts words it). The ledger
// knows the console user behind each row (createdByEmail: create, renew, re-invite, createUser, migration)
// and the chain a renew, re-invite or migration left (supersededBy), so the list, the tabs and the timeline
// read the same answer; Atlas only knows the service account.

export interface Attribution {
  /** The console user who made this invitation. */
  by: string;
  via: InvitedVia;
  /** The first invitation of the chain this one replaced: its console user, else Atlas's inviter (raw). */
  firstBy: string | null;
  /** Whether firstBy is Atlas's inviter (a client id to name by its connection) rather than a console user. */
  firstByIsAtlas: boolean;
}

type Chainable = Pick<LedgerRow, "id" | "createdByEmail" | "inviter">;
// A renew of a renew of a renew...: far more than anyone does by hand; the walk stops there.
const MAX_CHAIN = 20;

function viaOf(detail: unknown, hasPredecessor: boolean): InvitedVia {
  if (detail === "createUser") return "account";
  if (detail && typeof detail === "object") {
    if ("renewOf" in detail) return "renewed";
    if ("legacyId" in detail) return "migrated";
  }
  return hasPredecessor ? "reinvited" : "invited";
}

/** Ledger row id → who made it, for the rows a console user made (others have no entry). */
export async function attributeLedgerRows(
  db: Db,
  orgId: string,
  rows: readonly Chainable[],
): Promise<Map<string, Attribution>> {
  const out = new Map<string, Attribution>();
  const made = rows.filter((r) => r.createdByEmail);
  if (made.length === 0) return out;
  const ids = made.map((r) => r.id);

  // Two queries whatever the number of rows, each with the ids as one array parameter (a list of 1,000
  // parameters costs more to parse and plan than the rows it finds).
  const events = await db
    .select({ ledgerId: invitationLedgerEvents.ledgerId, detail: invitationLedgerEvents.detail })
    .from(invitationLedgerEvents)
    .where(
      and(
        eq(invitationLedgerEvents.orgId, orgId),
        eq(invitationLedgerEvents.kind, "created"),
        sql`${invitationLedgerEvents.ledgerId} = any(${sql.param(ids)}::text[])`,
      ),
    );
  const createdDetail = new Map<string, unknown>();
  for (const e of events) if (!createdDetail.has(e.ledgerId)) createdDetail.set(e.ledgerId, e.detail);

  // Walk back along supersededBy: predecessor of each row, then theirs, until the first invitation, in one
  // recursive query (the index on org and supersededBy); MAX_CHAIN steps at most.
  const chain = await db.execute<{
    id: string;
    superseded_by: string;
    created_by_email: string | null;
    inviter: string | null;
  }>(sql`
    with recursive chain (id, superseded_by, created_by_email, inviter, depth) as (
      select l.id, l.superseded_by, l.created_by_email, l.inviter, 1
        from invitation_ledger l
        where l.org_id = ${orgId} and l.superseded_by = any(${sql.param(ids)}::text[])
      union
      select l.id, l.superseded_by, l.created_by_email, l.inviter, c.depth + 1
        from chain c join invitation_ledger l on l.org_id = ${orgId} and l.superseded_by = c.id
        where c.depth < ${MAX_CHAIN}
    )
    select id, superseded_by, created_by_email, inviter from chain order by depth`);
  const predecessorOf = new Map<string, Chainable>();
  for (const p of chain.rows) {
    if (predecessorOf.has(p.superseded_by)) continue;
    predecessorOf.set(p.superseded_by, {
      id: p.id,
      createdByEmail: p.created_by_email,
      inviter: p.inviter,
    });
  }

  for (const row of made) {
    let first: Chainable | undefined;
    for (
      let cur = predecessorOf.get(row.id), n = 0;
      cur && n < MAX_CHAIN;
      cur = predecessorOf.get(cur.id), n++
    ) {
      first = cur;
    }
    out.set(row.id, {
      by: row.createdByEmail!,
      via: viaOf(createdDetail.get(row.id), predecessorOf.has(row.id)),
      firstBy: first ? (first.createdByEmail ?? first.inviter) : null,
      firstByIsAtlas: Boolean(first && !first.createdByEmail && first.inviter),
    });
  }
  return out;
}

/** Atlas id (users-API user id or legacy invitation id) → who made it, from the pending ledger rows. */
export async function attributeAtlasIds(
  db: Db,
  orgId: string,
  atlasIds: readonly string[],
): Promise<Map<string, Attribution>> {
  // One read of the org's pending rows a console user made (the index on org and status), matched here:
  // a list of 10,000 ids sent back to the database would cost more than the rows it finds.
  const wanted = new Set(atlasIds);
  const made = await db
    .select({
      id: invitationLedger.id,
      userId: invitationLedger.userId,
      invitationId: invitationLedger.invitationId,
      createdByEmail: invitationLedger.createdByEmail,
      inviter: invitationLedger.inviter,
    })
    .from(invitationLedger)
    .where(
      and(
        eq(invitationLedger.orgId, orgId),
        eq(invitationLedger.status, "pending"),
        isNotNull(invitationLedger.createdByEmail),
      ),
    );
  const rows = made.filter((r) => wanted.has(r.userId ?? r.invitationId ?? ""));
  const byRow = await attributeLedgerRows(db, orgId, rows);
  const out = new Map<string, Attribution>();
  for (const r of rows) {
    const a = byRow.get(r.id);
    const atlasId = r.userId ?? r.invitationId;
    if (a && atlasId) out.set(atlasId, a);
  }
  return out;
}
