// Controlling a running import through the route handlers, against the simulator with slow creates (a delay
// fault) so that commands land mid-run: pause stops after at most the row in flight, resume finishes, cancel
// marks every unsent row, one active run per org, retry sends exactly the retryable failures in a linked run,
// and the results file accounts for every line with formula cells neutralised.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
const CREATE = `/api/atlas/v2/orgs/${ORG}/users`;
let sim: TestSim;
let n = 0;

beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: demoSeed(Date.now()) });
  useDefaultHeaders(await signedInRequest("admin"));
}, 120_000);
afterEach(async () => {
  await sim.control("DELETE", "/__sim/faults");
});
afterAll(() => sim.close());

const emails = (count: number) =>
  Array.from({ length: count }, () => `ctl-${process.pid}-${++n}@example.com`);
const plan = async (csv: string) => {
  const res = await call(bulkRoute.POST, "POST", BASE, { params: { orgId: ORG }, body: { csv } });
  expect(res.status, res.text).toBe(201);
  return res.body.run as { id: string; total: number };
};
const runOf = async (runId: string) =>
  (await call(runRoute.GET, "GET", `${BASE}/${runId}`, { params: { orgId: ORG, runId } })).body.run;
const rowsOf = async (
  runId: string,
): Promise<
  { line: number; email: string; state: string; startedAt: string | null; finishedAt: string | null }[]
> => (await call(rowsRoute.GET, "GET", `${BASE}/${runId}/rows`, { params: { orgId: ORG, runId } })).body.rows;
const command = (runId: string, c: string) =>
  call(commandRoute.POST, "POST", `${BASE}/${runId}/${c}`, { params: { orgId: ORG, runId, command: c } });
const statusIs = (runId: string, status: string) =>
  expect.poll(async () => (await runOf(runId)).status, { timeout: 20_000, interval: 100 }).toBe(status);
const slowCreates = (delayMs: number) =>
  sim.control("POST", "/__sim/faults", { method: "POST", path: CREATE, delayMs, times: 1000 });
