import "server-only";
import { eq } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { privilegedInvitationRefusal } from "@/lib/permissions";
import type { Invitation } from "@/lib/schemas/invitations";
import type { Grants } from "@/lib/schemas/grants";
import type { LedgerPendingOperation } from "@/lib/schemas/ledger";
import type { UnfinishedRenewal } from "@/lib/schemas/invitation-edit";
import { evaluateApproved, readPolicy } from "../guardrails/check";
import { HttpError } from "../api/errors";
import type { AtlasHttp } from "../atlas/http";
import type { CreatedInvitation, InvitationsApi } from "../atlas/invitations";
import { invitationGone, invitationsApi } from "../atlas/invitations";
import type { AuditActor, AuditCompletion } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { getDb } from "../db";
import { env } from "../env";
import { auditRows } from "../db/schema";
import { ledgerInputOf } from "../ledger/console-actions";
import {
  claimPendingOperation,
  findByAtlasId,
  listUnfinishedOperations,
  recordEvent,
  recordPending,
  replacePendingOperation,
  setPendingOperation,
  setSupersededBy,
  transition,
} from "../ledger/repository";
import type { LedgerRow } from "../ledger/repository";
import { ensureLedgerRow, grantsOf } from "./edit-invitation";
import { invitationsChanged } from "./list-invitations";
import { readPendingOrRefuse } from "./read-pending";
import { restoreAfterRefusal } from "./renew-restore";
import { missingCause, missingGrants, refusedByAtlas, renewBlocker, withoutMissing } from "./renew-safety";

// Renew (POST /api/orgs/{orgId}/invitations/{invitationId}/renew). Atlas has no resend and an edit keeps
// the expiry, so a renew cancels the invitation and creates it again with the same grants: one audited
// action ("invitation.renewed"), with the ledger rows linked (old → superseded, supersededBy the new one).
// Before the DELETE the grants and the step are stored on the old ledger row (`pendingOperation`, step
// started → cancelled → created), so a process killed between the two calls leaves a visible half-done renew
// whose grants are not lost; the same POST finishes it, creating at most one invitation: Atlas is asked
// first whether the address already has one (a create that landed before the crash), and that one is kept.

export interface RenewInvitationRequest {
  orgId: string;
  id: string;
  source: Invitation["source"];
  actor: AuditActor;
  /** The caller's console role: re-issuing a privileged org role takes an admin, as granting it does. */
  role: Role;
}

export interface RenewInvitationResult {
  invitation: Invitation;
  /** True when this call finished a renew that had stopped half-way. */
  finished: boolean;
}

const actorOf = (a: AuditActor) => ({ userId: a.userId, email: a.email });

