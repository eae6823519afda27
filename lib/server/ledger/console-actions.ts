import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import type { AuditActor } from "../audit";
import type { Db } from "../db";
import { logger } from "../log";
import type { LedgerInvitationInput } from "./repository";
import { findByAtlasId, findPending, recordEvent, recordPending, transition } from "./repository";

// The console's own invitation changes, written to the ledger right after Atlas confirmed them
// (lib/server/invitations/create-invitations.ts, cancel-invitation.ts). Atlas has changed by then whatever
// the database does: a failed ledger write is logged, never turned into a failed request, and the sync
// (lib/server/ledger/sync.ts) records what it missed.

const actorOf = (a: AuditActor) => ({ userId: a.userId, email: a.email });

/** The ledger's record of an Atlas invitation (every console action that records one goes through it). */
export function ledgerInputOf(connectionId: string, orgId: string, i: Invitation): LedgerInvitationInput {
  return {
    connectionId,
    orgId,
    email: i.email,
    source: i.source,
    projectId: i.source === "project" ? (i.projectRoles[0]?.projectId ?? null) : null,
    grants: { orgRoles: i.orgRoles, teamIds: i.teamIds, projectRoles: i.projectRoles },
    invitationId: i.source === "users" ? null : i.id,
    userId: i.source === "users" ? i.id : null,
    inviter: i.inviter,
    atlasCreatedAt: i.createdAt ? new Date(i.createdAt) : null,
    expiresAt: i.expiresAt ? new Date(i.expiresAt) : null,
  };
}

/** After a create Atlas confirmed: the pending row, with a "created" event linking the audit row. */
export async function ledgerCreated(
  db: Db,
  connectionId: string,
  orgId: string,
  invitation: Invitation,
  auditId: string | null,
  actor: AuditActor,
): Promise<void> {
  try {
    const input = ledgerInputOf(connectionId, orgId, invitation);
    const ev = { kind: "created" as const, auditId, actor: actorOf(actor), createdBy: actorOf(actor) };
    // The sync may have found it between Atlas's answer and now: that row gets the "created" event.
    const existing = await findPending(db, input);
    const row = await recordPending(db, input, ev);
    if (existing) await recordEvent(db, row, ev);
  } catch (err) {
    logger.error({ err, orgId, auditId }, "ledger: could not record a created invitation");
  }
}

/** After a cancel Atlas confirmed: the row moves to cancelled with the audit row and the console user. */
export async function ledgerCancelled(
  db: Db,
  connectionId: string,
  orgId: string,
  invitation: Invitation,
  auditId: string | null,
  actor: AuditActor,
): Promise<void> {
  try {
    const ev = { kind: "cancelled" as const, auditId, actor: actorOf(actor) };
    let row = await findByAtlasId(db, orgId, invitation.id);
    // Never seen by the ledger (created outside the console before any sync): recorded, then cancelled.
    row ??= await recordPending(db, ledgerInputOf(connectionId, orgId, invitation), {
      kind: "discovered",
      detail: { by: "cancel" },
    });
    if (row.status === "pending" && (await transition(db, row, "cancelled", ev))) return;
    // The sync saw it gone first (cancelled_in_atlas): the console's cancel still names who did it.
    await recordEvent(db, { ...row, status: "cancelled" }, ev);
  } catch (err) {
    logger.error({ err, orgId, auditId }, "ledger: could not record a cancelled invitation");
  }
}
