import "server-only";
import Papa from "papaparse";
import type { AuditNames, AuditRow } from "@/lib/schemas/audit";
import { auditGrantsText } from "@/lib/schemas/audit-grants";

// CSV export of the audit log. Spreadsheet programs run a cell that starts with = + - @ (or a tab or
// carriage return) as a formula: such cells get a leading apostrophe (OWASP "CSV injection"). Ids and the
// names they had when exported are both kept: a name may change or be reused, an id does not. `grants_named`
// reads like the Audit page (lib/schemas/audit-grants.ts): role labels, names, an edit's + / −.

type Get = (r: AuditRow, n: AuditNames) => string | number | null;

const nameOf = (table: Record<string, string>, id: string | null) => (id ? (table[id] ?? null) : null);

const COLUMNS: [string, Get][] = [
  ["time_utc", (r) => r.createdAt],
  ["completed_utc", (r) => r.completedAt],
  ["console_user", (r) => r.userEmail],
  ["console_user_id", (r) => r.userId],
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

function safeCell(value: string | number | null): string {
  if (value === null) return "";
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function auditCsvHeader(): string {
  return `${Papa.unparse([COLUMNS.map(([name]) => name)], { newline: "\r\n" })}\r\n`;
}

export function auditCsvRows(rows: AuditRow[], names: AuditNames): string {
  if (rows.length === 0) return "";
  const data = rows.map((r) => COLUMNS.map(([, get]) => safeCell(get(r, names))));
  return `${Papa.unparse(data, { newline: "\r\n", quotes: true })}\r\n`;
}