export async function renewInvitation(req: RenewInvitationRequest): Promise<RenewInvitationResult> {
  const { orgId, id, source, actor } = req;
  const { http } = await atlasForOrg(orgId);
  const base: AuditTarget = { connectionId: http.conn.id, orgId, targetId: id };
  const refuse = async (e: HttpError, target: AuditTarget = base) =>
    auditedRefusal(actor, "invitation.renewed", target, e);
  if (source === "project") {
    throw await refuse(
      new HttpError({
        code: "invalid_input",
        message:
          "Legacy project invitations cannot be renewed: invite the person to the org through the users API instead.",
      }),
    );
  }
  const db = await getDb();
  const known = await findByAtlasId(db, orgId, id);
  if (known?.status === "pending" && known.pendingOperation?.kind === "renew") {
    if (known.pendingOperation.step === "created") {
      throw await refuse(
        new HttpError({ code: "stale_list", message: "This renew is already finished: reload the list." }),
      );
    }
    return finishRenew(db, http, known, known.pendingOperation, actor, req.role);
  }
  const current = await readPendingOrRefuse({
    http,
    orgId,
    id,
    source,
    actor,
    action: "invitation.renewed",
    base,
    messages: {
      accepted: (email) => `The invitation for ${email} was accepted: there is nothing to renew.`,
      notPending:
        "The invitation is no longer pending: it was accepted, cancelled or it expired meanwhile. Re-invite instead.",
    },
  });
  const grants = grantsOf(current);
  const privileged = privilegedInvitationRefusal(req.role, grants.orgRoles, "renew");
  if (privileged) {
    throw await refuse(new HttpError({ code: "forbidden", message: privileged }), {
      ...base,
      targetEmail: current.email,
      grants,
    });
  }
  // Nothing is cancelled that the create could not replace (lib/server/invitations/renew-safety.ts).
  const target: AuditTarget = { ...base, targetEmail: current.email, grants };
  // A renew makes a new invitation: the org's allowed domains apply as they are now (its roles were granted
  // before, so they do not wait for a second approval again: lib/server/guardrails/check.ts evaluateApproved).
  const domain = evaluateApproved(await readPolicy({ orgId, db }), current.email);
  if (domain.verdict === "refuse") {
    throw await refuse(new HttpError({ code: "forbidden", message: domain.message }), target);
  }
  const blocker = await renewBlocker(http, orgId, current.email, grants).catch(async (e: unknown) => {
    throw await auditedRefusal(actor, "invitation.renewed", target, e);
  });
  if (blocker) {
    throw await refuse(
      new HttpError({
        code: "conflict",
        message: `${blocker.cause}; the invitation was not renewed. ${blocker.fix}`,
      }),
      target,
    );
  }
  const row = await ensureLedgerRow(db, http.conn.id, orgId, current);
  const api = invitationsApi(http);
  let refusal: AuditCompletion | undefined;
  try {
    const op: LedgerPendingOperation = {
      kind: "renew",
      step: "started",
      auditId: null,
      startedAt: new Date().toISOString(),
      grants,
    };
    const { result } = await auditedMutation({
      actor,
      action: "invitation.renewed",
      target,
      db,
      onBegin: async (auditId) => {
        const started = { ...op, auditId };
        if (!(await claimPendingOperation(db, row.id, started))) {
          throw new HttpError({
            code: "conflict",
            message: `A renew of ${current.email} is already running or half-done.`,
          });
        }
        await recordEvent(db, row, { kind: "renew_started", auditId, actor: actorOf(actor) });
        op.auditId = auditId;
      },
      act: async () => {
        await api.cancel(orgId, id);
        await setPendingOperation(db, row.id, { ...op, step: "cancelled" });
        let created: CreatedInvitation;
        try {
          created = await api.create(orgId, { email: current.email, ...grants });
        } catch (e) {
          if (!refusedByAtlas(e)) throw e;
          const restored = await restoreAfterRefusal({ db, http, row, op, actor, refused: e });
          refusal = restored.completion;
          throw restored.error;
        }
        await linkRows(db, http, row, created.invitation, op, actor);
        return created;
      },
      // The status Atlas sent for the create, the renew's last call.
      onSuccess: (created) => ({
        atlasStatus: created.atlasStatus,
        targetId: created.invitation.id,
        detail: `cancelled ${id}, created ${created.invitation.id}`,
      }),
      onError: () => refusal,
    });
    return { invitation: result.invitation, finished: false };
  } finally {
    invitationsChanged(orgId);
  }
}

/** Completes a renew that stopped after "started" or "cancelled": one invitation at the end, never two. */
async function finishRenew(
  db: Db,
  http: AtlasHttp,
  row: LedgerRow,
  started: LedgerPendingOperation,
  actor: AuditActor,
  role: Role,
): Promise<RenewInvitationResult> {
  let op = started;
  const { orgId } = row;
  const oldId = row.userId ?? row.invitationId ?? "";
  const api = invitationsApi(http);
  // The grants come from the ledger (Atlas may have forgotten the old invitation): the same rule as a renew.
  const privileged = privilegedInvitationRefusal(role, started.grants.orgRoles, "finish renewing");
  if (privileged) {
    throw await auditedRefusal(
      actor,
      "invitation.renewed",
      { connectionId: http.conn.id, orgId, targetId: oldId, targetEmail: row.email, grants: started.grants },
      new HttpError({ code: "forbidden", message: privileged }),
    );
  }
  // A renew still running (its audit row not completed) is not half-done: it is left alone. A crashed one's
  // row is completed by the start-up reconciler (lib/server/audit/reconcile.ts), a failed one's at once.
  if (started.auditId && (await auditStillRunning(db, started.auditId))) {
    throw await auditedRefusal(
      actor,
      "invitation.renewed",
      { connectionId: http.conn.id, orgId, targetId: oldId, targetEmail: row.email },
      new HttpError({
        code: "conflict",
        message: `The renew of ${row.email} is still running. If the console restarted meanwhile, it can be finished ${Math.ceil(renewMaxMs() / 1000)} s after it started.`,
      }),
    );
  }
  let leftOut: string | null = null;
  const finishing = `finishes the renew started ${op.startedAt}${op.auditId ? ` (audit ${op.auditId})` : ""}`;
  try {
    const { result } = await auditedMutation({
      actor,
      action: "invitation.renewed",
      target: {
        connectionId: http.conn.id,
        orgId,
        targetId: oldId,
        targetEmail: row.email,
        grants: op.grants,
        detail: finishing,
      },
      db,
      // One finisher at a time: it takes the operation over by compare-and-set on the audit row it names.
      onBegin: async (auditId) => {
        const mine = { ...op, auditId };
        if (!(await replacePendingOperation(db, row.id, op.auditId, mine))) {
          throw new HttpError({
            code: "conflict",
            message: `Another request is finishing the renew of ${row.email}.`,
          });
        }
        op = mine;
      },
      act: async () => {
        if (op.step === "started") {
          // The DELETE may or may not have reached Atlas: cancel it if it is still there.
          await api.cancel(orgId, oldId).catch((e: unknown) => {
            if (!invitationGone(e)) throw e;
          });
          await setPendingOperation(db, row.id, { ...op, step: "cancelled" });
        }
        // A team or project deleted since the renew began cannot be granted: left out, and said so, rather
        // than leaving the person without an invitation for good.
        const missing = await missingGrants(http, orgId, op.grants);
        leftOut = missingCause(missing);
        const created = await createOnce(api, orgId, row.email, withoutMissing(op.grants, missing));
        await linkRows(db, http, row, created.invitation, op, actor);
        return created;
      },
      onSuccess: (created) => ({
        atlasStatus: created.atlasStatus,
        targetId: created.invitation.id,
        ...(leftOut ? { detail: `${finishing}, without what no longer exists: ${leftOut}` } : {}),
      }),
    });
    return { invitation: result.invitation, finished: true };
  } finally {
    invitationsChanged(orgId);
  }
}

