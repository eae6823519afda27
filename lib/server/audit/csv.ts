import "server-only";
import { csvHeader as csvHeaderLine, csvRows as csvDataLines } from "@/lib/csv";
import type { AuditFilters, AuditNames, AuditRow } from "@/lib/schemas/audit";
import { auditGrantsText } from "@/lib/schemas/audit-grants";
import type { Db } from "../db";
import { logger } from "../log";
import { resolveAuditNames } from "./names";
import { allAudit } from "./query";

// CSV export of the audit log; cells are escaped (formula cells neutralised) by lib/csv.ts. Ids and the names
// they had when exported are both kept: a name may change or be reused, an id does not. `grants_named` reads
// like the Audit page (lib/schemas/audit-grants.ts): role labels, names, an edit's + / −.

type Get = (r: AuditRow, n: AuditNames) => string | number | null;

const nameOf = (table: Record<string, string>, id: string | null) => (id ? (table[id] ?? null) : null);

const COLUMNS: [string, Get][] = [
  ["time_utc", (r) => r.createdAt],
  ["completed_utc", (r) => r.completedAt],
  ["console_user", (r) => r.userEmail],
  ["console_user_id", (r) => r.userId],
  ["via_token", (r) => r.tokenName],
  ["ip", (r) => r.ip],
  ["user_agent", (r) => r.userAgent],
  ["action", (r) => r.action],
  ["connection", (r) => r.connectionId],
  ["connection_name", (r, n) => nameOf(n.connections, r.connectionId)],
  ["org_id", (r) => r.orgId],
  ["org_name", (r, n) => nameOf(n.orgs, r.orgId)],
  ["target_email", (r) => r.targetEmail],
  ["target_id", (r) => r.targetId],
  ["grants", (r) => (r.grants === null || r.grants === undefined ? null : JSON.stringify(r.grants))],
  ["grants_named", (r, n) => auditGrantsText(r.grants, n)],
  ["outcome", (r) => r.outcome],
  ["atlas_status", (r) => r.atlasStatus],
  ["atlas_error_code", (r) => r.atlasErrorCode],
  ["detail", (r) => r.detail],
  ["audit_id", (r) => r.id],
];

function csvHeader(): string {
  return csvHeaderLine(COLUMNS.map(([name]) => name));
}

function csvRows(rows: AuditRow[], names: AuditNames): string {
  return csvDataLines(rows.map((r) => COLUMNS.map(([, get]) => get(r, names))));
}

/**
 * The matching rows as CSV text, header first, one batch of rows at a time (keyset pages from `allAudit`):
 * memory stays at one batch however long the log is. Cancelling the stream stops the query.
 */
export function auditCsvStream(db: Db, filters: AuditFilters, batch?: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pages = allAudit(db, filters, batch);
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvHeader()));
          return;
        }
        try {
          const next = await pages.next();
          if (next.done) {
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(csvRows(next.value, await resolveAuditNames(db, next.value))));
        } catch (err) {
          // The 200 and the header are already sent: the download ends short, and the log says why.
          logger.error({ err: err instanceof Error ? err.message : String(err) }, "audit CSV export failed");
          controller.error(err);
        }
      },
      async cancel() {
        await pages.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
