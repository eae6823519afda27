import { z } from "zod";
import {
  grantsSchema,
  orgRolesInputSchema,
  projectRolesInputSchema,
  refineDistinctProjects,
  teamIdsInputSchema,
  type Grants,
} from "./grants";
import { INVITATION_SOURCES, invitationSchema } from "./invitations";

// Edit (PATCH /api/orgs/{orgId}/invitations/{invitationId}) and renew (POST .../renew): the dialog's form and
// the route handler parse the same schemas. The grants are the whole "after"; the "before" is always read
// from Atlas by the server, never taken from the browser.

export const editInvitationInputSchema = z
  .object({
    /** Which API the list showed it from (a hint: a list from another API mode is out of date). */
    source: z.enum(INVITATION_SOURCES),
    orgRoles: orgRolesInputSchema,
    teamIds: teamIdsInputSchema,
    projectRoles: projectRolesInputSchema,
  })
  .superRefine(refineDistinctProjects);
export type EditInvitationInput = z.infer<typeof editInvitationInputSchema>;

/** PATCH's answer: the invitation as it now is, and the grants before and after. */
export const editInvitationResponseSchema = z.object({
  invitation: invitationSchema,
  before: grantsSchema,
  after: grantsSchema,
});

/** POST .../renew's answer: the replacement, and whether the renew finished (or stopped half-way). */
export const renewInvitationResponseSchema = z.object({
  invitation: invitationSchema,
  finished: z.boolean(),
});

export const renewInvitationInputSchema = z.object({
  source: z.enum(INVITATION_SOURCES),
});
export type RenewInvitationInput = z.infer<typeof renewInvitationInputSchema>;

export interface ListChange {
  added: string[];
  removed: string[];
}
export interface ProjectChange extends ListChange {
  projectId: string;
}
export interface GrantsDiff {
  orgRoles: ListChange;
  teamIds: ListChange;
  /** One entry per project whose roles change (a project added or dropped lists all its roles). */
  projectRoles: ProjectChange[];
  changed: boolean;
}

function listChange(before: readonly string[], after: readonly string[]): ListChange {
  return {
    added: after.filter((x) => !before.includes(x)),
    removed: before.filter((x) => !after.includes(x)),
  };
}

const rolesOf = (g: Pick<Grants, "projectRoles">, projectId: string) =>
  g.projectRoles.find((p) => p.projectId === projectId)?.roles ?? [];

/** What an edit changes, per org role, team and project role. Order-insensitive. */
export function grantsDiff(before: Grants, after: Grants): GrantsDiff {
  const orgRoles = listChange(before.orgRoles, after.orgRoles);
  const teamIds = listChange(before.teamIds, after.teamIds);
  const projects = [...new Set([...before.projectRoles, ...after.projectRoles].map((p) => p.projectId))];
  const projectRoles = projects
    .map((projectId) => ({ projectId, ...listChange(rolesOf(before, projectId), rolesOf(after, projectId)) }))
    .filter((p) => p.added.length > 0 || p.removed.length > 0);
  const changed =
    orgRoles.added.length + orgRoles.removed.length + teamIds.added.length + teamIds.removed.length > 0 ||
    projectRoles.length > 0;
  return { orgRoles, teamIds, projectRoles, changed };
}

/** An unfinished renew, as GET /api/orgs/{orgId}/invitations/renewals lists it. */
export const unfinishedRenewalSchema = z.object({
  ledgerId: z.string(),
  /** The Atlas id of the cancelled (or being cancelled) invitation: POST .../{id}/renew finishes it. */
  invitationId: z.string(),
  source: z.enum(INVITATION_SOURCES),
  email: z.string(),
  step: z.enum(["started", "cancelled", "created"]),
  startedAt: z.string(),
  grants: grantsSchema,
});
export type UnfinishedRenewal = z.infer<typeof unfinishedRenewalSchema>;
export const unfinishedRenewalListSchema = z.object({ renewals: z.array(unfinishedRenewalSchema) });
