import { z } from "zod";
import { isRateLimited, type ApiError } from "@/lib/api-client/errors";
import type { BulkField } from "@/lib/bulk/csv-format";
import type { ParsedCsv } from "@/lib/bulk/parse-csv";
import { bulkImportInputSchema, type BulkImportInput } from "@/lib/schemas/bulk";
import { grantsInputSchema, refineDistinctProjects } from "@/lib/schemas/grants";

// The New import form (components/bulk/new-import-form.tsx): its values, the request they make, where a
// refusal is shown, and which columns ask for a mapping.

/**
 * The form's check: the import's text and label as the route reads them, and the "all rows" grants as the
 * invite form asks them (at least one org role: rows without their own roles get these).
 */
export const bulkImportFormSchema = z
  .object({
    label: bulkImportInputSchema.shape.label,
    csv: bulkImportInputSchema.shape.csv,
    /** "" = the org's default preset, if it has one (the server's rule for a null presetId). */
    presetId: z.string().max(64),
    ...grantsInputSchema.shape,
  })
  .superRefine(refineDistinctProjects);
export type BulkImportFormValues = z.input<typeof bulkImportFormSchema>;
export type BulkImportFormOutput = z.output<typeof bulkImportFormSchema>;

export const BULK_IMPORT_DEFAULTS: BulkImportFormValues = {
  label: "",
  csv: "",
  presetId: "",
  orgRoles: ["ORG_MEMBER"],
  teamIds: [],
  projectRoles: [],
};

/** The mapping choices of a column the console did not recognise ("" = ignore the column). */
export const MAPPING_CHOICES: { value: BulkField | ""; label: string }[] = [
  { value: "", label: "Ignore this column" },
  { value: "email", label: "E-mail" },
  { value: "orgRoles", label: "Organization roles" },
  { value: "teams", label: "Teams" },
  { value: "projectRoles", label: "Project roles" },
  { value: "preset", label: "Preset" },
];

export type HeaderMapping = Record<string, BulkField | null>;

/**
 * The columns that get a mapping select: those the parse did not recognise, and those the person has mapped
 * already (a mapped column is no longer "unknown" to the parser, but its select must stay), in file order.
 */
export function headersToMap(parsed: Pick<ParsedCsv, "headers" | "unknownHeaders">, mapping: HeaderMapping) {
  return parsed.headers.filter((h) => parsed.unknownHeaders.includes(h) || Object.hasOwn(mapping, h));
}

/** The person's choices for the columns the text still has (a column removed from the text drops out). */
export function mappingFor(headers: readonly string[], mapping: HeaderMapping): HeaderMapping | undefined {
  const kept = Object.entries(mapping).filter(([h]) => headers.includes(h));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** What POST /api/orgs/{orgId}/bulk receives. */
export function bulkImportInput(
  values: BulkImportFormOutput,
  headers: readonly string[],
  mapping: HeaderMapping,
): BulkImportInput {
  const chosen = mappingFor(headers, mapping);
  return {
    label: values.label || "pasted",
    csv: values.csv,
    ...(chosen ? { mapping: chosen } : {}),
    defaults: {
      orgRoles: values.orgRoles,
      teamIds: values.teamIds,
      projectRoles: values.projectRoles,
      presetId: values.presetId || null,
    },
  };
}

/** Why the Preview button does not send yet (the parse already shows it on the page), or null. */
export function previewBlocker(
  parsed: Pick<ParsedCsv, "missingFields" | "tooMany" | "dataLines"> | null,
): string | null {
  if (!parsed || parsed.dataLines === 0) return "Paste or upload a CSV with at least one row.";
  if (parsed.tooMany) return "The file has too many rows for one import.";
  if (parsed.missingFields.includes("email")) return "No column holds the e-mail addresses: map one below.";
  return null;
}

/** A server field key ("defaults.projectRoles.0.roles") as the form's field path, or null. */
function formFieldFor(key: string): string | null {
  const parts = key.split(".");
  const [head] = parts;
  if (head === "csv" || head === "label") return head;
  if (head !== "defaults") return null;
  const [, field, index, leaf] = parts;
  if (field === "orgRoles" || field === "teamIds" || field === "presetId") return field;
  if (field !== "projectRoles") return null;
  if (index !== undefined && /^\d+$/.test(index) && (leaf === "projectId" || leaf === "roles")) {
    return `projectRoles.${index}.${leaf}`;
  }
  return "projectRoles";
}

export interface PlacedBulkError {
  /** Form path -> message, in the server's order (the first one gets focus). */
  fields: Array<[string, string]>;
  /** Shown above the button when no field carries the message (or part of it). */
  formMessage: string | null;
}

/** A refused plan beside the field it names (nothing typed is lost), else for the whole form. */
export function placeBulkImportError(
  error: Pick<ApiError, "code" | "message" | "fields" | "retryAfter">,
): PlacedBulkError {
  const formMessage =
    isRateLimited(error.code) && error.retryAfter && !error.message.includes(`${error.retryAfter} s`)
      ? `${error.message} Retry in ${error.retryAfter} s.`
      : error.message;
  const fields: Array<[string, string]> = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(error.fields ?? {})) {
    const path = formFieldFor(key);
    if (!path) unplaced.push(key === "_" ? message : `${key}: ${message}`);
    else if (!fields.some(([p]) => p === path)) fields.push([path, message]);
  }
  if (error.code === "invalid_input" && fields.length > 0 && unplaced.length === 0)
    return { fields, formMessage: null };
  return { fields, formMessage: unplaced.length > 0 ? `${formMessage} ${unplaced.join("; ")}` : formMessage };
}
