import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { countLedgerTabs } from "@/lib/server/ledger/list-ledger";

/** How many invitations each tab of the invitations page holds (the tab labels' counts). */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => ({ body: { counts: await countLedgerTabs(params.orgId) } }),
);
