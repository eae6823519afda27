import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import type { AuditActor } from "../audit";
import type { Db } from "../db";
import { logger } from "../log";
import { findByAtlasId, recordPending, recordSettled, transition } from "./repository";

// The console's own create and cancel, written to the ledger with the audit row and console user behind them
// (lib/server/invitations/create-invitations.ts, cancel-invitation.ts). The Atlas change has happened when
// these run: a failed ledger write is logged, never turned into a failed request, and the next sync records
// what Atlas holds.

const grantsOf = (i: Invitation) => ({
  orgRoles: i.orgRoles,
  teamIds: i.teamIds,
  projectRoles: i.projectRoles,
});

interface ConsoleAction {
  connectionId: string;
  orgId: string;
  invitation: Invitation;
  actor: AuditActor;
  auditId: string | null;
}

const ledgerInput = (a: ConsoleAction) => {
  const i = a.invitation;
  return {
    connectionId: a.connectionId,
    orgId: a.orgId,
    email: i.email,
    source: i.source,
    projectId: i.source === "project" ? (i.projectRoles[0]?.projectId ?? "") : "",
    grants: grantsOf(i),
    ...(i.source === "users" ? { userId: i.id } : { invitationId: i.id }),
    inviter: i.inviter,
    atlasCreatedAt: i.createdAt ? new Date(i.createdAt) : null,
    expiresAt: i.expiresAt ? new Date(i.expiresAt) : null,
  };
};

export async function ledgerInvitationCreated(db: Db, a: ConsoleAction): Promise<void> {
  try {
    await recordPending(db, ledgerInput(a), {
      kind: "created",
      auditId: a.auditId,
      actor: { userId: a.actor.userId, email: a.actor.email },
      createdBy: { userId: a.actor.userId, email: a.actor.email },
    });
  } catch (err) {
    logger.error({ err, orgId: a.orgId }, "ledger: recording a created invitation failed; the sync will");
  }
}

export async function ledgerInvitationCancelled(db: Db, a: ConsoleAction): Promise<void> {
  const ev = {
    kind: "cancelled" as const,
    auditId: a.auditId,
    actor: { userId: a.actor.userId, email: a.actor.email },
  };
  try {
    const row = await findByAtlasId(db, a.orgId, a.invitation.id);
    // Never recorded (created before the ledger, no sync yet): kept as cancelled all the same.
    if (!row) await recordSettled(db, ledgerInput(a), "cancelled", ev);
    else if (row.status === "pending") await transition(db, row, "cancelled", ev);
  } catch (err) {
    logger.error({ err, orgId: a.orgId }, "ledger: recording a cancel failed; the sync will");
  }
}
