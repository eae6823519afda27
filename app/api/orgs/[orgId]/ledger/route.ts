import { ledgerQuerySchema } from "@/lib/schemas/ledger-api";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listLedgerTab } from "@/lib/server/ledger/list-ledger";

/** One tab of the invitations page from the console's ledger, with every tab's count. */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params, url }) => {
    const { status } = ledgerQuerySchema.parse({ status: url.searchParams.get("status") ?? undefined });
    return { body: await listLedgerTab(params.orgId, status) };
  },
);
