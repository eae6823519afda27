import { bulkRowsQuerySchema, bulkRunParamsSchema } from "@/lib/schemas/bulk";
import { withConsole } from "@/lib/server/api/with-console";
import { listBulkRows } from "@/lib/server/bulk/list-runs";

/** A page of a run's rows, by bucket or state. */
export const GET = withConsole(
  { action: "bulk.read", params: bulkRunParamsSchema },
  async ({ params, url }) => ({
    body: await listBulkRows({
      ...params,
      query: bulkRowsQuerySchema.parse(Object.fromEntries(url.searchParams)),
    }),
  }),
);
