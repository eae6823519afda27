import { renewInvitationInputSchema } from "@/lib/schemas/invitation-edit";
import { invitationParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { renewInvitation } from "@/lib/server/invitations/renew-invitation";

/**
 * Renew = cancel + create with the same grants (lib/server/invitations/renew-invitation.ts). The same call
 * finishes a renew that stopped half-way; the id is the old invitation's.
 */
export const POST = withConsole(
  { action: "invitations.renew", params: invitationParamsSchema, body: renewInvitationInputSchema },
  async ({ params, body, actor, user }) => ({
    status: 201,
    body: await renewInvitation({
      orgId: params.orgId,
      id: params.invitationId,
      source: body.source,
      actor,
      role: user.role,
    }),
  }),
);
