// The New import form's logic (components/bulk/import-form-model.ts) on real parses (lib/bulk/parse-csv.ts):
// which columns get a mapping select, the request it sends, what blocks the preview, and where a refusal goes.
import { describe, expect, it } from "vitest";
import {
  BULK_IMPORT_DEFAULTS,
  bulkImportFormSchema,
  bulkImportInput,
  headersToMap,
  mappingFor,
  placeBulkImportError,
  previewBlocker,
} from "@/components/bulk/import-form-model";
import { parseBulkCsv } from "@/lib/bulk/parse-csv";
import { bulkImportInputSchema } from "@/lib/schemas/bulk";

const CSV = "email,Department,org roles\nada@example.com,Data,ORG_MEMBER\ngrace@example.com,Ops,\n";

describe("mapping unknown columns", () => {
  it("offers a select for each unknown column, and keeps it once mapped", () => {
    const first = parseBulkCsv(CSV);
    expect(headersToMap(first, {})).toEqual(["Department"]);
    const mapping = { Department: "teams" as const };
    const mapped = parseBulkCsv(CSV, { mapping });
    expect(mapped.unknownHeaders).toEqual([]);
    expect(mapped.mapping.Department).toBe("teams");
    expect(headersToMap(mapped, mapping)).toEqual(["Department"]);
    expect(mapped.rows[0]?.teams).toEqual(["Data"]);
  });

  it("drops the choices for columns the text no longer has", () => {
    expect(mappingFor(["email", "Department"], { Department: null, Gone: "teams" })).toEqual({
      Department: null,
    });
    expect(mappingFor(["email"], { Gone: "teams" })).toBeUndefined();
  });
});

describe("the request", () => {
  it("is what the plan route parses: label, text, mapping and the defaults for all rows", () => {
    const values = bulkImportFormSchema.parse({
      ...BULK_IMPORT_DEFAULTS,
      csv: CSV,
      teamIds: ["5f2000000000000000000001"],
    });
    const input = bulkImportInput(values, parseBulkCsv(CSV).headers, { Department: null, Gone: "teams" });
    expect(input).toEqual({
      label: "pasted",
      csv: CSV,
      mapping: { Department: null },
      defaults: {
        orgRoles: ["ORG_MEMBER"],
        teamIds: ["5f2000000000000000000001"],
        projectRoles: [],
        presetId: null,
      },
    });
    expect(bulkImportInputSchema.safeParse(input).success).toBe(true);
    const withPreset = bulkImportFormSchema.parse({ ...BULK_IMPORT_DEFAULTS, csv: CSV, presetId: "p1" });
    expect(bulkImportInput(withPreset, [], {}).defaults?.presetId).toBe("p1");
  });

  it("asks for at least one default org role and a project listed once", () => {
    const noRoles = bulkImportFormSchema.safeParse({ ...BULK_IMPORT_DEFAULTS, csv: CSV, orgRoles: [] });
    expect(noRoles.success).toBe(false);
    const p = { projectId: "5f3000000000000000000001", roles: ["GROUP_READ_ONLY"] };
    const twice = bulkImportFormSchema.safeParse({ ...BULK_IMPORT_DEFAULTS, csv: CSV, projectRoles: [p, p] });
    expect(twice.error?.issues.map((i) => i.path.join("."))).toEqual(["projectRoles.1.projectId"]);
  });
});

describe("what blocks the preview", () => {
  it("is an empty text, a file without an e-mail column, or more than 5,000 rows", () => {
    expect(previewBlocker(null)).toMatch(/at least one row/);
    expect(previewBlocker(parseBulkCsv("email\n"))).toMatch(/at least one row/);
    expect(previewBlocker(parseBulkCsv("name,team\nAda,Data\n"))).toMatch(/e-mail/);
    const many = `email\n${Array.from({ length: 5_001 }, (_, i) => `p${i}@example.com`).join("\n")}`;
    expect(previewBlocker(parseBulkCsv(many))).toMatch(/too many rows/);
    expect(previewBlocker(parseBulkCsv(CSV))).toBeNull();
  });

  it("is not a row with problems: the plan lists it as Invalid", () => {
    expect(previewBlocker(parseBulkCsv("email\nnot-an-address\nada@example.com\n"))).toBeNull();
  });
});

describe("a refused plan", () => {
  it("lands beside the fields it names, with nothing at form level for an input refusal", () => {
    const placed = placeBulkImportError({
      code: "invalid_input",
      message: "Check the highlighted fields.",
      fields: {
        csv: "the file is too large for one import",
        "defaults.projectRoles.0.roles": "pick a role",
        "defaults.presetId": "The preset chosen for all rows no longer exists: choose another.",
      },
    });
    expect(placed).toEqual({
      fields: [
        ["csv", "the file is too large for one import"],
        ["projectRoles.0.roles", "pick a role"],
        ["presetId", "The preset chosen for all rows no longer exists: choose another."],
      ],
      formMessage: null,
    });
  });

  it("keeps what no field shows, and says when to retry a rate limit", () => {
    expect(
      placeBulkImportError({
        code: "invalid_input",
        message: "Refused.",
        fields: { "mapping.Dept": "unknown field" },
      }),
    ).toEqual({ fields: [], formMessage: "Refused. mapping.Dept: unknown field" });
    expect(
      placeBulkImportError({ code: "rate_limited", message: "Too many requests.", retryAfter: 12 }),
    ).toEqual({
      fields: [],
      formMessage: "Too many requests. Retry in 12 s.",
    });
  });
});
