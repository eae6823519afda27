// A company with one Atlas org per business unit, more than one page of orgs (the simulator's `orgs+600` seed:
// Demo Org and 600 generated orgs the Demo Org owner owns; Atlas pages lists by at most 500).
import { afterAll, beforeAll, expect, it } from "vitest";
import * as testRoute from "@/app/api/connections/[connectionId]/test/route";
import type { TestSim } from "@/sim/test/support/sim";
import { call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: "orgs+600" });
  useDefaultHeaders(await signedInRequest("admin"));
}, 150_000);
afterAll(() => sim.close());

it("Test connection lists every page of the connection's orgs", { timeout: 60_000 }, async () => {
  const res = await call(testRoute.POST, "POST", "/api/connections/env/test", {
    params: { connectionId: "env" },
  });
  expect(res.status).toBe(200);
  // Only the first page (500) was read before.
  expect(res.body.test.orgs).toHaveLength(601);
  expect(res.body.test.ok).toBe(true);
  const pages = (await sim.journal({ path: "/api/atlas/v2/orgs" })).map((e) => e.query.pageNum);
  expect(new Set(pages)).toEqual(new Set(["1", "2"]));
  // The role is probed in the first 20 orgs only (each probe spends that org's bucket).
  expect(res.body.test.orgs.filter((o: { role: string }) => o.role === "owner")).toHaveLength(20);
});
