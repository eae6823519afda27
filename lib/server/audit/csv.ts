import "server-only";
import Papa from "papaparse";
import type { AuditNames, AuditRow } from "@/lib/schemas/audit";

// CSV export of the audit log. Spreadsheet programs run a cell that starts with = + - @ (or a tab or
// carriage return) as a formula: such cells get a leading apostrophe (OWASP "CSV injection"). Ids and the
// names they had when exported are both kept: a name may change or be reused, an id does not.

type Get = (r: AuditRow, n: AuditNames) => string | number | null;

const nameOf = (table: Record<string, string>, id: string | null) => (id ? (table[id] ?? null) : null);

/** The grants with team and project names (ids where no name is known), for people reading the export. */
function grantsNamed(grants: unknown, n: AuditNames): string | null {
  if (!grants || typeof grants !== "object") return null;
  const g = grants as {
    orgRoles?: string[];
    teamIds?: string[];
    projectRoles?: { projectId: string; roles: string[] }[];
  };
  const parts: string[] = [];
  if (g.orgRoles?.length) parts.push(`org: ${g.orgRoles.join(", ")}`);
  if (g.teamIds?.length) parts.push(`teams: ${g.teamIds.map((t) => n.teams[t] ?? t).join(", ")}`);
  for (const p of g.projectRoles ?? []) {
    parts.push(`${n.projects[p.projectId] ?? p.projectId}: ${p.roles.join(", ")}`);
  }
  return parts.length > 0 ? parts.join("; ") : null;
}

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
  ["grants_named", (r, n) => grantsNamed(r.grants, n)],
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
