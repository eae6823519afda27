// What the import route does with awkward and hostile input, through the route handlers: NUL bytes and control
// characters, too many lines, too large a body, a header alone, a bare list of addresses, an Excel export (BOM,
// CRLF, ";"), unknown headers and a mapping override; then who may do what, and ids that are not this org's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/orgs/[orgId]/bulk/route";
import * as runRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/route";
import * as commandRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/[command]/route";
import * as rowsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/rows/route";
import * as resultsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/results/route";
import * as actionsRoute from "@/app/api/orgs/[orgId]/bulk/actions/route";
import { demoSeed } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const OTHER = DEMO.secondOrgId;
const BASE = `/api/orgs/${ORG}/bulk`;
const CREATE = `/api/atlas/v2/orgs/${ORG}/users`;
let sim: TestSim;
let n = 0;

interface Row {
  line: number;
  email: string;
  bucket: string;
  field: string | null;
  reason: string | null;
}

beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: demoSeed(Date.now()) });
  useDefaultHeaders(await signedInRequest("admin"));
}, 120_000);
afterAll(() => sim.close());

const addr = () => `hostile-${process.pid}-${++n}@example.com`;
const plan = (body: unknown, headers?: Record<string, string>) =>
  call(bulkRoute.POST, "POST", BASE, { params: { orgId: ORG }, body, ...(headers ? { headers } : {}) });
const rowsOf = async (runId: string): Promise<Row[]> =>
  (await call(rowsRoute.GET, "GET", `${BASE}/${runId}/rows`, { params: { orgId: ORG, runId } })).body.rows;
const cancel = (runId: string) =>
  call(commandRoute.POST, "POST", `${BASE}/${runId}/cancel`, {
    params: { orgId: ORG, runId, command: "cancel" },
  });

