import { inviteInputSchema } from "@/lib/schemas/invitations";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { createInvitations, invitationsAnswer } from "@/lib/server/invitations/create-invitations";
import { listInvitations } from "@/lib/server/invitations/list-invitations";

export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => ({ body: await listInvitations(params.orgId) }),
);

export const POST = withConsole(
  { action: "invitations.create", params: orgParamsSchema, body: inviteInputSchema },
  async ({ params, body, req, user, actor }) =>
    invitationsAnswer(
      await createInvitations({
        orgId: params.orgId,
        input: body,
        idempotencyKey: req.headers.get("idempotency-key"),
        actor,
        role: user.role,
      }),
    ),
);
