// "Test connection" against the real simulator: each problem is named exactly, and nothing is changed in Atlas.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import type { AtlasConnection } from "../atlas/connection";
import { AtlasHttp } from "../atlas/http";
import { TokenManager } from "../atlas/token-manager";
import { outboundAddressOf, diagnoseConnection } from "./diagnose";

const SECOND_ORG = "5f1000000000000000000002";

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset", { tokens: true });
  await sim.control("DELETE", "/__sim/faults");
});

function client(over: Partial<AtlasConnection> = {}) {
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

const fault = (f: Record<string, unknown>) => sim.control("POST", "/__sim/faults", f);
const mutations = async () =>
  (await sim.journal()).filter((e) => e.method !== "GET" && e.path.startsWith("/api/atlas/"));

describe("test connection", () => {
  it("a working owner account: token ok, owner role, rate-limit budget and the legacy API's sunset", async () => {
    const res = await diagnoseConnection(client());
    expect(res.problem).toBeNull();
    expect(res.ok).toBe(true);
    expect(res.token).toBe("ok");
    expect(res.orgs).toEqual([{ id: DEMO.orgId, name: "Demo Org", role: "owner" }]);
    expect(res.rateLimits.map((r) => r.endpoint).sort()).toEqual([
      "listOrgInvites",
      "listOrgUsers",
      "listOrgs",
    ]);
    for (const r of res.rateLimits) expect(r.remaining).toBeLessThanOrEqual(r.limit);
    expect(res.sunsets).toContainEqual({
      endpoint: "listOrgInvites",
      version: "2023-01-01",
      deprecation: expect.stringMatching(/^2025-02-19/),
      sunset: expect.stringMatching(/^2027-07-01/),
    });
    expect(await mutations()).toEqual([]);
  });

  it("bad secret → bad_secret (token 401 invalid_client), no API call", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const res = await diagnoseConnection(client({ clientSecret: "mdb_sa_sk_wrong" }));
    expect(res.ok).toBe(false);
    expect(res.token).toBe("failed");
    expect(res.problem).toMatchObject({ code: "bad_secret", status: 401, atlasErrorCode: "invalid_client" });
    expect(res.problem!.message).toMatch(/rejected the client id and secret/);
    expect((await sim.journal()).filter((e) => e.path.startsWith("/api/atlas/"))).toEqual([]);
  });

  it("member-only service account → member_only naming the org", async () => {
    const res = await diagnoseConnection(client({ ...DEMO.member }));
    expect(res.token).toBe("ok");
    expect(res.orgs).toEqual([{ id: DEMO.orgId, name: "Demo Org", role: "member" }]);
    expect(res.problem).toMatchObject({ code: "member_only", orgId: DEMO.orgId, status: 403 });
    expect(res.problem!.message).toMatch(/only Organization Member in Demo Org/);
    expect(await mutations()).toEqual([]);
  });

  it("another org's owner sees only its org", async () => {
    const res = await diagnoseConnection(client({ ...DEMO.second }));
    expect(res.ok).toBe(true);
    expect(res.orgs).toEqual([{ id: SECOND_ORG, name: "Second Org", role: "owner" }]);
  });

  it("IP access list (Atlas 403 IP_ADDRESS_NOT_ON_ACCESS_LIST) → ip_access_list", async () => {
    await fault({
      path: "/api/atlas/v2/*",
      status: 403,
      errorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
      times: 5,
    });
    const res = await diagnoseConnection(client());
    expect(res.token).toBe("ok");
    expect(res.problem).toMatchObject({
      code: "ip_access_list",
      status: 403,
      atlasErrorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
    });
    expect(res.problem!.message).toMatch(/access list/);
  });

  it("the console's outbound address is shown when Atlas reports it", async () => {
    // The simulator's faults carry a generic detail; Atlas' own answer names the address (Terraform issue #1048).
    const server = createServer((req, res) => {
      if (req.url === "/api/oauth/token") {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify({ access_token: "t", token_type: "Bearer", expires_in: 3600 }));
        return;
      }
      res.statusCode = 403;
      res.setHeader("Content-Type", "application/json");
      res.end(
        JSON.stringify({
          detail: "IP address 203.0.113.7 is not allowed to access this resource.",
          error: 403,
          errorCode: "IP_ADDRESS_NOT_ON_ACCESS_LIST",
          parameters: ["203.0.113.7"],
          reason: "Forbidden",
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await diagnoseConnection(client({ baseUrl: `http://127.0.0.1:${port}` }));
      expect(res.problem).toMatchObject({ code: "ip_access_list", outboundIp: "203.0.113.7" });
      expect(res.problem!.message).toContain("Add 203.0.113.7");
    } finally {
      server.close();
    }
    expect(outboundAddressOf("IP address `2001:db8::1` is not allowed to access this resource.")).toBe(
      "2001:db8::1",
    );
  });

  it("rate limited → rate_limited with Retry-After", async () => {
    await fault({ path: "/api/atlas/v2/orgs", status: 429, retryAfter: 60, times: 3 });
    const res = await diagnoseConnection(client());
    expect(res.problem).toMatchObject({ code: "rate_limited", status: 429, retryAfter: 60 });
  });

  it("token endpoint rate limited → rate_limited", async () => {
    await fault({ path: "/api/oauth/token", status: 429, retryAfter: 30 });
    const res = await diagnoseConnection(client());
    expect(res.token).toBe("failed");
    expect(res.problem).toMatchObject({ code: "rate_limited" });
  });

  it("unreachable port → unreachable", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const res = await diagnoseConnection(client({ baseUrl: `http://127.0.0.1:${port}` }));
    expect(res.token).toBe("failed");
    expect(res.problem).toMatchObject({ code: "unreachable" });
    expect(res.problem!.message).toContain(`http://127.0.0.1:${port}`);
  });

  it("retired legacy API (410 VERSION_GONE after the sunset) → api_retired in invitations mode", async () => {
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 400 * 24 * 3600 });
    const res = await diagnoseConnection(client({ invitesApi: "invitations" }));
    expect(res.problem).toMatchObject({ code: "api_retired", status: 410, atlasErrorCode: "VERSION_GONE" });
    expect(res.problem!.message).toMatch(/switch it to the users API/);
  });

  it("retired legacy API in users mode is no problem: the role is just unknown", async () => {
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 400 * 24 * 3600 });
    const res = await diagnoseConnection(client({ invitesApi: "users" }));
    expect(res.problem).toBeNull();
    expect(res.orgs).toEqual([{ id: DEMO.orgId, name: "Demo Org", role: "unknown" }]);
  });

  it("a 410 from the users API itself → api_retired", async () => {
    await fault({ path: `/api/atlas/v2/orgs/${DEMO.orgId}/users`, status: 410, errorCode: "VERSION_GONE" });
    const res = await diagnoseConnection(client());
    expect(res.problem).toMatchObject({ code: "api_retired", status: 410 });
  });
});
