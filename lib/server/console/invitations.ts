import "server-only";
import type { Invitation, InviteInput, InviteResult } from "@/lib/schemas/invitations";
import { splitEmails } from "@/lib/schemas/invitations";
import { mapError } from "../api/errors";
import { AtlasError, isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import { cancelProjectInvitation, invitationsApi, listProjectInvitations } from "../atlas/invitations";
import type { AuditActor, AuditCompletion } from "../audit";
import { beginAudit, completeAudit, recordAudit } from "../audit";
import { invitedByConsole } from "../audit/query";
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
import { logger } from "../log";

export async function listPendingInvitations(http: AtlasHttp, orgId: string) {
  const api = invitationsApi(http);
  const [org, project] = await Promise.all([api.list(orgId), listProjectInvitations(http, orgId)]);
  const invitations = [...org, ...project];
  // "invited by <console user>": Atlas only knows the service account, the audit log knows the person.
  const byId = await invitedByConsole(
    await getDb(),
    orgId,
    invitations.map((i) => i.id),
  );
  return {
    api: api.api,
    invitations: invitations.map((i) => {
      const who = byId.get(i.id);
      return who ? { ...i, invitedByConsoleUser: who } : i;
    }),
  };
}

// SECURITY.md 7: one Atlas create per (org, e-mail) at a time and a replayed Idempotency-Key gets the first
// answer back, both through records in the database (they hold across requests, tabs, admins and, on
// PostgreSQL, instances). Each create is audited: intent before the Atlas call, completion after.
const WAIT_MS = 45_000;
/** A submit this soon after a successful create of the same address is a duplicate of it. */
const DUPLICATE_WINDOW_MS = 60_000;

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
  return {
    email,
    outcome,
    message: mapped.body.error.message,
    code: mapped.body.error.code,
    status: mapped.status,
    ...(mapped.body.error.atlasErrorCode ? { atlasErrorCode: mapped.body.error.atlasErrorCode } : {}),
  };
}

/** The audit completion for an Atlas error (the audit row never carries the Atlas detail text). */
function auditOfError(e: unknown): AuditCompletion {
  if (isAtlasError(e)) {
    return {
      outcome: e.failure === "unknown_outcome" ? "unknown" : "failure",
      atlasStatus: e.status ?? null,
      atlasErrorCode: e.errorCode ?? null,
      detail: e.failure === "http" ? null : e.message,
    };
  }
  return { outcome: "failure", detail: "internal error" };
}

export interface Audited {
  actor: AuditActor;
}

