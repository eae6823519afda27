import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { noticeDepartures } from "@/lib/server/ledger/catch-up";
import { countLedgerTabs } from "@/lib/server/ledger/list-ledger";

/**
 * How many invitations each tab of the invitations page holds (the tab labels' counts). Every load of the page
 * asks, on any tab: an org the ledger never synced gets its sync queued (lib/server/ledger/catch-up.ts).
 */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => {
    noticeDepartures(params.orgId, null);
    return { body: { counts: await countLedgerTabs(params.orgId) } };
  },
);
