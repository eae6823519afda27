// The first org list of a connection that sees 100 orgs without a route (the simulator's `orgs+100` seed): each
// org is probed for Organization Owner and gets its automatic route. Atlas answers after 250 ms (a fault on
// every call), so probing one org after another (100 orgs × 2 calls) could not take less than 50 s.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as orgsRoute from "@/app/api/orgs/route";
import { getDb } from "@/lib/server/db";
import { orgRoutes } from "@/lib/server/db/schema";
import type { TestSim } from "@/sim/test/support/sim";
import { call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: "orgs+100" });
  useDefaultHeaders(await signedInRequest("admin"));
}, 150_000);
afterAll(() => sim.close());

it("probes the orgs without a route a few at a time", { timeout: 120_000 }, async () => {
  expect((await sim.control("POST", "/__sim/faults", { delayMs: 250, times: 1_000_000 })).status).toBe(201);
  const t0 = Date.now();
  const res = await call(orgsRoute.GET, "GET", "/api/orgs");
  const ms = Date.now() - t0;
  expect(res.status).toBe(200);
  expect(res.body.orgs).toHaveLength(101);
  expect(res.body.orgs.every((o: { connectionId: string | null }) => o.connectionId === "env")).toBe(true);
  expect(await (await getDb()).select().from(orgRoutes)).toHaveLength(101);
  // Two probe calls per org (its invitations, its users); a call that timed out under load is retried.
  const probes = (await sim.journal()).filter((e) => /^\/api\/atlas\/v2\/orgs\/[0-9a-f]{24}\//.test(e.path));
  expect(new Set(probes.map((e) => e.path)).size).toBe(202);
  expect(ms).toBeLessThan(50_000);
});
