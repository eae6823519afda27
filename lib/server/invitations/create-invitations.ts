import "server-only";
import { ERROR_CODES } from "@/lib/api-client/errors";
import type { ErrorCode } from "@/lib/api-client/errors";
import type { Role } from "@/lib/permissions";
import { can, isPrivilegedOrgRole } from "@/lib/permissions";
import type { InviteInput, InviteResult } from "@/lib/schemas/invitations";
import { inviteFieldForAtlasCode, splitEmails } from "@/lib/schemas/invitations";
import { HttpError, mapError } from "../api/errors";
import { isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import { invitationsApi } from "../atlas/invitations";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedNoop, auditedRefusal, markAudited } from "../audit/mutation";
import { requestApproval } from "../approvals/request";
import { evaluateApproved, evaluateGuardrails, readPolicy } from "../guardrails/check";
import { invitationsChanged } from "./list-invitations";
import { atlasForOrg } from "../connections/route-org";
import { ledgerCreated } from "../ledger/console-actions";
import { findByAtlasId } from "../ledger/repository";
import type { Db } from "../db";
import { getDb } from "../db";
import {
  attachAudit,
  claimOperation,
  finishOperation,
  recentSuccess,
  releaseOperation,
  waitForOperation,
} from "../db/idempotency";

// Every path that invites (the invite dialog, script callers, bulk later) comes through createInvitations,
// so that the rules below hold for all of them: only admins grant privileged org roles, an Idempotency-Key
// is well-formed, one Atlas create per (org, e-mail) at a time and a replayed key gets the first answer back
// (records in the database: they hold across requests, tabs, admins and, on PostgreSQL, instances). Each
// create is audited through lib/server/audit/mutation.ts: intent before the Atlas call, completion after.
const WAIT_MS = 45_000;
/** A submit this soon after a successful create of the same address, still pending, is a duplicate of it. */
const DUPLICATE_WINDOW_MS = 60_000;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export interface CreateInvitationsRequest {
  orgId: string;
  input: InviteInput;
  /** The Idempotency-Key header as sent (null when absent). */
  idempotencyKey: string | null;
  actor: AuditActor;
  /** The console role of the caller: privileged org roles take an admin. */
  role: Role;
  /**
   * Set only by the approval itself (lib/server/approvals/decide.ts): the second approver's check is what
   * this call carries out, so it is skipped; the domain rule is not (applied as the policy is now).
   */
  approved?: { approvalId: string };
}

const grantsOf = (input: InviteInput) => ({
  orgRoles: input.orgRoles,
  teamIds: input.teamIds,
  projectRoles: input.projectRoles,
});

/** One invitation per address, in order (Atlas rate limits are per org). */
export async function createInvitations(req: CreateInvitationsRequest): Promise<InviteResult[]> {
  const { orgId, input, idempotencyKey: key, actor } = req;
  const emails = [...new Set(splitEmails(input.emails).map((e) => e.toLowerCase()))];
  const target: AuditTarget = {
    orgId,
    targetEmail: emails.length === 1 ? emails[0] : null,
    grants: grantsOf(input),
    detail: emails.length === 1 ? null : `${emails.length} addresses: ${emails.join(", ")}`,
  };
  const privileged = input.orgRoles.filter(isPrivilegedOrgRole);
  if (privileged.length > 0 && !can(req.role, "invitations.grant_privileged")) {
    const message = `Only console admins may grant ${privileged.join(" or ")}.`;
    throw await auditedRefusal(
      actor,
      "invitation.created",
      target,
      new HttpError({ code: "forbidden", message, fields: { orgRoles: message } }),
    );
  }
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw await auditedRefusal(
      actor,
      "invitation.created",
      target,
      new HttpError({
        code: "invalid_input",
        message: "Idempotency-Key must be 8 to 100 letters, digits, - or _.",
      }),
    );
  }
  const { http } = await atlasForOrg(orgId);
  const db = await getDb();
  // The org's guardrails (lib/server/guardrails/check.ts), per address, after the privileged-role rule.
  const policy = await readPolicy({ orgId, db });
  const out: InviteResult[] = [];
  for (const email of emails) {
    const verdict = req.approved
      ? evaluateApproved(policy, email)
      : evaluateGuardrails(policy, email, grantsOf(input));
    if (verdict.verdict === "refuse") {
      await auditedRefusal(
        actor,
        "invitation.created",
        { ...target, targetEmail: email, detail: null },
        new HttpError({ code: "forbidden", message: verdict.message }),
      );
      out.push({ email, outcome: "blocked", message: verdict.message, code: "forbidden", status: 403 });
    } else if (verdict.verdict === "approval") {
      const { id } = await requestApproval({
        actor,
        orgId,
        email,
        grants: grantsOf(input),
        reasons: verdict.reasons,
        requestReason: input.approvalReason,
      });
      out.push({
        email,
        outcome: "awaiting_approval",
        approvalId: id,
        message: `Awaiting a second admin's approval: ${verdict.reasons.join(" ")}`,
        status: 202,
      });
    } else {
      out.push(await inviteOne(db, http, orgId, email, input, key, actor));
    }
  }
  return out;
}

/**
 * The answer of POST /invitations: 201 when one was created, else 202 when one awaits approval, else 200; a
 * single address that was refused answers with the error itself, so that the form can show it in place.
 */
