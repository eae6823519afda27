import "server-only";
import type { Invitation } from "@/lib/schemas/invitations";
import { legacyInvitationSchema, orgUserSchema } from "./atlas-schemas";
import type { AtlasAnswer, AtlasHttp } from "./http";
import { fromLegacy, fromOrgUser } from "./invitations";

// Edits of a pending org invitation, one function per Atlas operation. The bodies carry only the fields that
// change: Atlas resets a field sent empty (updateOrgUser: "Supplying a field with an empty value will reset
// that field on the user"), so a field that does not change is left out rather than sent as it was read.
// Team changes ride in the same PATCH: OrgUserUpdateRequest carries `teamIds` (spec.yaml), so the team
// membership operations (addOrgTeamUser / removeOrgTeamUser) are not needed for an invitation edit.

/** OrgUserUpdateRequest (2025-02-19): `roles.orgRoles` is required whenever `roles` is sent. */
export interface OrgUserUpdate {
  roles?: {
    orgRoles: string[];
    groupRoleAssignments?: { groupId: string; groupRoles: string[] }[];
  };
  teamIds?: string[];
}

/** OrganizationInvitationUpdateRequest (2023-01-01). */
export interface LegacyInvitationUpdate {
  roles?: string[];
  teamIds?: string[];
  groupRoleAssignments?: { groupId: string; roles: string[] }[];
}

export async function updateOrgUser(
  http: AtlasHttp,
  orgId: string,
  userId: string,
  body: OrgUserUpdate,
): Promise<AtlasAnswer<Invitation>> {
  const { data: user, status } = await http.send({
    method: "PATCH",
    template: "orgUser",
    params: { orgId, userId },
    version: "2025-02-19",
    body,
    schema: orgUserSchema,
  });
  return { data: fromOrgUser(user), status };
}

export async function updateLegacyInvitation(
  http: AtlasHttp,
  orgId: string,
  invitationId: string,
  body: LegacyInvitationUpdate,
): Promise<AtlasAnswer<Invitation>> {
  const { data: inv, status } = await http.send({
    method: "PATCH",
    template: "orgInvite",
    params: { orgId, invitationId },
    version: "2023-01-01",
    body,
    schema: legacyInvitationSchema,
  });
  return { data: fromLegacy(inv), status };
}
