import { z } from "zod";
import {
  grantsDiffSchema,
  grantsSchema,
  orgRolesInputSchema,
  projectRolesInputSchema,
  refineDistinctProjects,
  teamIdsInputSchema,
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

/** PATCH's whole answer, as lib/openapi documents it: the above and what changed. */
export const editInvitationAnswerSchema = editInvitationResponseSchema.extend({ diff: grantsDiffSchema });

/** POST .../renew's answer: the replacement, and whether the renew finished (or stopped half-way). */
export const renewInvitationResponseSchema = z.object({
  invitation: invitationSchema,
  finished: z.boolean(),
});

export const renewInvitationInputSchema = z.object({
  source: z.enum(INVITATION_SOURCES),
});
export type RenewInvitationInput = z.infer<typeof renewInvitationInputSchema>;

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
