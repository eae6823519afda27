import { withConsole } from "@/lib/server/api/with-console";
import { listAuditOrgs } from "@/lib/server/audit/query";
import { getDb } from "@/lib/server/db";

/** GET /api/audit/orgs — the Audit page's org filter: every org known by name or named in the log. */
export const GET = withConsole({ action: "audit.read" }, async () => ({
  body: await listAuditOrgs(await getDb()),
}));
