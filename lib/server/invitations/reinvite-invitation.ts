import "server-only";
import type { Role } from "@/lib/permissions";
import type { InviteInput, InviteResult } from "@/lib/schemas/invitations";
import { uniqueEmails } from "@/lib/schemas/invitations";
import type { LedgerStatus } from "@/lib/schemas/ledger";
import { LEDGER_ID } from "@/lib/schemas/ledger";
import type { ReinviteResponse } from "@/lib/schemas/ledger-api";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedRefusal, markAudited } from "../audit/mutation";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import { getLedgerRow, recordPending, transition } from "../ledger/repository";
import { createInvitations, invitationsAnswer } from "./create-invitations";

// Re-invite: a new invitation for the address of an expired, rejected or cancelled ledger row, with the
// grants the caller confirms (prefilled from the row). The invitation itself is made by createInvitations
// (lib/server/invitations/create-invitations.ts), so its rules hold unchanged: privileged org roles take an
// admin, one Atlas create per address at a time, Idempotency-Key replays. For users-API people who are
// INVITATION_EXPIRED or INVITATION_REJECTED, Atlas's create replaces them. The old row is then marked
// superseded by the new pending one, with a "reinvited" event linked to this action's audit row.

/** The statuses a re-invite starts from (pending is cancelled or renewed instead; accepted is a member). */
export const REINVITABLE: readonly LedgerStatus[] = ["expired", "rejected", "cancelled"];

export interface ReinviteRequest {
  orgId: string;
  ledgerId: string;
  /** The invite form's input: its one address must be the row's. */
  input: InviteInput;
  idempotencyKey: string | null;
  actor: AuditActor;
  role: Role;
}

export async function reinviteInvitation(req: ReinviteRequest): Promise<ReinviteResponse> {
  const { orgId, ledgerId, input, actor } = req;
  // Checked before any query; the ledger makes ids of two forms (lib/schemas/ledger.ts).
  if (!LEDGER_ID.test(ledgerId)) {
    throw new HttpError({
      code: "invalid_input",
      message:
        "This is not a valid entry of the invitation history: reload the page and choose the person again.",
    });
  }
  const db = await getDb();
  const grants = { orgRoles: input.orgRoles, teamIds: input.teamIds, projectRoles: input.projectRoles };
  const base: AuditTarget = { orgId, targetId: ledgerId, grants };
  const row = await getLedgerRow(db, orgId, ledgerId);
  if (!row) {
    throw await auditedRefusal(
      actor,
      "invitation.reinvited",
      base,
      new HttpError({
        code: "not_found",
        message: "This entry no longer exists in this organization's invitation history: reload the page.",
      }),
    );
  }
  const target: AuditTarget = {
    ...base,
    // With the earlier grants: the Audit page shows what a re-invite changed (lib/schemas/audit-grants.ts).
    grants: { before: row.grants, after: grants },
    targetEmail: row.email,
    // Read by people (Audit page, timeline): the ledger row is linked by its events, not named here.
    detail: `re-invites ${row.status === "expired" ? "an" : "a"} ${row.status} invitation`,
  };
  if (!REINVITABLE.includes(row.status)) {
    throw await auditedRefusal(
      actor,
      "invitation.reinvited",
      target,
      new HttpError({
        code: "conflict",
        message: `The invitation for ${row.email} is ${row.status}: only expired, rejected or cancelled invitations can be re-invited.`,
      }),
    );
  }
  const emails = uniqueEmails(input.emails);
  if (emails.length !== 1 || emails[0] !== row.email) {
    const message = `A re-invite is for ${row.email} only.`;
    throw await auditedRefusal(
      actor,
      "invitation.reinvited",
      target,
      new HttpError({ code: "invalid_input", message, fields: { emails: message } }),
    );
  }

  const { result, auditId }: { result: InviteResult; auditId: string } = await auditedMutation({
    actor,
    action: "invitation.reinvited",
    target,
    db,
    act: async () => {
      const [one] = await createInvitations({
        orgId,
        input: { ...input, emails: row.email },
        idempotencyKey: req.idempotencyKey,
        actor,
        role: req.role,
      });
      return one!;
    },
    onSuccess: (r) =>
      r.outcome === "invited"
        ? { targetId: r.invitation?.id ?? null }
        : r.outcome === "awaiting_approval"
          ? { outcome: "noop", detail: `held for a second admin's approval (request ${r.approvalId})` }
          : { outcome: "failure", atlasStatus: r.status ?? null, detail: r.message ?? r.outcome },
  });
  if (result.outcome === "awaiting_approval") {
    // The org's guardrails hold it (lib/server/guardrails/check.ts): the request is in the approval queue.
    throw markAudited(
      new HttpError({
        code: "conflict",
        message: `Not re-invited yet: ${result.message ?? "it awaits a second admin's approval"} (see Guardrails).`,
      }),
    );
  }
  const invitation = result.invitation;
  if (result.outcome !== "invited" || !invitation) {
    try {
      invitationsAnswer([result]);
    } catch (e) {
      throw markAudited(e);
    }
    throw markAudited(new HttpError({ code: "internal", message: "The invitation was not created." }));
  }

  const ledgerActor = { userId: actor.userId, email: actor.email };
  const { connection } = await atlasForOrg(orgId);
  const created = await recordPending(
    db,
    {
      connectionId: connection.id,
      orgId,
      email: row.email,
      source: invitation.source,
      projectId: invitation.source === "project" ? (invitation.projectRoles[0]?.projectId ?? null) : null,
      grants,
      invitationId: invitation.source === "users" ? null : invitation.id,
      userId: invitation.source === "users" ? invitation.id : null,
      inviter: invitation.inviter,
      atlasCreatedAt: new Date(invitation.createdAt),
      expiresAt: invitation.expiresAt ? new Date(invitation.expiresAt) : null,
    },
    { kind: "created", actor: ledgerActor, auditId, createdBy: ledgerActor },
  );
  // False when another request superseded it first: the new invitation stands either way.
  await transition(db, row, "superseded", {
    kind: "reinvited",
    actor: ledgerActor,
    auditId,
    supersededBy: created.id,
    detail: { newLedgerId: created.id },
  });
  return { ledgerId: created.id, supersededId: row.id, invitation };
}
