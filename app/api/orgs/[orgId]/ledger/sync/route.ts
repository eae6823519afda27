import { orgParamsSchema } from "@/lib/schemas/params";
import { HttpError, isHttpError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { ledgerSyncStatus, syncLedgerNow } from "@/lib/server/ledger/sync";

export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => ({ body: await ledgerSyncStatus(params.orgId) }),
);

/**
 * Sync now: runs the one org's sync inside the request (a few list pages and one call per project, bounded
 * by the rate-limit budget it keeps), so the answer shows its result; it works with the job layer off too.
 * At most one sync of an org per LEDGER_SYNC_NOW_SECONDS starts here (429 with Retry-After otherwise).
 */
export const POST = withConsole({ action: "ledger.sync", params: orgParamsSchema }, async ({ params }) => {
  const run = await syncLedgerNow(params.orgId);
  if (run.outcome === "rate_limited") {
    throw new HttpError({
      code: "atlas_rate_limited",
      message: `Atlas's rate limit for this organization is spent; the sync continues in ${run.retryAfterSeconds} s.`,
      retryAfter: run.retryAfterSeconds ?? undefined,
    });
  }
  // No working connection serves the org, say: the same answer as the invitations list gives.
  if (run.outcome === "failed" && isHttpError(run.cause)) throw run.cause;
  return { body: await ledgerSyncStatus(params.orgId, run) };
});
