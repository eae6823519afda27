import { bulkRunParamsSchema } from "@/lib/schemas/bulk";
import { mapError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { bulkResults } from "@/lib/server/bulk/results";

// withConsole answers JSON only: it authenticates and authorizes here (its 204 means "go on"); the file follows.
const authorize = withConsole({ action: "bulk.read", params: bulkRunParamsSchema }, async () => ({
  status: 204,
}));

/** The plan (before the run) or the results: the original columns and what became of each row, CSV or JSON. */
export async function GET(
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
): Promise<Response> {
  const url = new URL(req.url);
  const gate = await authorize(new Request(`${url.origin}${url.pathname}`, { headers: req.headers }), ctx);
  if (gate.status !== 204) return gate;
  try {
    const params = bulkRunParamsSchema.parse(await ctx.params);
    const format = url.searchParams.get("format") === "json" ? "json" : "csv";
    const file = await bulkResults({ ...params, format });
    return new Response(file.body, {
      status: 200,
      headers: {
        "Content-Type": format === "json" ? "application/json; charset=utf-8" : "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.name}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    const mapped = mapError(e);
    return Response.json(mapped.body, { status: mapped.status, headers: { "Cache-Control": "no-store" } });
  }
}
