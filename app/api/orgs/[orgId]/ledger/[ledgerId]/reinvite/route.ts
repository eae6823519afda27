import { inviteInputSchema } from "@/lib/schemas/invitations";
import { ledgerRowParamsSchema } from "@/lib/schemas/ledger-api";
import { withConsole } from "@/lib/server/api/with-console";
import { reinviteInvitation } from "@/lib/server/invitations/reinvite-invitation";

/** Re-invite an expired, rejected or cancelled invitation with the grants confirmed in the invite form. */
export const POST = withConsole(
  { action: "invitations.create", params: ledgerRowParamsSchema, body: inviteInputSchema },
  async ({ params, body, req, user, actor }) => ({
    status: 201,
    body: await reinviteInvitation({
      orgId: params.orgId,
      ledgerId: params.ledgerId,
      input: body,
      idempotencyKey: req.headers.get("idempotency-key"),
      actor,
      role: user.role,
    }),
  }),
);
