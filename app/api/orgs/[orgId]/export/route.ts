import { exportQuerySchema } from "@/lib/schemas/invitations-export";
import { orgParamsSchema } from "@/lib/schemas/params";
import { loadListParams } from "@/lib/search-params/invitations";
import { mapError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { exportInvitations } from "@/lib/server/invitations/export-invitations";

// withConsole answers JSON only: it authenticates, authorizes and checks the org id here (its 204 means "go
// on"), and the file is answered below, as GET /api/audit/export does.
const authorize = withConsole({ action: "invitations.read", params: orgParamsSchema }, async () => ({
  status: 204,
}));

const fail = (e: unknown) => {
  const mapped = mapError(e);
  return Response.json(mapped.body, {
    status: mapped.status,
    headers: { "Cache-Control": "no-store", ...mapped.headers },
  });
};

/** GET /api/orgs/{orgId}/export?tab=&format=&<the page's filters>: the current tab as CSV or JSON. */
export async function GET(
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
): Promise<Response> {
  const url = new URL(req.url);
  // Without the query string: ?envelope=true must not turn the gate's 204 into a 200.
  const gate = await authorize(new Request(`${url.origin}${url.pathname}`, { headers: req.headers }), ctx);
  if (gate.status !== 204) return gate;
  try {
    const { tab, format } = exportQuerySchema.parse({
      tab: url.searchParams.get("tab") ?? undefined,
      format: url.searchParams.get("format") ?? undefined,
    });
    const { orgId } = orgParamsSchema.parse(await ctx.params);
    // The page's own parsers: a malformed filter falls back to its default, as it does on the page.
    const params = { ...loadListParams(url.searchParams), tab };
    const file = await exportInvitations({ orgId, params, format });
    return new Response(file.body, {
      status: 200,
      headers: {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    return fail(e);
  }
}
