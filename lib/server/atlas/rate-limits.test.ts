// readCreateBudget against the real simulator: the org-users bucket as listRateLimits reports it, and null
// whenever Atlas does not say.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoSeed } from "@/sim/src/demo-seed";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import type { AtlasConnection } from "./connection";
import { AtlasHttp } from "./http";
import { readCreateBudget } from "./rate-limits";
import { TokenManager } from "./token-manager";

function client(sim: TestSim, over: Partial<AtlasConnection> = {}) {
  const conn: AtlasConnection = {
    id: "test",
    name: "test",
    baseUrl: sim.url,
    clientId: DEMO.owner.clientId,
    clientSecret: DEMO.owner.clientSecret,
    invitesApi: "users",
    timeoutMs: 2_000,
    ...over,
  };
  return new AtlasHttp(conn, new TokenManager(conn), {
    retry: { idempotentRetries: 2, maxWaitSeconds: 1, baseDelayMs: 10 },
  });
}

describe("readCreateBudget with the demo seed", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());
  beforeEach(async () => {
    await sim.control("DELETE", "/__sim/faults");
  });

  it("reads the org users bucket through listRateLimits 2025-03-12", async () => {
    await sim.control("DELETE", "/__sim/requests");
    expect(await readCreateBudget(client(sim), DEMO.orgId)).toEqual({
      capacity: 500,
      refillRate: 500,
      refillDurationSeconds: 60,
      endpointSetName: "Organization Users",
    });
    const [call] = await sim.journal({ operationId: "listRateLimits" });
    expect(call?.headers.accept).toBe("application/vnd.atlas.2025-03-12+json");
    expect(call?.query).toMatchObject({
      orgId: DEMO.orgId,
      endpointPath: "/api/atlas/v2/orgs/{orgId}/users",
    });
  });

  it("null when Atlas refuses (an org the account cannot read), fails, or is asked with a bad id", async () => {
    const second = client(sim, { id: "second", ...DEMO.second });
    expect(await readCreateBudget(second, DEMO.orgId)).toBeNull();
    await sim.control("POST", "/__sim/faults", { path: "/api/atlas/v2/rateLimits", status: 503 });
    expect(await readCreateBudget(client(sim), DEMO.orgId)).toBeNull();
    // One attempt only: the fault (times 1 by default) was the only call.
    expect(await readCreateBudget(client(sim), DEMO.orgId)).not.toBeNull();
    await sim.control("DELETE", "/__sim/requests");
    expect(await readCreateBudget(client(sim), "../orgs")).toBeNull();
    expect(await sim.journal({ operationId: "listRateLimits" })).toEqual([]);
  });

  it("null when the answer is not a page of endpoint sets", async () => {
    await sim.control("POST", "/__sim/faults", { path: "/api/atlas/v2/rateLimits", status: 200 });
    expect(await readCreateBudget(client(sim), DEMO.orgId)).toBeNull();
  });
});

describe("readCreateBudget with a seed override", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim({
      ...demoSeed(Date.now()),
      rateLimits: { orgUsers: { capacity: 40, refillRate: 10, refillDurationSeconds: 30 } },
    });
  });
  afterAll(() => sim.close());

  it("returns the configured capacity and refill", async () => {
    expect(await readCreateBudget(client(sim), DEMO.orgId)).toEqual({
      capacity: 40,
      refillRate: 10,
      refillDurationSeconds: 30,
      endpointSetName: "Organization Users",
    });
  });
});
