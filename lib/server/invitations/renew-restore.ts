import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerPendingOperation } from "@/lib/schemas/ledger";
import { HttpError, mapError } from "../api/errors";
import type { AtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import { invitationsApi } from "../atlas/invitations";
import type { AuditActor, AuditCompletion } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { Db } from "../db";
import { ledgerInputOf } from "../ledger/console-actions";
import type { LedgerRow } from "../ledger/repository";
import { recordPending, setPendingOperation, setSupersededBy, transition } from "../ledger/repository";
import { missingCause, missingGrants, withoutMissing } from "./renew-safety";

// A renew whose create Atlas refused after its cancel (lib/server/invitations/renew-invitation.ts): the
// earlier invitation is put back with its grants (less any team or project deleted meanwhile, which no
// invitation can carry), as its own audited "invitation.created", so the person keeps an invitation. When
// even that fails, the renew stays half-done with its grants (the list's "Finish renew").

export interface RestoreRequest {
  db: Db;
  http: AtlasHttp;
  /** The old invitation's ledger row (pending, its renew at step "cancelled"). */
  row: LedgerRow;
  op: LedgerPendingOperation;
  actor: AuditActor;
  /** Atlas's refusal of the renew's create. */
  refused: AtlasError;
}

/** The error the renew answers with, and how its audit row is completed. */
export async function restoreAfterRefusal(
  req: RestoreRequest,
): Promise<{ error: HttpError; completion: AuditCompletion }> {
  const { db, http, row, op, actor, refused } = req;
  const orgId = row.orgId;
  // The cause in words: a team or project of the grants deleted meanwhile, else what Atlas said.
  const missing = await missingGrants(http, orgId, op.grants).catch(() => ({ teamIds: [], projectIds: [] }));
  const atlasSaid = `${refused.status ?? ""}${refused.errorCode ? ` ${refused.errorCode}` : ""}`.trim();
  const cause =
    missingCause(missing) ??
    `Atlas refused the new invitation${refused.detail ? `: ${refused.detail.replace(/\.$/, "")}` : ` (${atlasSaid})`}`;
  const grants = withoutMissing(op.grants, missing);
  const dropped = missing.teamIds.length + missing.projectIds.length > 0;

  let restored: Invitation | null = null;
  let restoreAuditId: string | null = null;
  try {
    const done = await auditedMutation({
      actor,
      action: "invitation.created",
      target: {
        connectionId: http.conn.id,
        orgId,
        targetEmail: row.email,
        grants,
        detail:
          `restores the invitation a refused renew cancelled${op.auditId ? ` (renew audit ${op.auditId})` : ""}` +
          (dropped ? ", without the teams or projects deleted meanwhile" : ""),
      },
      db,
      act: () => invitationsApi(http).create(orgId, { email: row.email, ...grants }),
      onSuccess: (created) => ({ atlasStatus: created.atlasStatus, targetId: created.invitation.id }),
    });
    restored = done.result.invitation;
    restoreAuditId = done.auditId;
  } catch {
    // Audited as the restore's own failure; the renew stays half-done with its grants.
  }

  const mapped = mapError(refused);
  const completion: AuditCompletion = {
    outcome: "failure",
    atlasStatus: refused.status,
    atlasErrorCode: refused.errorCode,
    detail: restored
      ? `the create was refused (${missingCause(missing) ?? atlasSaid}); the earlier invitation was restored as ${restored.id}`
      : `the create was refused (${missingCause(missing) ?? atlasSaid}) and so was its restore: left as a half-done renew`,
  };
  let message: string;
  if (restored) {
    await linkRestored(db, http, row, restored, { auditId: restoreAuditId, op, actor });
    message =
      `${cause}; the invitation was not renewed. The earlier invitation was restored with its grants` +
      (dropped ? " (without what no longer exists)." : ".");
  } else {
    message =
      `${cause}; the invitation was not renewed, and restoring the earlier one failed too. It is listed ` +
      "under unfinished renews with its grants: finish it there once the cause is fixed.";
  }
  const error = new HttpError({
    code: mapped.body.error.code,
    message,
    retryAfter: mapped.body.error.retryAfter,
  });
  return { error, completion };
}

/** Old row → superseded by the restored one, which keeps the old row's first inviter. */
async function linkRestored(
  db: Db,
  http: AtlasHttp,
  old: LedgerRow,
  restored: Invitation,
  by: { auditId: string | null; op: LedgerPendingOperation; actor: AuditActor },
): Promise<void> {
  const { auditId, op } = by;
  const actor = { userId: by.actor.userId, email: by.actor.email };
  await setPendingOperation(db, old.id, null);
  // The old row leaves "pending" first: one pending row per (org, e-mail, source) (the unique index).
  await transition(db, old, "superseded", {
    kind: "superseded",
    auditId,
    actor,
    detail: { restoredAfterRefusedRenew: op.auditId },
  });
  const fresh = await recordPending(db, ledgerInputOf(http.conn.id, old.orgId, restored), {
    kind: "created",
    auditId,
    actor,
    createdBy: { userId: old.createdByUserId, email: old.createdByEmail },
    detail: { restores: old.id },
  });
  await setSupersededBy(db, old.id, fresh.id);
}
