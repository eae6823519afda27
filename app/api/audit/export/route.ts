import { auditFiltersSchema } from "@/lib/schemas/audit";
import { withConsoleFile } from "@/lib/server/api/with-console-file";
import { exportAuditCsv } from "@/lib/server/audit-log/export-csv";

/** The audit log as CSV, streamed a batch of rows at a time: the filters of GET /api/audit, every matching row. */
export const GET = withConsoleFile({ action: "audit.read" }, async ({ url }) => {
  const filters = auditFiltersSchema.parse(Object.fromEntries(url.searchParams));
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*/, "Z");
  return {
    body: await exportAuditCsv({ filters }),
    filename: `audit-${stamp}.csv`,
    contentType: "text/csv; charset=utf-8",
  };
});