export function invitationsAnswer(results: InviteResult[]): {
  status: number;
  body: { results: InviteResult[] };
} {
  if (results.length === 1 && !["invited", "awaiting_approval"].includes(results[0]!.outcome)) {
    const r = results[0]!;
    const code = (ERROR_CODES as readonly string[]).includes(r.code ?? "")
      ? (r.code as ErrorCode)
      : "internal";
    const message = r.message ?? "Not invited.";
    // Next to the field Atlas's code names (a missing team → Teams), else next to the address.
    const field = inviteFieldForAtlasCode(r.atlasErrorCode) ?? "emails";
    const e = new HttpError({
      code,
      message,
      fields: { [field]: message },
      retryAfter: r.retryAfter,
    });
    // A guardrail refusal was audited by createInvitations already.
    throw r.outcome === "blocked" ? markAudited(e) : e;
  }
  const status = results.some((r) => r.outcome === "invited")
    ? 201
    : results.some((r) => r.outcome === "awaiting_approval")
      ? 202
      : 200;
  return { status, body: { results } };
}

function classify(e: unknown): InviteResult["outcome"] {
  if (isAtlasError(e) && (e.status === 409 || e.status === 400)) {
    if (e.errorCode === "USER_ALREADY_IN_ORG") return "already_member";
    if (e.errorCode === "USER_ALREADY_INVITED" || e.status === 409) return "already_invited";
  }
  return "failed";
}

function refusal(email: string, e: unknown): InviteResult {
  const outcome = classify(e);
  if (outcome === "already_member")
    return {
      email,
      outcome,
      message: "Already a member of this organization.",
      code: "conflict",
      status: 409,
    };
  if (outcome === "already_invited") {
    return {
      email,
      outcome,
      message: "Already invited: a pending invitation exists for this address.",
      code: "conflict",
      status: 409,
    };
  }
  const mapped = mapError(e);
  const { retryAfter } = mapped.body.error;
  return {
    email,
    outcome,
    message: mapped.body.error.message,
    code: mapped.body.error.code,
    status: mapped.status,
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(mapped.body.error.atlasErrorCode ? { atlasErrorCode: mapped.body.error.atlasErrorCode } : {}),
  };
}

async function inviteOne(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  email: string,
  input: InviteInput,
  key: string | null,
  actor: AuditActor,
): Promise<InviteResult> {
  for (;;) {
    const claim = await claimOperation<InviteResult>(db, { orgId, email, key });
    if (claim.kind === "replay") return claim.result;
    if (claim.kind === "wait") {
      const waited = await waitForOperation<InviteResult>(db, claim.id, WAIT_MS);
      if (waited === "gone") continue;
      if (waited === "timeout") {
        return {
          email,
          outcome: "failed",
          message: "Another request is inviting this address right now. Check the list in a moment.",
          code: "conflict",
          status: 409,
        };
      }
      return waited.result;
    }
    return createClaimed(db, http, orgId, email, input, claim.id, actor);
  }
}

/**
 * Whether the invitation a recent create made is still pending: a submit moments after it is a duplicate
 * only then, not after it was cancelled, expired or answered (a re-invite from the Cancelled or Expired tab).
 * Atlas decides; when it cannot be read, the ledger (lib/server/ledger) does, and without either the submit
 * is taken as the duplicate it most likely is.
 */
async function stillPending(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  invitationId: string | null,
): Promise<boolean> {
  if (!invitationId) return true;
  try {
    return (await invitationsApi(http).read(orgId, invitationId)).state === "pending";
  } catch {
    const row = await findByAtlasId(db, orgId, invitationId);
    return !row || row.status === "pending";
  }
}

async function createClaimed(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  email: string,
  input: InviteInput,
  claimId: string,
  actor: AuditActor,
): Promise<InviteResult> {
  const target: AuditTarget = {
    connectionId: http.conn.id,
    orgId,
    targetEmail: email,
    grants: grantsOf(input),
  };
  const recent = await recentSuccess(db, { orgId, email, exceptId: claimId, windowMs: DUPLICATE_WINDOW_MS });
  if (recent && (await stillPending(db, http, orgId, recent.invitationId))) {
    const result: InviteResult = {
      email,
      outcome: "already_invited",
      message: "Already invited: this address was invited moments ago through the console.",
      code: "conflict",
      status: 409,
    };
    await finishOperation(db, claimId, result);
    await auditedNoop(
      actor,
      "invitation.created",
      { ...target, targetId: recent.invitationId },
      {
        detail: "duplicate submit: invited moments before, Atlas not called",
      },
    );
    return result;
  }
  let result: InviteResult;
  try {
    const {
      result: { invitation },
      auditId,
    } = await auditedMutation({
      actor,
      action: "invitation.created",
      target,
      db,
      // Linked before Atlas is called, so that the claim names its row even if the process dies mid-call.
      onBegin: (id) => attachAudit(db, claimId, id),
      act: () =>
        invitationsApi(http).create(orgId, {
          email,
          orgRoles: input.orgRoles,
          teamIds: input.teamIds,
          projectRoles: input.projectRoles,
        }),
      onSuccess: (created) => ({ atlasStatus: created.atlasStatus, targetId: created.invitation.id }),
    });
    await ledgerCreated(db, http.conn.id, orgId, invitation, auditId, actor);
    result = { email, outcome: "invited", invitation };
  } catch (e) {
    if (!isAtlasError(e)) {
      // Not an Atlas answer (the database failed): free the address for a retry.
      await releaseOperation(db, claimId).catch(() => {});
      throw e;
    }
    result = refusal(email, e);
  } finally {
    invitationsChanged(orgId);
  }
  // The answer is recorded even when the audit completion failed: the reconciler finishes that row.
  await finishOperation(db, claimId, result);
  return result;
}
