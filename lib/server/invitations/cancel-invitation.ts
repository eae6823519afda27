import "server-only";
import type { Invitation, InvitationSource } from "@/lib/schemas/invitations";
import { HttpError } from "../api/errors";
import type { AtlasHttp } from "../atlas/http";
import type { InvitationState } from "../atlas/invitations";
import {
  cancelProjectInvitation,
  invitationGone,
  invitationsApi,
  readProjectInvitation,
} from "../atlas/invitations";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedRefusal, markAudited } from "../audit/mutation";
import { invitationsChanged } from "./list-invitations";
import { knownTargetEmail } from "../audit/query";
import { atlasForOrg } from "../connections/route-org";
import { getDb } from "../db";
import { ledgerCancelled } from "../ledger/console-actions";

// Cancel trusts nothing of the request but the org in the URL and the id: who the invitation is for, what
// it grants and which project holds it are read from Atlas, in that org, before anything is deleted. An id
// that is not a pending invitation of that org is refused without a DELETE.

export interface CancelInvitationRequest {
  orgId: string;
  id: string;
  /** Which API the list showed it from (a hint: a list from another API mode is out of date). */
  source: InvitationSource;
  /** A hint for project invitations: looked at first when it is a project of this org, else ignored. */
  projectId?: string | undefined;
  actor: AuditActor;
}

const grantsOf = (i: Invitation) => ({
  orgRoles: i.orgRoles,
  teamIds: i.teamIds,
  projectRoles: i.projectRoles,
});

export async function cancelInvitation(req: CancelInvitationRequest): Promise<void> {
  const { orgId, id, source, actor } = req;
  const { http } = await atlasForOrg(orgId);
  const base: AuditTarget = { connectionId: http.conn.id, orgId, targetId: id };
  if (source !== "project" && source !== http.conn.invitesApi) {
    throw await auditedRefusal(
      actor,
      "invitation.cancelled",
      base,
      new HttpError({ code: "stale_list", message: "The list is out of date: reload it and try again." }),
    );
  }
  // Atlas refusing the read (403, 429, 5xx) is audited as its answer; nothing was deleted.
  const read = await readTarget(http, req).catch(async (e: unknown) => {
    throw await auditedRefusal(actor, "invitation.cancelled", base, e);
  });
  if (read.state !== "pending") {
    // Atlas no longer knows the id: the address the log saw for it (never the request's) names the row.
    const found =
      read.state === "gone" && read.email === null
        ? { ...read, email: await knownTargetEmail(await getDb(), orgId, id) }
        : read;
    throw await auditedRefusal(
      actor,
      "invitation.cancelled",
      { ...base, targetEmail: found.email },
      notPending(found),
      {
        outcome: "noop",
        atlasStatus: found.atlasStatus,
        // Only what Atlas sent: an accepted invitation is read as a member, with no error code.
        atlasErrorCode: found.state === "gone" ? found.atlasErrorCode : null,
        detail: goneDetail(found),
      },
    );
  }
  const invitation = read.invitation;
  const projectId = source === "project" ? invitation.projectRoles[0]?.projectId : undefined;
  try {
    const { auditId } = await auditedMutation({
      actor,
      action: "invitation.cancelled",
      target: {
        ...base,
        targetEmail: invitation.email,
        grants: grantsOf(invitation),
        detail: projectId ? `project invitation in ${projectId}` : null,
      },
      act: () =>
        projectId ? cancelProjectInvitation(http, projectId, id) : invitationsApi(http).cancel(orgId, id),
      onSuccess: (r) => ({ atlasStatus: r.atlasStatus }),
      onError: (e) => {
        const gone = invitationGone(e);
        if (!gone) return undefined;
        return {
          outcome: "noop",
          atlasStatus: gone.atlasStatus,
          atlasErrorCode: gone.state === "gone" ? gone.atlasErrorCode : null,
          detail: `${goneDetail(gone)} (after the console read it as pending)`,
        };
      },
    });
    await ledgerCancelled(await getDb(), http.conn.id, orgId, invitation, auditId, actor);
  } catch (e) {
    const gone = invitationGone(e);
    if (gone) throw markAudited(notPending({ ...gone, email: gone.email ?? invitation.email }, true));
    throw e;
  } finally {
    invitationsChanged(orgId);
  }
}

async function readTarget(http: AtlasHttp, req: CancelInvitationRequest): Promise<InvitationState> {
  if (req.source === "project") return readProjectInvitation(http, req.orgId, req.id, req.projectId);
  return invitationsApi(http).read(req.orgId, req.id);
}

function goneDetail(s: Exclude<InvitationState, { state: "pending" }>): string {
  return s.state === "accepted"
    ? "already accepted: the person is a member now"
    : "already gone: accepted, cancelled or expired meanwhile";
}

/**
 * What the caller is told: the list showed an invitation Atlas no longer has as pending (stale_list: the
 * browser closes the dialog and reloads the list; the message says what became of it).
 */
function notPending(s: Exclude<InvitationState, { state: "pending" }>, meanwhile = false): HttpError {
  const who = s.email ? `for ${s.email} ` : "";
  if (s.state === "accepted") {
    return new HttpError({
      code: "stale_list",
      message: `The invitation ${who}was accepted${meanwhile ? " meanwhile" : ""}: there is nothing to cancel.`,
    });
  }
  return new HttpError({
    code: "stale_list",
    message: `The invitation ${who}is no longer pending: it was accepted or cancelled meanwhile.`,
  });
}
