// The first org list of a connection that sees 25 orgs without a route (the simulator's `orgs+24` seed): each
// org is probed for Organization Owner and gets its automatic route. Atlas answers after 1 s (a fault on
// every call), so probing one org after another (25 orgs × 2 calls) could not take less than 50 s; 8 at a time
// it is 4 rounds of 2 s plus the console's own work (a wide margin: CPU under load does not reach the floor).
import { afterAll, beforeAll, expect, it } from "vitest";
import * as orgsRoute from "@/app/api/orgs/route";
import { getDb } from "@/lib/server/db";
import { orgRoutes } from "@/lib/server/db/schema";
import type { TestSim } from "@/sim/test/support/sim";
import { call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ seed: "orgs+24" });
  useDefaultHeaders(await signedInRequest("admin"));
}, 150_000);
afterAll(() => sim.close());

it("probes the orgs without a route a few at a time", { timeout: 120_000 }, async () => {
  expect((await sim.control("POST", "/__sim/faults", { delayMs: 1000, times: 1_000_000 })).status).toBe(201);
  const t0 = Date.now();
  const res = await call(orgsRoute.GET, "GET", "/api/orgs");
  const ms = Date.now() - t0;
  expect(res.status).toBe(200);
  expect(res.body.orgs).toHaveLength(25);
  expect(res.body.orgs.every((o: { connectionId: string | null }) => o.connectionId === "env")).toBe(true);
  expect(await (await getDb()).select().from(orgRoutes)).toHaveLength(25);
  // Two probe calls per org (its invitations, its users); a call that timed out under load is retried.
  const probes = (await sim.journal()).filter((e) => /^\/api\/atlas\/v2\/orgs\/[0-9a-f]{24}\//.test(e.path));
  expect(new Set(probes.map((e) => e.path)).size).toBe(50);
  expect(ms).toBeLessThan(40_000);
});
