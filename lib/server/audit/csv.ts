import "server-only";
import Papa from "papaparse";
import type { AuditRow } from "@/lib/schemas/audit";

// CSV export of the audit log. Spreadsheet programs run a cell that starts with = + - @ (or a tab or
// carriage return) as a formula: such cells get a leading apostrophe (OWASP "CSV injection").

const COLUMNS: [string, (r: AuditRow) => string | number | null][] = [
  ["time_utc", (r) => r.createdAt],
  ["completed_utc", (r) => r.completedAt],
  ["console_user", (r) => r.userEmail],
  ["console_user_id", (r) => r.userId],
  ["ip", (r) => r.ip],
  ["user_agent", (r) => r.userAgent],
  ["action", (r) => r.action],
  ["connection", (r) => r.connectionId],
  ["org_id", (r) => r.orgId],
  ["target_email", (r) => r.targetEmail],
  ["target_id", (r) => r.targetId],
  ["grants", (r) => (r.grants === null || r.grants === undefined ? null : JSON.stringify(r.grants))],
  ["outcome", (r) => r.outcome],
  ["atlas_status", (r) => r.atlasStatus],
  ["atlas_error_code", (r) => r.atlasErrorCode],
  ["detail", (r) => r.detail],
  ["audit_id", (r) => r.id],
];

export function safeCell(value: string | number | null): string {
  if (value === null) return "";
  const s = String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export function auditCsvHeader(): string {
  return `${Papa.unparse([COLUMNS.map(([name]) => name)], { newline: "\r\n" })}\r\n`;
}

export function auditCsvRows(rows: AuditRow[]): string {
  if (rows.length === 0) return "";
  const data = rows.map((r) => COLUMNS.map(([, get]) => safeCell(get(r))));
  return `${Papa.unparse(data, { newline: "\r\n", quotes: true })}\r\n`;
}
