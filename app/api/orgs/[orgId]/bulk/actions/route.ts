import { bulkActionInputSchema } from "@/lib/schemas/bulk";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { startBulkAction } from "@/lib/server/bulk/plan-actions";

/** Cancel, renew, re-invite, add a team or a project role to selected invitations: planned and started at once. */
export const POST = withConsole(
  { action: "bulk.run", params: orgParamsSchema, body: bulkActionInputSchema, maxBodyBytes: 1000 * 1024 },
  async ({ params, body, user, actor }) => ({
    status: 201,
    body: { run: await startBulkAction({ orgId: params.orgId, input: body, actor, user }) },
  }),
);
