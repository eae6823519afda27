"use client";

import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";
import { BULK_FIELD_LABELS, type BulkField } from "@/lib/bulk/csv-format";
import type { ParsedCsv } from "@/lib/bulk/parse-csv";
import { count, plural, tooManyRowsText } from "./bulk-text";
import { headersToMap, MAPPING_CHOICES, type HeaderMapping } from "./import-form-model";

const DELIMITER_NAMES: Record<ParsedCsv["delimiter"], string> = {
  ",": "commas",
  ";": "semicolons",
  "\t": "tabs",
};

/** How many rows with problems the preview lists (the plan lists them all, as Invalid). */
const PROBLEMS_SHOWN = 5;

/**
 * What the browser read from the pasted or uploaded text (lib/bulk/parse-csv.ts, the parser the server plans
 * with): the columns and the field each fills, a select for each column it did not recognise, the row count,
 * and the problems it can see without the org's data.
 */
export function CsvPreview({
  parsed,
  mapping,
  onMap,
}: {
  parsed: ParsedCsv;
  mapping: HeaderMapping;
  onMap: (header: string, field: BulkField | null) => void;
}) {
  const toMap = headersToMap(parsed, mapping);
  const withProblems = parsed.rows.filter((r) => r.problems.length > 0);
  return (
    <section aria-labelledby="csv-preview-title" className="space-y-3 rounded-md border border-line p-3">
      <h3 id="csv-preview-title" className="text-sm font-semibold">
        What the console read
      </h3>
      <p className="text-sm" role="status">
        {plural(parsed.dataLines, "data line")}
        {parsed.hasHeader
          ? ` · columns separated by ${DELIMITER_NAMES[parsed.delimiter]}`
          : " · a list of addresses (no header line)"}
      </p>

      {parsed.tooMany ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft">
          {tooManyRowsText(parsed.dataLines)}
        </p>
      ) : null}
      {parsed.missingFields.includes("email") ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2 text-sm text-on-danger-soft">
          No column holds the e-mail addresses. Name one &quot;email&quot;, or choose E-mail for it below.
        </p>
      ) : null}

      <div>
        <h4 className="text-xs font-medium text-muted">Columns</h4>
        <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Columns and what they fill">
          {parsed.headers.map((h) => {
            const field = parsed.mapping[h];
            return (
              <li key={h} className="max-w-full">
                <span
                  className={cn(
                    "inline-block max-w-full rounded px-1.5 py-px text-xs font-medium break-all",
                    field
                      ? "bg-info-soft text-on-info-soft"
                      : "bg-subtle text-muted ring-1 ring-line ring-inset",
                  )}
                >
                  {h}
                  <span aria-hidden="true">&nbsp;→&nbsp;</span>
                  <span className="sr-only"> fills </span>
                  {field ? BULK_FIELD_LABELS[field] : "ignored"}
                </span>
              </li>
            );
          })}
        </ul>
      </div>

      {toMap.length ? (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">
            Columns the console does not recognise ({toMap.length})
          </legend>
          <p className="text-xs text-muted">Choose what each holds; an ignored column is not read.</p>
          <ul className="space-y-2">
            {toMap.map((h, i) => {
              const id = `bulk-map-${i}`;
              const value = mapping[h] ?? parsed.mapping[h] ?? "";
              return (
                <li key={h} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <label htmlFor={id} className="min-w-0 text-sm break-all">
                    Column <span className="font-medium">&ldquo;{h}&rdquo;</span> holds
                  </label>
                  <Select
                    id={id}
                    className="w-full sm:w-56"
                    value={value}
                    onChange={(e) => onMap(h, (e.target.value || null) as BulkField | null)}
                  >
                    {MAPPING_CHOICES.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </Select>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ) : null}

      {parsed.duplicateHeaders.length ? (
        <p className="text-sm text-muted">
          Not read (another column fills the same field first): {parsed.duplicateHeaders.join(", ")}.
        </p>
      ) : null}

      {withProblems.length ? (
        <div className="text-sm">
          <p className="font-medium">
            {plural(withProblems.length, "row")} with problems: the plan lists{" "}
            {withProblems.length === 1 ? "it" : "them"} as Invalid and sends nothing for{" "}
            {withProblems.length === 1 ? "it" : "them"}.
          </p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-muted">
            {withProblems.slice(0, PROBLEMS_SHOWN).map((r) => (
              <li key={r.line} className="break-words">
                Line {count(r.line)}
                {r.email ? ` (${r.email})` : ""}:{" "}
                {r.problems.map((p) => `${BULK_FIELD_LABELS[p.field]}: ${p.reason}`).join("; ")}
              </li>
            ))}
            {withProblems.length > PROBLEMS_SHOWN ? (
              <li>and {plural(withProblems.length - PROBLEMS_SHOWN, "more row")}</li>
            ) : null}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