const createsFor = async (list: string[]) => {
  const wanted = new Set(list);
  return (await sim.journal({ method: "POST", path: CREATE })).filter((c) =>
    wanted.has((c.body as { username: string }).username.toLowerCase()),
  );
};
const sumOf = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe("bulk run control", () => {
  it("pause stops after at most the row in flight; resume sends the rest", { timeout: 30_000 }, async () => {
    const list = emails(8);
    const run = await plan(`email\n${list.join("\n")}\n`);
    await slowCreates(300);
    expect((await command(run.id, "start")).status).toBe(200);
    await expect
      .poll(async () => (await runOf(run.id)).states.done, { timeout: 10_000, interval: 50 })
      .toBe(2);
    const paused = await command(run.id, "pause");
    expect(paused.status, paused.text).toBe(200);
    expect(["pausing", "paused"]).toContain(paused.body.run.status);
    const plannedAtPause = paused.body.run.states.planned as number;
    await statusIs(run.id, "paused");
    const atRest = await runOf(run.id);
    expect(atRest.states.sending).toBe(0);
    expect(plannedAtPause - atRest.states.planned).toBeLessThanOrEqual(1);
    expect(atRest.states.planned).toBeGreaterThan(0);
    expect(await createsFor(list)).toHaveLength(atRest.states.done);

    // A paused run cannot be paused again, and takes a resume.
    expect((await command(run.id, "pause")).status).toBe(409);
    expect((await command(run.id, "resume")).status).toBe(200);
    await statusIs(run.id, "done");
    const done = await runOf(run.id);
    expect(done.states).toMatchObject({ done: 8, planned: 0, sending: 0, failed: 0 });
    expect(await createsFor(list)).toHaveLength(8);
  });

  it(
    "a resume while the pause waits for the row in flight, then a cancel of a paused run: each row sent once",
    { timeout: 30_000 },
    async () => {
      const list = emails(5);
      const run = await plan(`email\n${list.join("\n")}\n`);
      await slowCreates(400);
      expect((await command(run.id, "start")).status).toBe(200);
      await expect
        .poll(async () => (await runOf(run.id)).states.sending, { timeout: 10_000, interval: 20 })
        .toBe(1);
      // Both land while a create is in flight: one worker goes on (two would send rows side by side).
      const paused = await command(run.id, "pause");
      expect(paused.body.run.status).toBe("pausing");
      expect((await command(run.id, "resume")).status).toBe(200);
      await expect
        .poll(async () => (await runOf(run.id)).states.done, { timeout: 10_000, interval: 50 })
        .toBe(2);
      expect((await command(run.id, "pause")).status).toBe(200);
      await statusIs(run.id, "paused");
      const atRest = await runOf(run.id);
      expect(atRest.states.sending).toBe(0);
      const creates = await createsFor(list);
      expect(creates).toHaveLength(atRest.states.done);
      // One worker: each row started after the one before it finished (two workers would overlap them).
      const sent = (await rowsOf(run.id)).filter((r) => r.state === "done");
      expect(sent).toHaveLength(atRest.states.done);
      for (let i = 1; i < sent.length; i++) {
        expect(Date.parse(sent[i]!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(sent[i - 1]!.finishedAt!));
      }

      expect((await command(run.id, "cancel")).status).toBe(200);
      await statusIs(run.id, "cancelled");
      const end = await runOf(run.id);
      expect(end.states).toMatchObject({ planned: 0, sending: 0, done: atRest.states.done });
      expect(end.states.cancelled).toBe(5 - atRest.states.done);
      expect(await createsFor(list)).toHaveLength(atRest.states.done);
    },
  );

  it(
    "one active run per org (409), and cancel marks every unsent row cancelled",
    { timeout: 30_000 },
    async () => {
      const list = emails(6);
      const first = await plan(`email\n${list.join("\n")}\n`);
      const otherList = emails(2);
      const second = await plan(`email\n${otherList.join("\n")}\n`);
      await slowCreates(300);
      expect((await command(first.id, "start")).status).toBe(200);
      await expect
        .poll(async () => (await runOf(first.id)).states.done, { timeout: 10_000, interval: 50 })
        .toBe(1);

      const conflict = await command(second.id, "start");
      expect(conflict.status, conflict.text).toBe(409);
      expect(conflict.body.error.code).toBe("conflict");
      expect((await runOf(second.id)).status).toBe("planned");

      const cancelled = await command(first.id, "cancel");
      expect(cancelled.status, cancelled.text).toBe(200);
      await statusIs(first.id, "cancelled");
      const run = await runOf(first.id);
      expect(run.states.planned + run.states.sending).toBe(0);
      expect(run.states.cancelled).toBeGreaterThan(0);
      expect(run.states.done + run.states.cancelled).toBe(6);
      expect(sumOf(run.states)).toBe(run.total);
      expect(run.progress.done).toBe(6);
      expect(await createsFor(list)).toHaveLength(run.states.done);
      const rows = await rowsOf(first.id);
      expect(rows.filter((r) => r.state === "cancelled")).toHaveLength(run.states.cancelled);
      const file = await call(resultsRoute.GET, "GET", `${BASE}/${first.id}/results`, {
        params: { orgId: ORG, runId: first.id },
      });
      const lines = file.text.trim().split("\r\n").slice(1);
      expect(lines).toHaveLength(6);
      expect(lines.filter((l) => /,"?cancelled"?,"?cancelled"?,/.test(l))).toHaveLength(run.states.cancelled);
      expect(lines.filter((l) => /,"?done"?,"?invited"?,/.test(l))).toHaveLength(run.states.done);
      // After a cancel, the other run may go.
      await sim.control("DELETE", "/__sim/faults");
      expect((await command(second.id, "start")).status).toBe(200);
      await statusIs(second.id, "done");
      expect(await createsFor(otherList)).toHaveLength(2);
    },
  );

  it(
    "retry sends exactly the retryable failed rows, in a run linked to the first",
    { timeout: 30_000 },
    async () => {
      const list = emails(5);
      const run = await plan(`email\n${list.join("\n")}\n`);
      // Data line 1: Atlas says a member (final); lines 2 and 3: a clean refusal a retry may change; line 4:
      // Atlas finds the request itself invalid (400: final, docs/bulk.md); line 5 goes through. Faults apply in
      // the order they were added.
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: CREATE,
        status: 409,
        errorCode: "USER_ALREADY_IN_ORG",
        times: 1,
      });
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: CREATE,
        status: 404,
        errorCode: "RESOURCE_NOT_FOUND",
        times: 2,
      });
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: CREATE,
        status: 400,
        errorCode: "INVALID_ATTRIBUTE",
        times: 1,
      });
      expect((await command(run.id, "start")).status).toBe(200);
      await statusIs(run.id, "done");
      const first = await runOf(run.id);
      expect(first.states).toMatchObject({ done: 1, failed: 4 });
      expect(first.retryable).toBe(2);
      expect(first.failures.reduce((a: number, f: { count: number }) => a + f.count, 0)).toBe(4);
      expect(
        first.failures.some(
          (f: { atlasErrorCode: string | null }) => f.atlasErrorCode === "INVALID_ATTRIBUTE",
        ),
      ).toBe(true);

      await sim.control("DELETE", "/__sim/requests");
      const retried = await command(run.id, "retry");
      expect(retried.status, retried.text).toBe(201);
      const child = retried.body.run;
      expect(child.id).not.toBe(run.id);
      expect(child.parentRunId).toBe(run.id);
      expect(child.total).toBe(2);
      await statusIs(child.id, "done");
      expect((await runOf(child.id)).states).toMatchObject({ done: 2, failed: 0 });
      const childRows = await rowsOf(child.id);
      expect(childRows.map((r) => r.line)).toEqual([2, 3]);
      const sent = (await sim.journal({ method: "POST", path: CREATE })).map((c) =>
        (c.body as { username: string }).username.toLowerCase(),
      );
      expect(sent.sort()).toEqual([list[1]!, list[2]!].sort());
      // Nothing left to retry in the first run's child.
      expect((await command(child.id, "retry")).status).toBe(409);
    },
  );

  it("the results file has every line, the original columns first, formula cells neutralised", async () => {
    const [a, b] = emails(2);
    const csv = [
      "email,Note",
      `${a},=cmd|' /C calc'!A0`,
      `${b},+SUM(1;2)`,
      `=HYPERLINK("http://x.test"),@evil`,
      `${a},-3`,
    ].join("\n");
    const run = await plan(csv);
    expect(run.total).toBe(4);
    const res = await call(resultsRoute.GET, "GET", `${BASE}/${run.id}/results`, {
      params: { orgId: ORG, runId: run.id },
    });
    expect(res.status).toBe(200);
    const lines = res.text.trim().split("\r\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^"?email"?,"?Note"?,"?line"?,"?plan"?,/);
    expect(lines[1]).toContain(`'=cmd|`);
    expect(lines[2]).toContain(`'+SUM(1;2)`);
    expect(lines[3]).toMatch(/^"?'=HYPERLINK/);
    expect(lines[3]).toContain(`'@evil`);
    expect(lines[4]).toContain(`'-3`);
    for (const l of lines.slice(1)) expect(l).not.toMatch(/(^|,)"?[=+@-]/);
    expect((await command(run.id, "cancel")).status).toBe(200);
  });
});