describe("bulk import: hostile input", () => {
  it("NUL bytes and control characters are refused or invalid per row, never a 500", async () => {
    const nul = await plan({ csv: `email,teams\n${addr()},a\u0000b\n` });
    expect(nul.status, nul.text).toBe(400);
    expect(nul.body.error.code).toBe("invalid_input");
    expect(nul.body.error.fields).toBeDefined();

    const ok = addr();
    const controls = await plan({
      csv: `email,teams\n${ok},\n\u0007bell@example.com,\nesc\u001b@example.com,\n${addr()},Te\u0008am\n`,
    });
    // Other control characters are the row's problem (lib/bulk/parse-row.ts), not the whole file's.
    expect(controls.status, controls.text).toBe(201);
    const rows = await rowsOf(controls.body.run.id);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ email: ok, bucket: "ready" });
    for (const r of rows.slice(1)) {
      expect(r.bucket).toBe("invalid");
      expect(r.reason).toMatch(/control character/);
    }
    expect(rows.slice(1).map((r) => r.field)).toEqual(["email", "email", "teams"]);
    await cancel(controls.body.run.id);
    expect(await sim.journal({ method: "POST", path: CREATE })).toHaveLength(0);
  });

  it("5,001 data lines are refused naming the limit; a body over 1000 KB is 413", async () => {
    const many = Array.from({ length: 5_001 }, (_, i) => `m${i}@example.com`);
    const tooMany = await plan({ csv: `email\n${many.join("\n")}\n` });
    expect(tooMany.status, tooMany.text).toBe(400);
    expect(tooMany.body.error.fields.csv).toMatch(/5,001 rows.*at most 5,000/);

    const big = await call(bulkRoute.POST, "POST", BASE, {
      params: { orgId: ORG },
      rawBody: JSON.stringify({ csv: `email\n${"x".repeat(1_100 * 1024)}\n` }),
      headers: { "Content-Type": "application/json" },
    });
    expect(big.status, big.text.slice(0, 300)).toBe(413);
    expect(big.body.error.code).toBe("too_large");
  });

  it("a header alone is 400; a header-less paste of bare addresses is read as e-mails", async () => {
    const headerOnly = await plan({ csv: "email,teams\n" });
    expect(headerOnly.status, headerOnly.text).toBe(400);
    expect(headerOnly.body.error.fields.csv).toMatch(/no data lines/);

    const list = [addr(), addr(), addr()];
    const bare = await plan({ csv: list.join("\n") });
    expect(bare.status, bare.text).toBe(201);
    expect(bare.body.run).toMatchObject({ total: 3, headers: ["email"], buckets: { ready: 3 } });
    expect((await rowsOf(bare.body.run.id)).map((r) => r.email)).toEqual(list);
    await cancel(bare.body.run.id);
  });

  it("reads an Excel export (BOM, CRLF, ';'), lists unknown headers, and takes a mapping override", async () => {
    const [a, b] = [addr(), addr()];
    const excel = await plan({
      label: "export.csv",
      csv: `\uFEFFE-mail;Org roles;Shoe size\r\n${a.toUpperCase()};ORG_READ_ONLY;44\r\n${b};;\r\n`,
    });
    expect(excel.status, excel.text).toBe(201);
    expect(excel.body.run).toMatchObject({
      total: 2,
      headers: ["E-mail", "Org roles", "Shoe size"],
      unknownHeaders: ["Shoe size"],
      buckets: { ready: 2 },
    });
    const rows = await rowsOf(excel.body.run.id);
    expect(rows.map((r) => r.email)).toEqual([a, b]);
    await cancel(excel.body.run.id);

    const c = addr();
    const mapped = await plan({ csv: `Work address,Name\n${c},Ada\n`, mapping: { "Work address": "email" } });
    expect(mapped.status, mapped.text).toBe(201);
    expect(mapped.body.run.buckets).toMatchObject({ ready: 1 });
    expect(mapped.body.run.unknownHeaders).toEqual(["Name"]);
    expect((await rowsOf(mapped.body.run.id))[0]).toMatchObject({ email: c });
    await cancel(mapped.body.run.id);

    const unmapped = await plan({ csv: `Work address,Name\n${c},Ada\n` });
    expect(unmapped.status, unmapped.text).toBe(400);
    expect(unmapped.body.error.fields.csv).toMatch(/No e-mail column/);
  });

  it("a viewer reads runs but cannot plan, start or act; other orgs' and malformed run ids are refused", async () => {
    const made = await plan({ csv: `email\n${addr()}\n` });
    expect(made.status, made.text).toBe(201);
    const runId = made.body.run.id as string;
    const viewer = await signedInRequest("viewer");
    const list = await call(bulkRoute.GET, "GET", BASE, { params: { orgId: ORG }, headers: viewer });
    expect(list.status, list.text).toBe(200);
    expect(list.body.runs.map((r: { id: string }) => r.id)).toContain(runId);
    const one = await call(runRoute.GET, "GET", `${BASE}/${runId}`, {
      params: { orgId: ORG, runId },
      headers: viewer,
    });
    expect(one.status).toBe(200);
    const file = await call(resultsRoute.GET, "GET", `${BASE}/${runId}/results`, {
      params: { orgId: ORG, runId },
      headers: viewer,
    });
    expect(file.status).toBe(200);
    expect((await plan({ csv: `email\n${addr()}\n` }, viewer)).status).toBe(403);
    const start = await call(commandRoute.POST, "POST", `${BASE}/${runId}/start`, {
      params: { orgId: ORG, runId, command: "start" },
      headers: viewer,
    });
    expect(start.status).toBe(403);
    const action = await call(actionsRoute.POST, "POST", `${BASE}/actions`, {
      params: { orgId: ORG },
      body: {
        kind: "cancel",
        targets: [{ id: "5f4000000000000000000001", source: "users", email: "x@y.test" }],
      },
      headers: viewer,
    });
    expect(action.status).toBe(403);

    // The run exists, but not in the other org: 404 there, for reads and commands alike.
    const elsewhere = await call(runRoute.GET, "GET", `/api/orgs/${OTHER}/bulk/${runId}`, {
      params: { orgId: OTHER, runId },
    });
    expect(elsewhere.status, elsewhere.text).toBe(404);
    const elsewhereRows = await call(rowsRoute.GET, "GET", `/api/orgs/${OTHER}/bulk/${runId}/rows`, {
      params: { orgId: OTHER, runId },
    });
    expect(elsewhereRows.status).toBe(404);
    const elsewhereFile = await call(resultsRoute.GET, "GET", `/api/orgs/${OTHER}/bulk/${runId}/results`, {
      params: { orgId: OTHER, runId },
    });
    expect(elsewhereFile.status).toBe(404);
    const elsewhereStart = await call(commandRoute.POST, "POST", `/api/orgs/${OTHER}/bulk/${runId}/start`, {
      params: { orgId: OTHER, runId, command: "start" },
    });
    expect(elsewhereStart.status).toBe(404);
    expect(
      (await call(runRoute.GET, "GET", `${BASE}/${runId}`, { params: { orgId: ORG, runId } })).body.run
        .status,
    ).toBe("planned");

    for (const bad of ["nope", "../../etc", "A".repeat(24), `${runId}0`]) {
      const res = await call(runRoute.GET, "GET", `${BASE}/${encodeURIComponent(bad)}`, {
        params: { orgId: ORG, runId: bad },
      });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
    }
    const badCommand = await call(commandRoute.POST, "POST", `${BASE}/${runId}/explode`, {
      params: { orgId: ORG, runId, command: "explode" },
    });
    expect(badCommand.status).toBe(400);
    await cancel(runId);
  });
});
