// The Atlas client against the real simulator: URL templates, token manager, retries, reconciliation.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO, ORG_PATH, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import type { AtlasConnection } from "./connection";
import { checkBaseUrl } from "./connection";
import { listOrgs } from "./directory";
import { AtlasError } from "./errors";
import { AtlasHttp } from "./http";
import { LegacyInvitations, UsersApiInvitations, invitationGone } from "./invitations";
import { buildPath, buildUrl, InvalidAtlasId } from "./templates";
import { TokenManager } from "./token-manager";

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/__sim/reset", { tokens: true });
  await sim.control("DELETE", "/__sim/faults");
});

function connection(over: Partial<AtlasConnection> = {}): AtlasConnection {
  return {
    id: "test",
    name: "test",
    baseUrl: sim.url,
    clientId: DEMO.owner.clientId,
    clientSecret: DEMO.owner.clientSecret,
    invitesApi: "users",
    timeoutMs: 2_000,
    ...over,
  };
}

function client(over: Partial<AtlasConnection> = {}, now?: () => number) {
  const conn = connection(over);
  return new AtlasHttp(conn, new TokenManager(conn, { now }), {
    retry: { idempotentRetries: 2, maxWaitSeconds: 2, baseDelayMs: 20 },
  });
}

const count = async (filter: { method?: string; path?: string }) => (await sim.journal(filter)).length;
const fault = (f: Record<string, unknown>) => sim.control("POST", "/__sim/faults", f);

describe("URL templates and id validation", () => {
  const bad = [
    "..",
    "%2e%2e",
    "//",
    "",
    "5F1000000000000000000001",
    "5f100000000000000000001",
    "5f10000000000000000000011",
    "5f1000000000000000000001/../x",
    "5f100000000000000000000\u0661",
    " 5f1000000000000000000001",
  ];
  it.each(bad)("refuses %j before building anything", (id) => {
    expect(() => buildPath("listOrgInvites", { orgId: id })).toThrow(InvalidAtlasId);
  });

  it("builds exactly the template path, on the base origin only", () => {
    expect(buildPath("orgInvite", { orgId: DEMO.orgId, invitationId: "5f6000000000000000000001" })).toBe(
      `${ORG_PATH}/invites/5f6000000000000000000001`,
    );
    expect(() => buildPath("orgInvite", { orgId: DEMO.orgId })).toThrow(InvalidAtlasId);
    const url = buildUrl("https://cloud.mongodb.com/some/prefix", "getOrg", { orgId: DEMO.orgId });
    expect(url.href).toBe(`https://cloud.mongodb.com${ORG_PATH}`);
  });

  it("accepts Atlas, Atlas for Government and (outside production) loopback base URLs only", () => {
    expect(checkBaseUrl("https://cloud.mongodb.com", true)).toBeNull();
    expect(checkBaseUrl("https://cloud.mongodbgov.com", true)).toBeNull();
    expect(checkBaseUrl("http://127.0.0.1:4010", false)).toBeNull();
    expect(checkBaseUrl("http://127.0.0.1:4010", true)).not.toBeNull();
    expect(checkBaseUrl("https://cloud.mongodb.com.evil.example", false)).not.toBeNull();
    expect(checkBaseUrl("https://cloud.mongodb.com/api", false)).not.toBeNull();
    expect(checkBaseUrl("http://cloud.mongodb.com", false)).not.toBeNull();
  });
});

