import Papa from "papaparse";
import { emailSchema } from "@/lib/schemas/invitations";
import { MAX_BULK_ROWS } from "@/lib/schemas/onboarding";
import {
  BULK_FIELDS,
  type BulkField,
  type CsvDelimiter,
  fieldForHeader,
  REQUIRED_BULK_FIELDS,
} from "./csv-format";
import { type ParsedRow, parseRow } from "./parse-row";

export type { ParsedRow } from "./parse-row";

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
