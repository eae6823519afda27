import { bulkImportInputSchema } from "@/lib/schemas/bulk";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listBulkRuns } from "@/lib/server/bulk/list-runs";
import { planImport } from "@/lib/server/bulk/plan-import";

/** The org's recent bulk runs (imports and bulk actions), newest first. */
export const GET = withConsole({ action: "bulk.read", params: orgParamsSchema }, async ({ params }) => ({
  body: { runs: await listBulkRuns({ orgId: params.orgId }) },
}));

/** Plans an import: the dry run. Nothing is sent until POST .../bulk/{runId}/start. */
export const POST = withConsole(
  { action: "bulk.run", params: orgParamsSchema, body: bulkImportInputSchema, maxBodyBytes: 1000 * 1024 },
  async ({ params, body, user }) => ({
    status: 201,
    body: { run: await planImport({ orgId: params.orgId, input: body, user }) },
  }),
);
