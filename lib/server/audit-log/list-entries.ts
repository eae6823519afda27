import "server-only";
import type { AuditFilters } from "@/lib/schemas/audit";
import { listAudit } from "../audit/query";
import { getDb } from "../db";

// The Audit page's reads, for the route handlers (which reach neither lib/server/db nor lib/server/audit:
// eslint.config.js); the queries themselves live in lib/server/audit/query.ts and csv.ts.

/** One page of the audit log, newest first. */
export async function listAuditEntries(
  query: AuditFilters & { page: number; pageSize: number; cursor?: string },
) {
  return listAudit(await getDb(), query);
}