describe("token manager", () => {
  it("200 concurrent cold requests share one token call", async () => {
    const http = client();
    const results = await Promise.all(Array.from({ length: 200 }, () => listOrgs(http)));
    expect(results.every((r) => r[0]?.id === DEMO.orgId)).toBe(true);
    expect(await count({ path: "/api/oauth/token" })).toBe(1);
    expect(http.tokens.tokenRequests).toBe(1);
  });

  it("refreshes 10 minutes before expiry", async () => {
    let offset = 0;
    const http = client({}, () => Date.now() + offset);
    await listOrgs(http);
    offset = 49 * 60_000;
    await listOrgs(http);
    expect(await count({ path: "/api/oauth/token" })).toBe(1);
    offset = 50 * 60_000 + 1_000;
    await listOrgs(http);
    expect(await count({ path: "/api/oauth/token" })).toBe(2);
  });

  it("an Atlas 401 (token expired on the simulated clock) refreshes once and retries once", async () => {
    const http = client();
    await listOrgs(http);
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 3_601 });
    expect((await listOrgs(http))[0]?.id).toBe(DEMO.orgId);
    expect(await count({ path: "/api/oauth/token" })).toBe(2);
    expect((await sim.journal({ path: "/api/atlas/v2/orgs" })).map((e) => e.status)).toEqual([200, 401, 200]);
  });

  it("a permanent 401 gives a clear error after a bounded number of calls", async () => {
    await fault({ path: "/api/atlas/v2/orgs", status: 401, errorCode: "UNAUTHORIZED", times: 50 });
    const http = client();
    const error = await listOrgs(http).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtlasError);
    expect((error as AtlasError).status).toBe(401);
    expect(await count({ path: "/api/atlas/v2/orgs" })).toBe(2);
    expect(await count({ path: "/api/oauth/token" })).toBe(2);
  });

  it("bad credentials: one token call, then a back-off instead of a storm", async () => {
    const http = client({ clientSecret: "wrong" });
    for (let i = 0; i < 20; i++) {
      const e = (await listOrgs(http).catch((x: unknown) => x)) as AtlasError;
      expect([e.failure, e.status]).toEqual(["token", 401]);
    }
    expect(await count({ path: "/api/oauth/token" })).toBe(1);
  });

  it("token endpoint 403 (token limit): back-off, no storm", async () => {
    await fault({ path: "/api/oauth/token", status: 403, times: 100 });
    const http = client();
    await Promise.all(Array.from({ length: 50 }, () => listOrgs(http).catch(() => null)));
    for (let i = 0; i < 10; i++) await listOrgs(http).catch(() => null);
    expect(await count({ path: "/api/oauth/token" })).toBe(1);
  });

  it("revoke on stop: the token no longer works", async () => {
    const http = client();
    await listOrgs(http);
    const token = (await sim.journal({ path: "/api/oauth/token" })).length;
    await http.tokens.revoke();
    expect(token).toBe(1);
    expect((await sim.control("GET", "/__sim/stats")).body.liveTokens).toBe(0);
  });
});

