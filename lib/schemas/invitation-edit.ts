import { z } from "zod";
import { atlasIdSchema } from "./ids";
import { INVITATION_SOURCES, projectAssignmentSchema } from "./invitations";
import type { LedgerGrants } from "./ledger";
import { ORG_ROLE_VALUES } from "./roles";

// Edit (PATCH /api/orgs/{orgId}/invitations/{invitationId}) and renew (POST .../renew): the dialog's form and
// the route handler parse the same schemas. The grants are the whole "after"; the "before" is always read
// from Atlas by the server, never taken from the browser.

export const editInvitationInputSchema = z
  .object({
    /** Which API the list showed it from (a hint: a list from another API mode is out of date). */
    source: z.enum(INVITATION_SOURCES),
    orgRoles: z
      .array(z.enum(ORG_ROLE_VALUES), { error: "pick at least one organization role" })
      .min(1, "pick at least one organization role"),
    teamIds: z.array(atlasIdSchema).max(100),
    projectRoles: z.array(projectAssignmentSchema).max(100),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.projectRoles.forEach((p, i) => {
      if (seen.has(p.projectId))
        ctx.addIssue({
          code: "custom",
          path: ["projectRoles", i, "projectId"],
          message: "this project is already listed",
        });
      seen.add(p.projectId);
    });
  });
export type EditInvitationInput = z.infer<typeof editInvitationInputSchema>;

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

const rolesOf = (g: Pick<LedgerGrants, "projectRoles">, projectId: string) =>
  g.projectRoles.find((p) => p.projectId === projectId)?.roles ?? [];

/** What an edit changes, per org role, team and project role. Order-insensitive. */
export function grantsDiff(before: LedgerGrants, after: LedgerGrants): GrantsDiff {
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
  grants: z.object({
    orgRoles: z.array(z.string()),
    teamIds: z.array(z.string()),
    projectRoles: z.array(z.object({ projectId: z.string(), roles: z.array(z.string()) })),
  }),
});
export type UnfinishedRenewal = z.infer<typeof unfinishedRenewalSchema>;
export const unfinishedRenewalListSchema = z.object({ renewals: z.array(unfinishedRenewalSchema) });
