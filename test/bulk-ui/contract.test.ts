// The browser side against the real route handlers (simulator behind them): the request the New import form
// builds (components/bulk/import-form-model.ts) is accepted, its mapping is applied, and every answer the
// pages read parses with the browser's schemas (lib/api-client/bulk/queries.ts) and reads as the page says it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/orgs/[orgId]/bulk/route";
import * as runRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/route";
import * as rowsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/rows/route";
import { rowReasonText, rowWhatText, runSummary } from "@/components/bulk/bulk-text";
import {
  BULK_IMPORT_DEFAULTS,
  bulkImportFormSchema,
  bulkImportInput,
  headersToMap,
} from "@/components/bulk/import-form-model";
import { bulkRowsSearch } from "@/lib/api-client/bulk/queries";
import { bulkRunResponseSchema } from "@/lib/schemas/bulk";
import { parseBulkCsv } from "@/lib/bulk/parse-csv";
import { bulkRowsPageSchema, bulkRunListSchema } from "@/lib/schemas/bulk";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/bulk`;
let sim: TestSim;

beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("inviter"));
}, 120_000);
afterAll(() => sim.close());

describe("the New import form's request, planned by the server", () => {
  it("is accepted, its mapped column is read, and the answers parse and read as the pages show them", async () => {
    const stamp = Date.now().toString(36);
    const csv = [
      "email,Access,Notes",
      `ui-${stamp}-a@example.com,ORG_READ_ONLY,first`,
      `ui-${stamp}-b@example.com,,second`,
      "not-an-address,,third",
    ].join("\n");
    const parsed = parseBulkCsv(csv);
    expect(headersToMap(parsed, {})).toEqual(["Access", "Notes"]);
    const values = bulkImportFormSchema.parse({ ...BULK_IMPORT_DEFAULTS, csv, label: "ui-contract.csv" });
    const input = bulkImportInput(values, parsed.headers, { Access: "orgRoles", Notes: null });

    const planned = await call(bulkRoute.POST, "POST", BASE, { params: { orgId: ORG }, body: input });
    expect(planned.status, planned.text).toBe(201);
    const { run } = bulkRunResponseSchema.parse(planned.body);
    expect(run).toMatchObject({ status: "planned", label: "ui-contract.csv", total: 3 });
    expect(run.buckets).toMatchObject({ ready: 2, invalid: 1 });
    expect(runSummary(run)).toBe("3 rows: 2 ready, 1 skipped");

    const read = await call(runRoute.GET, "GET", `${BASE}/${run.id}`, {
      params: { orgId: ORG, runId: run.id },
    });
    expect(bulkRunResponseSchema.parse(read.body).run.id).toBe(run.id);

    const page = async (filter: Parameters<typeof bulkRowsSearch>[0]) => {
      const res = await call(rowsRoute.GET, "GET", `${BASE}/${run.id}/rows`, {
        params: { orgId: ORG, runId: run.id },
        query: `?${bulkRowsSearch(filter)}`,
      });
      expect(res.status, res.text).toBe(200);
      return bulkRowsPageSchema.parse(res.body);
    };
    const ready = await page({ bucket: "ready", offset: 0, limit: 100 });
    expect(ready.total).toBe(2);
    // The mapped column gave the first row its role; the second took the form's default.
    expect(ready.rows.map((r) => r.grants?.orgRoles)).toEqual([["ORG_READ_ONLY"], ["ORG_MEMBER"]]);
    expect(ready.rows.map((r) => rowWhatText(r, run.status))).toEqual(["Will be invited", "Will be invited"]);

    const invalid = await page({ bucket: "invalid", offset: 0, limit: 100 });
    expect(invalid.rows).toHaveLength(1);
    const [bad] = invalid.rows;
    expect(bad && rowWhatText(bad, run.status)).toBe("Skipped: invalid");
    expect(bad && rowReasonText(bad)).toMatch(/^E-mail: /);

    const second = await page({ offset: 1, limit: 1 });
    expect(second).toMatchObject({ total: 3, rows: [{ line: 2 }] });

    const list = await call(bulkRoute.GET, "GET", BASE, { params: { orgId: ORG } });
    expect(bulkRunListSchema.parse(list.body).runs.some((r) => r.id === run.id)).toBe(true);
  });
});
