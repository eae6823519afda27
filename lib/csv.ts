import Papa from "papaparse";

// CSV for spreadsheets, shared by every export (the audit log, lib/server/audit/csv.ts; the invitation lists,
// lib/server/invitations/export-invitations.ts). Spreadsheet programs run a cell that starts with = + - @ (or
// a tab or carriage return) as a formula: papaparse's escapeFormulae gives such cells a leading apostrophe
// (OWASP "CSV injection"). Its default pattern ends in `.*$` without the s flag, so it misses a formula cell
// that holds a line break: ours tests only the first character.

export const FORMULA_START = /^[=+\-@\t\r]/;
export const CSV_NEWLINE = "\r\n";

export type CsvCell = string | number | null;

/** The header line (column names are ours, never formulas). */
export function csvHeader(names: readonly string[]): string {
  return `${Papa.unparse([names as string[]], { newline: CSV_NEWLINE })}${CSV_NEWLINE}`;
}

/** Data lines, every cell quoted and formula cells neutralised; "" for no rows. */
export function csvRows(rows: CsvCell[][]): string {
  if (rows.length === 0) return "";
  return `${Papa.unparse(rows, { newline: CSV_NEWLINE, quotes: true, escapeFormulae: FORMULA_START })}${CSV_NEWLINE}`;
}
