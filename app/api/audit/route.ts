import { auditPageSchema } from "@/lib/schemas/audit";
import { withConsole } from "@/lib/server/api/with-console";
import { listAuditEntries } from "@/lib/server/audit-log/list-entries";

/** GET /api/audit?from&to&user&action&org&target&outcome&page&pageSize — admins only, newest first. */
export const GET = withConsole({ action: "audit.read" }, async ({ url }) => {
  const query = auditPageSchema.parse(Object.fromEntries(url.searchParams));
  return { body: await listAuditEntries(query) };
});
