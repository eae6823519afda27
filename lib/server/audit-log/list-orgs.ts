import "server-only";
import { listAuditOrgs } from "../audit/query";
import { getDb } from "../db";

/** The Audit page's org filter: every org known by name or named in the log. */
export async function listAuditLogOrgs() {
  return listAuditOrgs(await getDb());
}