describe("retries where safe (docs/security.md 6)", () => {
  const body = (email: string) => ({ email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] });

  it("GET retries 5xx at most twice", async () => {
    await fault({ method: "GET", path: "/api/atlas/v2/orgs", status: 500, times: 2 });
    expect((await listOrgs(client()))[0]?.id).toBe(DEMO.orgId);
    await fault({ method: "GET", path: "/api/atlas/v2/orgs", status: 503, times: 5 });
    const e = (await listOrgs(client()).catch((x: unknown) => x)) as AtlasError;
    expect(e.status).toBe(503);
    expect((await sim.journal({ path: "/api/atlas/v2/orgs" })).map((x) => x.status)).toEqual([
      500, 500, 200, 503, 503, 503,
    ]);
  });

  it("GET honours a short Retry-After and returns a long one to the caller without sleeping", async () => {
    await fault({ method: "GET", path: "/api/atlas/v2/orgs", status: 429, retryAfter: 1 });
    const t0 = Date.now();
    await listOrgs(client());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    await fault({ method: "GET", path: "/api/atlas/v2/orgs", status: 429, retryAfter: 120, times: 3 });
    const t1 = Date.now();
    const e = (await listOrgs(client()).catch((x: unknown) => x)) as AtlasError;
    expect([e.status, e.retryAfter]).toEqual([429, 120]);
    expect(Date.now() - t1).toBeLessThan(1_000);
  });

  it("GET retries a timeout and a dropped connection", async () => {
    await fault({ method: "GET", path: "/api/atlas/v2/orgs", delayMs: 2_500 });
    await fault({ method: "GET", path: "/api/atlas/v2/orgs", drop: true });
    expect((await listOrgs(client()))[0]?.id).toBe(DEMO.orgId);
    expect(await count({ path: "/api/atlas/v2/orgs" })).toBe(3);
  });

  it("POST timing out while Atlas keeps working is sent once and reconciled into the created invitation", async () => {
    await fault({ method: "POST", path: `${ORG_PATH}/users`, delayMs: 2_500 });
    const { invitation: inv, atlasStatus } = await new UsersApiInvitations(client()).create(
      DEMO.orgId,
      body("slow@newhire.example"),
    );
    expect(inv.email).toBe("slow@newhire.example");
    // Found by the read-back: Atlas sent no status for the POST.
    expect(atlasStatus).toBeNull();
    expect(await count({ method: "POST", path: `${ORG_PATH}/users` })).toBe(1);
  });

  for (const [name, f] of [
    ["a 500", { status: 500 }],
    ["a dropped connection", { drop: true }],
  ] as const) {
    it(`POST is sent exactly once after ${name}; nothing was created, so the caller is told so`, async () => {
      await fault({ method: "POST", path: `${ORG_PATH}/users`, ...f });
      const api = new UsersApiInvitations(client());
      const e = (await api
        .create(DEMO.orgId, body("once@newhire.example"))
        .catch((x: unknown) => x)) as AtlasError;
      expect(e.failure).toBe("unknown_outcome");
      expect(e.message).toMatch(/it was not created/);
      expect(await count({ method: "POST", path: `${ORG_PATH}/users` })).toBe(1);
      // Reconciled by listing by username before anyone may resubmit.
      const lookups = await sim.journal({ method: "GET", path: `${ORG_PATH}/users` });
      expect(lookups.at(-1)?.query).toMatchObject({ username: "once@newhire.example" });
    });
  }

  it("POST whose confirmation was lost after Atlas processed it is reconciled into the created invitation", async () => {
    await fault({ method: "POST", path: `${ORG_PATH}/users`, status: 502, afterProcessing: true });
    const inv = await new UsersApiInvitations(client()).create(DEMO.orgId, body("committed@newhire.example"));
    expect(inv).toMatchObject({
      invitation: { email: "committed@newhire.example", source: "users", orgRoles: ["ORG_MEMBER"] },
      atlasStatus: null,
    });
    expect(await count({ method: "POST", path: `${ORG_PATH}/users` })).toBe(1);

    await fault({ method: "POST", path: `${ORG_PATH}/invites`, drop: true, afterProcessing: true });
    const legacy = await new LegacyInvitations(client({ invitesApi: "invitations" })).create(
      DEMO.orgId,
      body("legacy-lost@newhire.example"),
    );
    expect(legacy).toMatchObject({ invitation: { source: "invitations" }, atlasStatus: null });
    expect(await count({ method: "POST", path: `${ORG_PATH}/invites` })).toBe(1);
  });

  it("a 429 on POST (not processed) is retried once", async () => {
    await fault({ method: "POST", path: `${ORG_PATH}/users`, status: 429, retryAfter: 1 });
    const inv = await new UsersApiInvitations(client()).create(DEMO.orgId, body("after429@newhire.example"));
    // The status of the attempt that succeeded, as Atlas sent it.
    expect(inv).toMatchObject({ invitation: { email: "after429@newhire.example" }, atlasStatus: 201 });
    expect((await sim.journal({ method: "POST", path: `${ORG_PATH}/users` })).map((x) => x.status)).toEqual([
      429, 201,
    ]);
  });

  it("redirects are errors, never followed", async () => {
    const server = createServer((_req, res) => {
      res.statusCode = 302;
      res.setHeader("Location", `${sim.url}/api/atlas/v2/orgs`);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      const conn = connection({ baseUrl: `http://127.0.0.1:${port}` });
      const http = new AtlasHttp(conn, new TokenManager(conn), {
        retry: { idempotentRetries: 0, maxWaitSeconds: 1, baseDelayMs: 1 },
      });
      const e = (await listOrgs(http).catch((x: unknown) => x)) as AtlasError;
      expect(e).toBeInstanceOf(AtlasError);
      expect(await count({ path: "/api/atlas/v2/orgs" })).toBe(0);
    } finally {
      server.close();
    }
  });

  it("outbound headers are built from scratch: versioned Accept, Bearer, no cookies", async () => {
    await new UsersApiInvitations(client()).list(DEMO.orgId);
    const [entry] = await sim.journal({ method: "GET", path: `${ORG_PATH}/users` });
    expect(entry?.headers.accept).toBe("application/vnd.atlas.2025-02-19+json");
    expect(entry?.headers.authorization).toBe("Bearer");
    expect(entry?.headers.cookie).toBeUndefined();
    await new LegacyInvitations(client({ invitesApi: "invitations" })).list(DEMO.orgId);
    const [legacy] = await sim.journal({ method: "GET", path: `${ORG_PATH}/invites` });
    expect(legacy?.headers.accept).toBe("application/vnd.atlas.2023-01-01+json");
  });
});

describe("one invitations interface, two implementations", () => {
  it("both list the same 35 pending people of the demo org", async () => {
    const users = await new UsersApiInvitations(client()).list(DEMO.orgId);
    const legacy = await new LegacyInvitations(client({ invitesApi: "invitations" })).list(DEMO.orgId);
    expect(users).toHaveLength(35);
    expect(new Set(users.map((i) => i.email))).toEqual(new Set(legacy.map((i) => i.email)));
    const a = users.find((i) => i.email === legacy[1]!.email)!;
    expect({ ...a, id: "", source: "" }).toEqual({ ...legacy[1]!, id: "", source: "" });
  });

  it("cancelling through the users API refuses a person who has accepted meanwhile", async () => {
    const api = new UsersApiInvitations(client());
    const { invitation: inv } = await api.create(DEMO.orgId, {
      email: "accepts@newhire.example",
      orgRoles: ["ORG_MEMBER"],
      teamIds: [],
      projectRoles: [],
    });
    await sim.control("POST", `/__sim/orgs/${DEMO.orgId}/users/${inv.id}/accept`);
    const e = await api.cancel(DEMO.orgId, inv.id).catch((x: unknown) => x);
    expect(invitationGone(e)).toEqual({
      state: "accepted",
      email: "accepts@newhire.example",
      atlasStatus: 200,
    });
    expect(await count({ method: "DELETE" })).toBe(0);
  });
});
