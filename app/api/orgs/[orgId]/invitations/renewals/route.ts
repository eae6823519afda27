import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listUnfinishedRenewals } from "@/lib/server/invitations/renew-invitation";

/** Renews that stopped between the cancel and the create (the console's own ledger; Atlas forgot the old one). */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => ({
    body: { renewals: await listUnfinishedRenewals(params.orgId) },
  }),
);
