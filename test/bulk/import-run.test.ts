// A CSV import end to end through the route handlers, against the simulator with a small org-users bucket: the
// plan (dry run) sends nothing, the run sends each ready row exactly once, waits out every 429 (never faster than
// the bucket allows), and the results file accounts for every line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as bulkRoute from "@/app/api/orgs/[orgId]/bulk/route";
import * as runRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/route";
import * as commandRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/[command]/route";
import * as rowsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/rows/route";
import * as resultsRoute from "@/app/api/orgs/[orgId]/bulk/[runId]/results/route";
import { demoSeed } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const BASE = `/api/orgs/${ORG}/bulk`;
// Scaled down from "100 per minute" so that the test takes seconds: 10 calls, refilled 10 every 4 s (still slower
// than the console's own cost per row, so the bucket is what sets the pace).
const BUCKET = { capacity: 10, refillRate: 10, refillDurationSeconds: 4 };
let sim: TestSim;

beforeAll(async () => {
  sim = await consoleAgainstSimulator({
    seed: { ...demoSeed(Date.now()), rateLimits: { orgUsers: BUCKET } },
  });
  useDefaultHeaders(await signedInRequest("admin"));
}, 120_000);
afterAll(() => sim.close());

const runOf = async (runId: string) =>
  (await call(runRoute.GET, "GET", `${BASE}/${runId}`, { params: { orgId: ORG, runId } })).body.run;

function csvOf(valid: number): { csv: string; lines: number; ready: string[] } {
  const stamp = Date.now().toString(36);
  const ready = Array.from({ length: valid }, (_, i) => `bulk-${stamp}-${i}@example.com`);
  const lines = [
    "\uFEFFE-mail;Org roles;Teams",
    ...ready.map((e, i) => `${i % 7 === 0 ? e.toUpperCase() : e};${i % 5 === 0 ? "ORG_READ_ONLY" : ""};`),
    "not-an-address;;",
    `${ready[0]};;`,
    "someone@example.com;ORG_NOSUCH;",
    `x-${stamp}@example.com;;No such team`,
  ];
  return { csv: lines.join("\r\n") + "\r\n", lines: lines.length - 1, ready };
}

describe("bulk import", () => {
  it(
    "plans without sending, then sends each ready row once at the bucket's pace",
    { timeout: 120_000 },
    async () => {
      const { csv, lines, ready } = csvOf(30);
      await sim.control("DELETE", "/__sim/requests");
      const planned = await call(bulkRoute.POST, "POST", BASE, {
        params: { orgId: ORG },
        body: { label: "interns.csv", csv },
      });
      expect(planned.status, planned.text).toBe(201);
      const plan = planned.body.run;
      expect(plan.status).toBe("planned");
      expect(plan.total).toBe(lines);
      expect(Object.values(plan.buckets as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(lines);
      expect(plan.buckets).toMatchObject({ ready: 30, invalid: 3, duplicate: 1 });
      expect(await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` })).toHaveLength(0);

      const invalid = await call(rowsRoute.GET, "GET", `${BASE}/${plan.id}/rows`, {
        params: { orgId: ORG, runId: plan.id },
        query: "?bucket=invalid",
      });
      expect(invalid.body.rows.map((r: { line: number }) => r.line)).toEqual([31, 33, 34]);

      const started = Date.now();
      const start = await call(commandRoute.POST, "POST", `${BASE}/${plan.id}/start`, {
        params: { orgId: ORG, runId: plan.id, command: "start" },
      });
      expect(start.status, start.text).toBe(200);
      await expect
        .poll(async () => (await runOf(plan.id)).status, { timeout: 100_000, interval: 250 })
        .toBe("done");
      const elapsed = (Date.now() - started) / 1000;
      const run = await runOf(plan.id);
      expect(run.states).toMatchObject({ done: 30, failed: 0, planned: 0, sending: 0, skipped: 4 });

      const creates = (await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG}/users` })).filter(
        (c) => c.status === 201,
      );
      const sent = creates.map((c) => (c.body as { username: string }).username.toLowerCase()).sort();
      expect(sent).toEqual([...ready].sort());
      // Never faster than the bucket: every org-users call of the run (creates and reads) took a token.
      const calls = (await sim.journal()).filter(
        (c) => c.path.startsWith(`/api/atlas/v2/orgs/${ORG}/users`) && c.status !== 429,
      );
      const lowerBound = Math.floor((calls.length - 1) / BUCKET.refillRate) * BUCKET.refillDurationSeconds;
      expect(elapsed).toBeGreaterThanOrEqual(lowerBound - 1);
      // Not much slower either: Retry-After comes in whole seconds, and each refill step may lose up to one.
      expect(elapsed).toBeLessThanOrEqual(lowerBound * 1.15 + 2);

      const results = await call(resultsRoute.GET, "GET", `${BASE}/${plan.id}/results`, {
        params: { orgId: ORG, runId: plan.id },
      });
      expect(results.status).toBe(200);
      expect(results.headers.get("content-type")).toMatch(/text\/csv/);
      const out = results.text.trim().split("\r\n");
      expect(out).toHaveLength(lines + 1);
      expect(out[0]).toMatch(/^"?E-mail"?,"?Org roles"?,"?Teams"?,/);
    },
  );
});
