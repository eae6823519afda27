import "server-only";
import type { Role } from "@/lib/permissions";
import { can, isPrivilegedOrgRole, privilegedInvitationRefusal } from "@/lib/permissions";
import { grantsDiff, type Grants, type GrantsDiff } from "@/lib/schemas/grants";
import type { EditInvitationInput } from "@/lib/schemas/invitation-edit";
import type { Invitation } from "@/lib/schemas/invitations";
import { HttpError } from "../api/errors";
import { isAtlasError } from "../atlas/errors";
import type { AtlasHttp } from "../atlas/http";
import type { LegacyInvitationUpdate, OrgUserUpdate } from "../atlas/invitation-updates";
import { updateLegacyInvitation, updateOrgUser } from "../atlas/invitation-updates";
import { invitationGone, invitationsApi } from "../atlas/invitations";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedRefusal, markAudited } from "../audit/mutation";
import { atlasForOrg } from "../connections/route-org";
import { approvalRolesIn, readPolicy } from "../guardrails/check";
import type { Db } from "../db";
import { getDb } from "../db";
import { ledgerInputOf } from "../ledger/console-actions";
import { findByAtlasId, recordEvent, recordPending, SYSTEM_ACTOR, updateGrants } from "../ledger/repository";
import type { LedgerRow } from "../ledger/repository";
import { invitationsChanged } from "./list-invitations";
import { readPendingOrRefuse } from "./read-pending";

// Edit (PATCH /api/orgs/{orgId}/invitations/{invitationId}): the "before" is read from Atlas in this org
// right before the change, never taken from the browser; the request carries only the "after". One Atlas
// call per edit, with only the fields that change (an empty value resets a field on Atlas):
//   users API  → PATCH /orgs/{orgId}/users/{userId}           (roles and/or teamIds)
//   legacy API → PATCH /orgs/{orgId}/invites/{invitationId}   (roles, teamIds and/or groupRoleAssignments)
// Privileged org roles (lib/permissions.ts) take an admin to add or to remove, as create takes one to grant,
// and an invitation that holds one takes an admin for any change.

export interface EditInvitationRequest {
  orgId: string;
  id: string;
  input: EditInvitationInput;
  actor: AuditActor;
  role: Role;
}

export interface EditInvitationResult {
  invitation: Invitation;
  before: Grants;
  after: Grants;
  diff: GrantsDiff;
}

export const grantsOf = (i: Pick<Invitation, "orgRoles" | "teamIds" | "projectRoles">): Grants => ({
  orgRoles: [...i.orgRoles],
  teamIds: [...i.teamIds],
  projectRoles: i.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
});

/** The users-API PATCH body: `roles` (orgRoles required in it) and/or `teamIds`, only when they change. */
export function orgUserUpdateOf(after: Grants, diff: GrantsDiff): OrgUserUpdate {
  const body: OrgUserUpdate = {};
  const orgChanged = diff.orgRoles.added.length + diff.orgRoles.removed.length > 0;
  const projectsChanged = diff.projectRoles.length > 0;
  if (orgChanged || projectsChanged) {
    body.roles = { orgRoles: after.orgRoles };
    if (projectsChanged) {
      body.roles.groupRoleAssignments = after.projectRoles.map((p) => ({
        groupId: p.projectId,
        groupRoles: p.roles,
      }));
    }
  }
  if (diff.teamIds.added.length + diff.teamIds.removed.length > 0) body.teamIds = after.teamIds;
  return body;
}

/** The legacy PATCH-by-id body, only the fields that change. */
export function legacyUpdateOf(after: Grants, diff: GrantsDiff): LegacyInvitationUpdate {
  const body: LegacyInvitationUpdate = {};
  if (diff.orgRoles.added.length + diff.orgRoles.removed.length > 0) body.roles = after.orgRoles;
  if (diff.teamIds.added.length + diff.teamIds.removed.length > 0) body.teamIds = after.teamIds;
  if (diff.projectRoles.length > 0) {
    body.groupRoleAssignments = after.projectRoles.map((p) => ({ groupId: p.projectId, roles: p.roles }));
  }
  return body;
}

/** Whether Atlas now holds exactly `after` (read back after an edit whose answer never came). */
function holds(i: Invitation, after: Grants): boolean {
  return !grantsDiff(grantsOf(i), after).changed;
}

