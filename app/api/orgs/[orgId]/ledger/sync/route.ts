import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { getDb } from "@/lib/server/db";
import { ledgerSyncAnswer } from "@/lib/server/ledger/sync-answer";
import { syncOrg } from "@/lib/server/ledger/sync";

/** When the org's ledger last synced with Atlas. */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => ({ body: await ledgerSyncAnswer(await getDb(), params.orgId) }),
);

/** Sync now: one org, bounded by its size; waits for a sync of the same org already running here. */
export const POST = withConsole(
  { action: "invitations.create", params: orgParamsSchema },
  async ({ params }) => {
    const db = await getDb();
    await syncOrg(db, params.orgId);
    return { body: await ledgerSyncAnswer(db, params.orgId) };
  },
);
