import { auditPageSchema } from "@/lib/schemas/audit";
import { withConsole } from "@/lib/server/api/with-console";
import { listAudit } from "@/lib/server/audit/query";
import { getDb } from "@/lib/server/db";

/** GET /api/audit?from&to&user&action&org&target&outcome&page&pageSize — admins only, newest first. */
export const GET = withConsole({ action: "audit.read" }, async ({ url }) => {
  const query = auditPageSchema.parse(Object.fromEntries(url.searchParams));
  return { body: await listAudit(await getDb(), query) };
});
