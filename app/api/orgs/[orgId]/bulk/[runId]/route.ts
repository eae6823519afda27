import { bulkRunParamsSchema } from "@/lib/schemas/bulk";
import { withConsole } from "@/lib/server/api/with-console";
import { readBulkRun } from "@/lib/server/bulk/list-runs";

/** One run: its plan, where its rows stand, progress and failures (the run page polls it). */
export const GET = withConsole({ action: "bulk.read", params: bulkRunParamsSchema }, async ({ params }) => ({
  body: { run: await readBulkRun(params) },
}));
