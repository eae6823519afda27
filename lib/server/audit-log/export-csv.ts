import "server-only";
import type { AuditFilters } from "@/lib/schemas/audit";
import { auditCsvStream } from "../audit/csv";
import { getDb } from "../db";

/** Every matching audit row as CSV, streamed a batch of rows at a time. */
export async function exportAuditCsv({
  filters,
}: {
  filters: AuditFilters;
}): Promise<ReadableStream<Uint8Array>> {
  return auditCsvStream(await getDb(), filters);
}