async function inviteOne(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  email: string,
  input: InviteInput,
  key: string | null,
  { actor }: Audited,
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

async function createClaimed(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  email: string,
  input: InviteInput,
  claimId: string,
  actor: AuditActor,
): Promise<InviteResult> {
  const recent = await recentSuccess(db, { orgId, email, exceptId: claimId, windowMs: DUPLICATE_WINDOW_MS });
  if (recent) {
    const result: InviteResult = {
      email,
      outcome: "already_invited",
      message: "Already invited: this address was invited moments ago through the console.",
      code: "conflict",
      status: 409,
    };
    await finishOperation(db, claimId, result);
    await recordAudit(
      actor,
      {
        action: "invitation.created",
        connectionId: http.conn.id,
        orgId,
        targetEmail: email,
        targetId: recent.invitationId,
        grants: { orgRoles: input.orgRoles, teamIds: input.teamIds, projectRoles: input.projectRoles },
        outcome: "noop",
        detail: "duplicate submit: invited moments before, Atlas not called",
      },
      db,
    );
    return result;
  }
  let auditId: string;
  try {
    auditId = await beginAudit(
      actor,
      {
        action: "invitation.created",
        connectionId: http.conn.id,
        orgId,
        targetEmail: email,
        grants: { orgRoles: input.orgRoles, teamIds: input.teamIds, projectRoles: input.projectRoles },
      },
      db,
    );
    await attachAudit(db, claimId, auditId);
  } catch (e) {
    await releaseOperation(db, claimId).catch(() => {});
    throw e;
  }
  let result: InviteResult;
  let audit: AuditCompletion;
  try {
    const invitation: Invitation = await invitationsApi(http).create(orgId, {
      email,
      orgRoles: input.orgRoles,
      teamIds: input.teamIds,
      projectRoles: input.projectRoles,
    });
    result = { email, outcome: "invited", invitation };
    audit = {
      outcome: "success",
      atlasStatus: http.conn.invitesApi === "invitations" ? 200 : 201,
      targetId: invitation.id,
    };
  } catch (e) {
    result = refusal(email, e);
    audit = auditOfError(e);
  }
  // The answer is recorded even when the audit completion fails: the reconciler finishes that row.
  await finishOperation(db, claimId, result);
  await completeAudit(auditId, audit, db).catch((err: unknown) =>
    logger.error({ err, auditId }, "audit completion failed; the reconciler will finish it"),
  );
  return result;
}

/** One invitation per address, in order (Atlas rate limits are per org). */
export async function inviteMany(
  http: AtlasHttp,
  orgId: string,
  input: InviteInput,
  idempotencyKey: string | null,
  audited: Audited,
): Promise<InviteResult[]> {
  const db = await getDb();
  const out: InviteResult[] = [];
  const seen = new Set<string>();
  for (const email of splitEmails(input.emails).map((e) => e.toLowerCase())) {
    if (seen.has(email)) continue;
    seen.add(email);
    out.push(await inviteOne(db, http, orgId, email, input, idempotencyKey, audited));
  }
  return out;
}

export interface CancelTarget {
  orgId: string;
  id: string;
  source: "users" | "invitations" | "project";
  projectId: string | undefined;
  /** As the caller names it (shown in the audit row; Atlas is not asked). */
  email?: string | null;
}

/**
 * Cancels one invitation, audited. When Atlas says it is already gone (cancelled or accepted meanwhile, by
 * someone else or a concurrent click), the row is a "noop" and the Atlas error goes back to the caller.
 */
export async function cancelInvitation(
  http: AtlasHttp,
  target: CancelTarget,
  { actor }: Audited,
): Promise<void> {
  const db = await getDb();
  const auditId = await beginAudit(
    actor,
    {
      action: "invitation.cancelled",
      connectionId: http.conn.id,
      orgId: target.orgId,
      targetEmail: target.email ?? null,
      targetId: target.id,
      detail: target.source === "project" ? `project invitation in ${target.projectId ?? "?"}` : null,
    },
    db,
  );
  let completion: AuditCompletion;
  try {
    await cancelAtAtlas(http, target);
    completion = { outcome: "success", atlasStatus: 204 };
  } catch (e) {
    const gone =
      isAtlasError(e) && (e.status === 404 || (e.status === 409 && !!e.errorCode?.startsWith("INVITATION_")));
    completion = gone
      ? {
          outcome: "noop",
          atlasStatus: (e as AtlasError).status ?? null,
          atlasErrorCode: (e as AtlasError).errorCode ?? null,
          detail: "already gone: accepted or cancelled meanwhile",
        }
      : auditOfError(e);
    await completeAudit(auditId, completion, db).catch((err: unknown) =>
      logger.error({ err, auditId }, "audit completion failed; the reconciler will finish it"),
    );
    throw e;
  }
  await completeAudit(auditId, completion, db);
}

async function cancelAtAtlas(http: AtlasHttp, { orgId, id, source, projectId }: CancelTarget): Promise<void> {
  if (source === "project") {
    if (!projectId)
      throw new AtlasError(
        "http",
        "projectId is required",
        400,
        null,
        "projectId is required for a project invitation",
      );
    await cancelProjectInvitation(http, projectId, id);
    return;
  }
  const api = invitationsApi(http);
  if (api.api !== source) {
    throw new AtlasError(
      "http",
      "stale list",
      409,
      "STALE_SOURCE",
      "The list is out of date: reload it and try again.",
    );
  }
  await api.cancel(orgId, id);
}
