import { emailSchema } from "@/lib/schemas/invitations";
import {
  type BulkField,
  CONTROL_CHARACTER,
  type CsvDelimiter,
  MAX_CELL_CHARS,
  MAX_CELL_VALUES,
  orgRoleFromCell,
  projectRoleFromCell,
  splitListCell,
  splitProjectPair,
} from "./csv-format";

// One data line of a bulk-invite CSV (docs/bulk-csv.md) read into its fields, with the problems that can be
// seen without the org's data. lib/bulk/parse-csv.ts splits the text into lines and maps the columns.

export interface ParsedRow {
  /**
   * 1 = the first line after the header: a spreadsheet's row number minus 1. Blank lines count (they are
   * spreadsheet rows too), a quoted cell over several lines counts once, a leading "sep=" line not at all.
   * In a paste without a header, line 1 is the first line.
   */
  line: number;
  /** The cells by header. */
  original: Record<string, string>;
  /** Trimmed and lower-cased; "" when missing. */
  email: string;
  /** Atlas values. */
  orgRoles: string[];
  /** As written: names or 24-hex ids. */
  teams: string[];
  /** Project name or id as written, roles as Atlas values. */
  projects: { project: string; roles: string[] }[];
  preset: string | null;
  /** Input problems found without the org's data. */
  problems: { field: BulkField; reason: string }[];
}

type Problem = ParsedRow["problems"][number];

/** One non-blank data line: its cells by header, read into fields by the mapping. Never throws. */
export function parseRow(
  d: { line: number; cells: string[]; quoteError: boolean },
  headers: readonly string[],
  mapping: Record<string, BulkField | null>,
  delimiter: CsvDelimiter,
): ParsedRow {
  const cells: [string, string][] = [];
  const byField = new Map<BulkField, string[]>();
  headers.forEach((h, i) => {
    const cell = (d.cells[i] ?? "").trim();
    cells.push([h, cell]);
    const field = mapping[h];
    if (field) byField.set(field, [...(byField.get(field) ?? []), cell]);
  });

  const original: Record<string, string> = Object.fromEntries(cells);
  const problems: Problem[] = [];
  const add = (field: BulkField, reason: string) => {
    if (!problems.some((p) => p.field === field && p.reason === reason)) problems.push({ field, reason });
  };
  // Cells a field can read: a cell with a control character or too long is a problem, and not read further.
  const usable = (field: BulkField): string[] =>
    (byField.get(field) ?? []).filter((cell) => {
      if (CONTROL_CHARACTER.test(cell)) add(field, "contains a control character");
      else if (cell.length > MAX_CELL_CHARS) add(field, `is longer than ${MAX_CELL_CHARS} characters`);
      else return true;
      return false;
    });

  const extra = d.cells.slice(headers.length).filter((c) => c.trim() !== "").length;
  if (extra > 0) {
    const last = headers.length > 0 ? (mapping[headers[headers.length - 1] ?? ""] ?? "email") : "email";
    add(
      last,
      `is followed by ${extra} more ${extra === 1 ? "cell" : "cells"} than the header has (quote a cell that holds ${delimiter === "\t" ? "a tab" : `"${delimiter}"`})`,
    );
  }
  if (d.quoteError) {
    const field = headers.map((h) => mapping[h]).find((f, i) => f && /["\n]/.test(d.cells[i] ?? "")) as
      BulkField | undefined;
    add(field ?? "email", "has a quote that is not closed (write a quote inside a quoted cell twice)");
  }

  // E-mail: one column (a second one mapped to it is ignored, see duplicateHeaders).
  let email = "";
  const emailCell = byField.get("email")?.[0] ?? "";
  const [readable] = usable("email");
  if (emailCell === "")
    add("email", byField.has("email") ? "is missing" : "is missing (the file has no e-mail column)");
  else if (readable === undefined)
    email = emailCell.replace(new RegExp(CONTROL_CHARACTER.source, "g"), "").toLowerCase();
  else {
    const result = emailSchema.safeParse(readable);
    email = result.success ? result.data : readable.toLowerCase();
    if (!result.success) add("email", "is not a valid e-mail address");
  }

  // Organization roles
  const orgRoles: string[] = [];
  const roleValues = usable("orgRoles").flatMap((c) => splitListCell(c, delimiter));
  if (roleValues.length > MAX_CELL_VALUES) add("orgRoles", `has more than ${MAX_CELL_VALUES} values`);
  else
    for (const v of roleValues) {
      const role = orgRoleFromCell(v);
      if (!role) add("orgRoles", `unknown organization role '${v}'`);
      else if (!orgRoles.includes(role)) orgRoles.push(role);
    }

  // Teams
  const teamValues = usable("teams").flatMap((c) => splitListCell(c, delimiter));
  let teams: string[] = [];
  if (teamValues.length > MAX_CELL_VALUES) add("teams", `has more than ${MAX_CELL_VALUES} values`);
  else teams = [...new Set(teamValues)];

  // Project roles
  const projects: ParsedRow["projects"] = [];
  const pairValues = usable("projectRoles").flatMap((c) => splitListCell(c, delimiter));
  if (pairValues.length > MAX_CELL_VALUES) add("projectRoles", `has more than ${MAX_CELL_VALUES} values`);
  else
    for (const v of pairValues) {
      const pair = splitProjectPair(v);
      if (!pair) {
        add("projectRoles", `'${v}' is not written project:ROLE (such as Analytics:GROUP_READ_ONLY)`);
        continue;
      }
      const roles: string[] = [];
      for (const r of pair.roles) {
        const role = projectRoleFromCell(r);
        if (!role) add("projectRoles", `unknown project role '${r}' for '${pair.project}'`);
        else if (!roles.includes(role)) roles.push(role);
      }
      // The same project twice in a row: one assignment with both lists of roles.
      const same = projects.find((p) => p.project.toLowerCase() === pair.project.toLowerCase());
      if (same) same.roles.push(...roles.filter((r) => !same.roles.includes(r)));
      else projects.push({ project: pair.project, roles });
    }

  // Preset
  const presetCell = usable("preset")[0] ?? "";
  const preset = presetCell === "" ? null : presetCell;

  return { line: d.line, original, email, orgRoles, teams, projects, preset, problems };
}
