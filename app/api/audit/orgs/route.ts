import { withConsole } from "@/lib/server/api/with-console";
import { listAuditLogOrgs } from "@/lib/server/audit-log/list-orgs";

/** GET /api/audit/orgs — the Audit page's org filter: every org known by name or named in the log. */
export const GET = withConsole({ action: "audit.read" }, async () => ({
  body: await listAuditLogOrgs(),
}));
