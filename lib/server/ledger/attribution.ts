import "server-only";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
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
const CHUNK = 1000;
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

  const createdDetail = new Map<string, unknown>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const events = await db
      .select({ ledgerId: invitationLedgerEvents.ledgerId, detail: invitationLedgerEvents.detail })
      .from(invitationLedgerEvents)
      .where(
        and(
          eq(invitationLedgerEvents.orgId, orgId),
          eq(invitationLedgerEvents.kind, "created"),
          inArray(invitationLedgerEvents.ledgerId, ids.slice(i, i + CHUNK)),
        ),
      );
    for (const e of events) if (!createdDetail.has(e.ledgerId)) createdDetail.set(e.ledgerId, e.detail);
  }

  // Walk back along supersededBy: predecessor of each row, then theirs, until the first invitation.
  const predecessorOf = new Map<string, Chainable>();
  let frontier = ids;
  for (let depth = 0; depth < MAX_CHAIN && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (let i = 0; i < frontier.length; i += CHUNK) {
      const preds = await db
        .select({
          id: invitationLedger.id,
          supersededBy: invitationLedger.supersededBy,
          createdByEmail: invitationLedger.createdByEmail,
          inviter: invitationLedger.inviter,
        })
        .from(invitationLedger)
        .where(
          and(
            eq(invitationLedger.orgId, orgId),
            inArray(invitationLedger.supersededBy, frontier.slice(i, i + CHUNK)),
          ),
        );
      for (const p of preds) {
        if (!p.supersededBy || predecessorOf.has(p.supersededBy)) continue;
        predecessorOf.set(p.supersededBy, p);
        next.push(p.id);
      }
    }
    frontier = next;
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
