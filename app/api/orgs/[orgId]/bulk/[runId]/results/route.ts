import { bulkRunParamsSchema } from "@/lib/schemas/bulk";
import { withConsoleFile } from "@/lib/server/api/with-console-file";
import { bulkResults } from "@/lib/server/bulk/results";

/** The plan (before the run) or the results: the original columns and what became of each row, CSV or JSON. */
export const GET = withConsoleFile(
  { action: "bulk.read", params: bulkRunParamsSchema },
  async ({ params, url }) => {
    const format = url.searchParams.get("format") === "json" ? "json" : "csv";
    const file = await bulkResults({ ...params, format });
    return {
      body: file.body,
      filename: file.name,
      contentType: format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
    };
  },
);
