import { auditFiltersSchema } from "@/lib/schemas/audit";
import { mapError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { exportAuditCsv } from "@/lib/server/audit-log/export-csv";

// withConsole answers JSON only: it authenticates and authorizes here (its 204 means "go on"), and the CSV
// is streamed below, a batch of rows at a time. Same filters as GET /api/audit, every matching row.
const authorize = withConsole({ action: "audit.read" }, async () => ({ status: 204 }));

export async function GET(
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
): Promise<Response> {
  const url = new URL(req.url);
  // Without the query string: ?envelope=true must not turn the gate's 204 into a 200.
  const gate = await authorize(new Request(`${url.origin}${url.pathname}`, { headers: req.headers }), ctx);
  if (gate.status !== 204) return gate;
  const parsed = auditFiltersSchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    const mapped = mapError(parsed.error);
    return Response.json(mapped.body, { status: mapped.status, headers: { "Cache-Control": "no-store" } });
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "Z");
  return new Response(await exportAuditCsv({ filters: parsed.data }), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