/**
 * A renew request ends well within this: a handful of Atlas calls (token, read, cancel, create, one read-back),
 * each cut at ATLAS_TIMEOUT_MS; an intent row pending longer belongs to a process that died. The start-up
 * reconciler completes such rows on PGlite at once, but on PostgreSQL (where another instance may be mid-call)
 * only after its 10-minute grace (lib/server/startup.ts): this bound lets a finish go ahead sooner. 2 minutes
 * with the default 15 s timeout.
 */
const renewMaxMs = () => Math.max(30_000, 8 * env().ATLAS_TIMEOUT_MS);

async function auditStillRunning(db: Db, auditId: string): Promise<boolean> {
  const [row] = await db
    .select({ outcome: auditRows.outcome, createdAt: auditRows.createdAt })
    .from(auditRows)
    .where(eq(auditRows.id, auditId))
    .limit(1);
  return row?.outcome === "pending" && Date.now() - row.createdAt.getTime() < renewMaxMs();
}

/**
 * The address's pending invitation if Atlas already has one (a create that landed before a crash; no status of
 * a create then), else a new one.
 */
async function createOnce(
  api: InvitationsApi,
  orgId: string,
  email: string,
  grants: Grants,
): Promise<CreatedInvitation> {
  const existing = await api.findByEmail(orgId, email);
  if (existing) return { invitation: existing, atlasStatus: null };
  return api.create(orgId, { email, ...grants });
}

/** Old row → superseded by the new row; the new row carries the grants and the renew's audit row. */
async function linkRows(
  db: Db,
  http: AtlasHttp,
  old: LedgerRow,
  created: Invitation,
  op: LedgerPendingOperation,
  actor: AuditActor,
): Promise<void> {
  await setPendingOperation(db, old.id, { ...op, step: "created" });
  // The old row leaves "pending" first: one pending row per (org, e-mail, source) (the unique index).
  await transition(db, old, "superseded", { kind: "renewed", auditId: op.auditId, actor: actorOf(actor) });
  const fresh = await recordPending(db, ledgerInputOf(http.conn.id, old.orgId, created), {
    kind: "created",
    auditId: op.auditId,
    actor: actorOf(actor),
    createdBy: actorOf(actor),
    detail: { renewOf: old.id },
  });
  await setSupersededBy(db, old.id, fresh.id);
}

/** Half-done renews of an org, for the list's "Finish renew". */
export async function listUnfinishedRenewals(orgId: string): Promise<UnfinishedRenewal[]> {
  const db = await getDb();
  const rows = await listUnfinishedOperations(db, orgId);
  return rows.flatMap((r) =>
    r.pendingOperation?.kind === "renew"
      ? [
          {
            ledgerId: r.id,
            invitationId: r.userId ?? r.invitationId ?? "",
            source: r.source,
            email: r.email,
            step: r.pendingOperation.step,
            startedAt: r.pendingOperation.startedAt,
            grants: r.pendingOperation.grants,
          },
        ]
      : [],
  );
}
