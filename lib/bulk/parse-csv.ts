import Papa from "papaparse";
import { emailSchema } from "@/lib/schemas/invitations";
import { MAX_BULK_ROWS } from "@/lib/schemas/onboarding";
import {
  BULK_FIELDS,
  type BulkField,
  CONTROL_CHARACTER,
  type CsvDelimiter,
  fieldForHeader,
  MAX_CELL_CHARS,
  MAX_CELL_VALUES,
  orgRoleFromCell,
  projectRoleFromCell,
  REQUIRED_BULK_FIELDS,
  splitListCell,
  splitProjectPair,
} from "./csv-format";

// Reads a bulk-invite CSV (docs/bulk-csv.md) into one row per non-blank data line, with the problems that can
// be seen without the org's data. Never throws on any text: whatever a file holds becomes rows and problems.
// Pure and client-safe: the browser previews with it and the server job plans with it (lib/bulk/resolve-row.ts).

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** The header cells, in order (BOM stripped, trimmed; a repeated name gets " (2)", a blank one "column N"). */
  headers: string[];
  /** Header -> field (null = ignored). */
  mapping: Record<string, BulkField | null>;
  /** Headers matched to no field, and blank-named columns that hold data. */
  unknownHeaders: string[];
  /** Required fields no column maps to: ["email"] when there is no e-mail column. */
  missingFields: BulkField[];
  /** Exactly one per non-blank data line, in order. */
  rows: ParsedRow[];
  /** More than MAX_BULK_ROWS data lines: rows then holds none. */
  tooMany: boolean;
  /** Non-blank data lines counted. */
  dataLines: number;
  /** False for a paste of bare addresses (the first line is itself an address): headers is then ["email"]. */
  hasHeader: boolean;
  /** Later columns mapped to a single-valued field (email, preset) that an earlier column already fills. */
  duplicateHeaders: string[];
}

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

export interface ParseBulkCsvOptions {
  /** Header -> field, replacing the automatic match for the headers it names. */
  mapping?: Record<string, BulkField | null>;
}

const LIST_FIELDS = new Set<BulkField>(["orgRoles", "teams", "projectRoles"]);
const DELIMITERS: readonly CsvDelimiter[] = ["\t", ";", ","];

/** Excel's hint on a file's first line: `sep=;`. */
const SEP_LINE = /^"?sep=(.)"?[,;\t ]*$/i;

export function parseBulkCsv(text: string, options: ParseBulkCsvOptions = {}): ParsedCsv {
  // One line ending for papaparse, which guesses a single one per file (mixed endings would merge lines).
  let body = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  let delimiter: CsvDelimiter | null = null;
  const firstBreak = body.indexOf("\n");
  const sep = SEP_LINE.exec(firstBreak < 0 ? body : body.slice(0, firstBreak));
  if (sep) {
    const named = sep[1] as CsvDelimiter;
    if (DELIMITERS.includes(named)) delimiter = named;
    body = firstBreak < 0 ? "" : body.slice(firstBreak + 1);
  }
  delimiter ??= detectDelimiter(body);

  const parsed = Papa.parse<string[]>(body, { delimiter, header: false, skipEmptyLines: false });
  const records = parsed.data;
  const quoteErrors = new Set(parsed.errors.filter((e) => e.type === "Quotes").map((e) => e.row));

  const isBlank = (r: readonly string[]) => r.every((c) => c.trim() === "");
  const headerAt = records.findIndex((r) => !isBlank(r));
  const first = headerAt < 0 ? [] : (records[headerAt] ?? []);
  const hasHeader = !(first.length > 0 && emailSchema.safeParse(first[0] ?? "").success);

  // Header names: trimmed, unique, blank ones named by position.
  const rawHeaders = hasHeader ? first.map((h) => h.replace(/^\uFEFF/, "").trim()) : ["email"];
  const headers: string[] = [];
  rawHeaders.forEach((h, i) => {
    let name = h || `column ${i + 1}`;
    for (let n = 2; headers.includes(name); n++) name = `${h || `column ${i + 1}`} (${n})`;
    headers.push(name);
  });

  // Built with Object.fromEntries: a header such as "__proto__" stays an ordinary key.
  const mappingEntries: [string, BulkField | null][] = [];
  const duplicateHeaders: string[] = [];
  const taken = new Set<BulkField>();
  headers.forEach((h, i) => {
    const override = options.mapping && Object.hasOwn(options.mapping, h) ? options.mapping[h] : undefined;
    let field = override !== undefined ? override : rawHeaders[i] ? fieldForHeader(rawHeaders[i]) : null;
    if (field && !BULK_FIELDS.includes(field)) field = null;
    // A list field takes every column mapped to it (values are merged); email and preset take the first.
    if (field && !LIST_FIELDS.has(field) && taken.has(field)) {
      duplicateHeaders.push(h);
      field = null;
    }
    if (field) taken.add(field);
    mappingEntries.push([h, field]);
  });
  const mapping: Record<string, BulkField | null> = Object.fromEntries(mappingEntries);
  const missingFields = REQUIRED_BULK_FIELDS.filter((f) => !taken.has(f));

  const dataStart = headerAt < 0 ? records.length : hasHeader ? headerAt + 1 : headerAt;
  const data: { line: number; cells: string[]; quoteError: boolean }[] = [];
  for (let i = dataStart; i < records.length; i++) {
    const cells = records[i] ?? [];
    if (!isBlank(cells))
      data.push({ line: i - headerAt + (hasHeader ? 0 : 1), cells, quoteError: quoteErrors.has(i) });
  }

  const blankNamedWithData = headers.filter(
    (h, i) => !rawHeaders[i] && mapping[h] === null && data.some((d) => (d.cells[i] ?? "").trim() !== ""),
  );
  const unknownHeaders = [
    ...headers.filter((h, i) => rawHeaders[i] && mapping[h] === null && !duplicateHeaders.includes(h)),
    ...blankNamedWithData,
  ].filter((h) => options.mapping?.[h] !== null);

  const tooMany = data.length > MAX_BULK_ROWS;
  const rows = tooMany ? [] : data.map((d) => parseRow(d, headers, mapping, delimiter));
  return {
    delimiter,
    headers,
    mapping,
    unknownHeaders,
    missingFields,
    rows,
    tooMany,
    dataLines: data.length,
    hasHeader,
    duplicateHeaders,
  };
}

/**
 * The delimiter the first line uses most, outside quotes (tab, then ";", then "," on a tie): a header line
 * holds no delimiter inside its names. A line with none (a one-column file, a list of addresses) reads as ",".
 * Papaparse's own guess is not used: it also tries "|" (the list separator inside cells) and judges by
 * field counts over several rows, which a one-column file does not have.
 */
function detectDelimiter(body: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>();
  let quoted = false;
  let seenContent = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "\n") {
      if (seenContent) break;
      counts.clear(); // a blank line before the header (",,," included) says nothing
    } else if (!quoted && (DELIMITERS as readonly string[]).includes(ch)) {
      counts.set(ch as CsvDelimiter, (counts.get(ch as CsvDelimiter) ?? 0) + 1);
    } else if (ch.trim() !== "") seenContent = true;
  }
  let best: CsvDelimiter = ",";
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

type Problem = ParsedRow["problems"][number];

function parseRow(
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
