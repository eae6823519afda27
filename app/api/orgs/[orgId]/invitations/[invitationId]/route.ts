import { editInvitationInputSchema } from "@/lib/schemas/invitation-edit";
import { cancelInputSchema } from "@/lib/schemas/invitations";
import { invitationParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { cancelInvitation } from "@/lib/server/invitations/cancel-invitation";
import { editInvitation } from "@/lib/server/invitations/edit-invitation";

/** Cancel: the body names only where the list saw it (source, projectId); the target is read from Atlas. */
export const DELETE = withConsole(
  { action: "invitations.cancel", params: invitationParamsSchema, body: cancelInputSchema },
  async ({ params, body, actor }) => {
    await cancelInvitation({
      orgId: params.orgId,
      id: params.invitationId,
      source: body.source,
      projectId: body.projectId,
      actor,
    });
    return { status: 204 };
  },
);

/** Edit: the body is the whole "after"; the "before" is read from Atlas (lib/server/invitations/edit-invitation.ts). */
export const PATCH = withConsole(
  { action: "invitations.edit", params: invitationParamsSchema, body: editInvitationInputSchema },
  async ({ params, body, actor, user }) => ({
    body: await editInvitation({
      orgId: params.orgId,
      id: params.invitationId,
      input: body,
      actor,
      role: user.role,
    }),
  }),
);