export async function editInvitation(req: EditInvitationRequest): Promise<EditInvitationResult> {
  const { orgId, id, input, actor } = req;
  const { http } = await atlasForOrg(orgId);
  const base: AuditTarget = { connectionId: http.conn.id, orgId, targetId: id };
  const after: Grants = grantsOf(input);
  if (input.source === "project") {
    throw await auditedRefusal(
      actor,
      "invitation.updated",
      base,
      new HttpError({
        code: "invalid_input",
        message:
          "Legacy project invitations cannot be edited here: cancel it and invite the person to the org instead.",
      }),
    );
  }
  const current = await readPendingOrRefuse({
    http,
    orgId,
    id,
    source: input.source,
    actor,
    action: "invitation.updated",
    base,
    messages: {
      accepted: (email) => `The invitation for ${email} was accepted: there is nothing to edit.`,
      notPending: "The invitation is no longer pending: it was accepted, cancelled or it expired meanwhile.",
    },
  });
  const before = grantsOf(current);
  const diff = grantsDiff(before, after);
  const target: AuditTarget = {
    ...base,
    targetEmail: current.email,
    grants: { before, after },
  };
  const privileged = [...diff.orgRoles.added, ...diff.orgRoles.removed].filter(isPrivilegedOrgRole);
  if (privileged.length > 0 && !can(req.role, "invitations.grant_privileged")) {
    const message = `Only console admins may add or remove ${privileged.join(" or ")}.`;
    throw await auditedRefusal(
      actor,
      "invitation.updated",
      target,
      new HttpError({ code: "forbidden", message, fields: { orgRoles: message } }),
    );
  }
  // Teams and project roles of an invitation that makes an owner are not an inviter's to change either.
  const whole = diff.changed ? privilegedInvitationRefusal(req.role, before.orgRoles, "change") : null;
  if (whole) {
    throw await auditedRefusal(
      actor,
      "invitation.updated",
      target,
      new HttpError({ code: "forbidden", message: whole }),
    );
  }
  // A role the org has approved by a second admin cannot be added by an edit (an edit cannot wait for the
  // approval): the person is invited again instead, and that invitation waits in the approval queue.
  const addedRoles: Grants = {
    orgRoles: diff.orgRoles.added,
    teamIds: [],
    projectRoles: diff.projectRoles.map((p) => ({ projectId: p.projectId, roles: p.added })),
  };
  const policy = await readPolicy({ orgId });
  const held = approvalRolesIn(policy, addedRoles);
  if (held.length > 0) {
    const byOrgRole = approvalRolesIn(policy, { ...addedRoles, projectRoles: [] }).length > 0;
    const field = byOrgRole ? "orgRoles" : "projectRoles";
    const message = `Adding ${held.join(", ")} needs a second admin's approval in this organization: cancel this invitation and invite ${current.email} again, then the invitation waits for approval.`;
    throw await auditedRefusal(
      actor,
      "invitation.updated",
      target,
      new HttpError({ code: "forbidden", message, fields: { [field]: message } }),
    );
  }
  if (!diff.changed) {
    throw await auditedRefusal(
      actor,
      "invitation.updated",
      target,
      new HttpError({
        code: "invalid_input",
        message: "Nothing to change: the grants are the same as in Atlas.",
      }),
      { outcome: "noop", detail: "no change" },
    );
  }
  const db = await getDb();
  let auditId: string;
  let updated: Invitation;
  try {
    const done = await auditedMutation({
      actor,
      action: "invitation.updated",
      target,
      db,
      act: () => patch(http, orgId, id, after, diff),
      onSuccess: (r) => ({ atlasStatus: r.atlasStatus }),
      onError: (e) => {
        const gone = invitationGone(e);
        return gone
          ? {
              outcome: "noop",
              atlasStatus: gone.atlasStatus,
              atlasErrorCode: gone.state === "gone" ? gone.atlasErrorCode : null,
              detail: "gone before the edit reached Atlas",
            }
          : undefined;
      },
    });
    auditId = done.auditId;
    updated = done.result.invitation;
  } catch (e) {
    if (invitationGone(e)) {
      throw markAudited(
        new HttpError({
          code: "stale_list",
          message: `The invitation for ${current.email} is no longer pending.`,
        }),
      );
    }
    throw e;
  } finally {
    invitationsChanged(orgId);
  }
  await recordEdit(db, http, orgId, current, updated, before, after, auditId, actor);
  return { invitation: updated, before, after, diff };
}

async function patch(
  http: AtlasHttp,
  orgId: string,
  id: string,
  after: Grants,
  diff: GrantsDiff,
): Promise<{ invitation: Invitation; atlasStatus: number | null }> {
  const send = () =>
    http.conn.invitesApi === "invitations"
      ? updateLegacyInvitation(http, orgId, id, legacyUpdateOf(after, diff))
      : updateOrgUser(http, orgId, id, orgUserUpdateOf(after, diff));
  try {
    const { data, status } = await send();
    return { invitation: data, atlasStatus: status };
  } catch (e) {
    // No answer (PATCH is never retried): read back; Atlas holding the new grants means it was done. Atlas
    // sent no status for the PATCH then, and none is recorded.
    if (!isAtlasError(e) || e.failure !== "unknown_outcome") throw e;
    const now = await invitationsApi(http)
      .read(orgId, id)
      .catch(() => null);
    if (now?.state === "pending" && holds(now.invitation, after)) {
      return { invitation: now.invitation, atlasStatus: null };
    }
    throw e;
  }
}

/** The ledger: the pending row of this invitation (recorded now if the console never saw it) gets the new grants. */
async function recordEdit(
  db: Db,
  http: AtlasHttp,
  orgId: string,
  current: Invitation,
  updated: Invitation,
  before: Grants,
  after: Grants,
  auditId: string | null,
  actor: AuditActor,
): Promise<void> {
  const row = await ensureLedgerRow(db, http.conn.id, orgId, current);
  const grants = grantsOf(updated);
  await updateGrants(db, row.id, grants);
  await recordEvent(db, row, {
    kind: "edited",
    auditId,
    actor: { userId: actor.userId, email: actor.email },
    detail: { before, after },
  });
}

/** The pending ledger row of an Atlas invitation; recorded ("discovered") when the ledger has none yet. */
export async function ensureLedgerRow(
  db: Db,
  connectionId: string,
  orgId: string,
  inv: Invitation,
): Promise<LedgerRow> {
  const known = await findByAtlasId(db, orgId, inv.id);
  if (known && known.status === "pending") return known;
  return recordPending(db, ledgerInputOf(connectionId, orgId, inv), {
    kind: "discovered",
    actor: SYSTEM_ACTOR,
  });
}
