import { beforeAll, describe, expect, it } from "vitest";
import { demoSeed } from "../src/demo-seed";
import { DEMO, ORG_PATH, V2023, V2025, basic, useTestSim } from "./support/sim";

describe("faults", () => {
  const sim = useTestSim();

  it("a status fault answers the next matching call once, with the Atlas error body", async () => {
    const added = await sim.control("POST", "/__sim/faults", {
      method: "GET",
      path: `${ORG_PATH}/invites`,
      status: 500,
    });
    expect(added.status).toBe(201);
    const failed = await sim.api("GET", `${ORG_PATH}/invites`);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({
      error: 500,
      errorCode: "UNEXPECTED_ERROR",
      reason: "Internal Server Error",
    });
    expect((await sim.api("GET", `${ORG_PATH}/invites`)).status).toBe(200);
    const journal = await sim.journal({ path: `${ORG_PATH}/invites` });
    expect(journal.map((e) => e.status)).toEqual([500, 200]);
  });

  it("`times`, method and glob path matching; other calls are untouched", async () => {
    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: "/api/atlas/v2/orgs/*/users",
      status: 503,
      times: 2,
    });
    expect((await sim.api("GET", `${ORG_PATH}/users`, { accept: V2025 })).status).toBe(200);
    const body = { username: "fault@newhire.example", roles: { orgRoles: ["ORG_MEMBER"] } };
    expect((await sim.api("POST", `${ORG_PATH}/users`, { accept: V2025, body })).status).toBe(503);
    expect((await sim.api("POST", `${ORG_PATH}/users`, { accept: V2025, body })).status).toBe(503);
    expect((await sim.api("POST", `${ORG_PATH}/users`, { accept: V2025, body })).status).toBe(201);
    expect((await sim.control("GET", "/__sim/faults")).body).toEqual([]);
  });

  it("a 429 fault carries Retry-After and the given errorCode", async () => {
    await sim.control("POST", "/__sim/faults", {
      path: `${ORG_PATH}`,
      status: 429,
      retryAfter: 7,
      errorCode: "RATE_LIMITED",
    });
    const res = await sim.api("GET", ORG_PATH);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.headers.get("ratelimit-limit")).toBe("500");
    expect(res.body.errorCode).toBe("RATE_LIMITED");
  });

  it("delayMs holds the answer back", async () => {
    await sim.control("POST", "/__sim/faults", { path: ORG_PATH, delayMs: 300 });
    const started = Date.now();
    const res = await sim.api("GET", ORG_PATH);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("drop cuts the connection after the request was read; the journal shows it", async () => {
    await sim.control("POST", "/__sim/faults", { method: "POST", path: `${ORG_PATH}/invites`, drop: true });
    const body = { username: "dropped@newhire.example", roles: ["ORG_MEMBER"] };
    await expect(sim.api("POST", `${ORG_PATH}/invites`, { body })).rejects.toThrow();
    const [entry] = await sim.journal({ method: "POST", path: `${ORG_PATH}/invites` });
    expect(entry).toMatchObject({ dropped: true, status: null, body });
    // Nothing was created: the request never reached the endpoint.
    expect((await sim.api("GET", `${ORG_PATH}/invites?username=dropped@newhire.example`)).body).toEqual([]);
  });

  it("faults apply to the token endpoint too", async () => {
    await sim.control("POST", "/__sim/faults", {
      path: "/api/oauth/token",
      status: 403,
      errorCode: "access_denied",
    });
    const res = await fetch(`${sim.url}/api/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: basic(DEMO.owner.clientId, DEMO.owner.clientSecret),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    expect(res.status).toBe(403);
    expect((await sim.control("GET", "/__sim/stats")).body.faultsInjected).toBe(1);
  });

  it("rejects malformed faults and clears them all with DELETE", async () => {
    expect((await sim.control("POST", "/__sim/faults", { status: 42 })).status).toBe(400);
    expect((await sim.control("POST", "/__sim/faults", { path: "/x" })).status).toBe(400);
    expect((await sim.control("POST", "/__sim/faults", { status: 500, times: 0 })).status).toBe(400);
    await sim.control("POST", "/__sim/faults", { status: 500, times: 5 });
    expect((await sim.control("DELETE", "/__sim/faults")).status).toBe(204);
    expect((await sim.api("GET", ORG_PATH)).status).toBe(200);
  });
});

describe("rate limiting", () => {
  const sim = useTestSim({
    seed: {
      ...demoSeed(Date.now()),
      rateLimits: { org: { capacity: 3, refillRate: 3, refillDurationSeconds: 60 } },
    },
    reset: false,
  });

  it("a token bucket per endpoint set and org: Remaining counts down, then 429 with Retry-After", async () => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await sim.api("GET", `${ORG_PATH}/invites`);
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("3");
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const limited = await sim.api("GET", ORG_PATH); // getOrg shares the bucket with org invitations
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      error: 429,
      errorCode: "RATE_LIMITED_TOKEN_BUCKET",
      reason: "Too Many Requests",
    });
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    // Other endpoint sets and other orgs have their own buckets.
    expect((await sim.api("GET", `${ORG_PATH}/users`, { accept: V2025 })).status).toBe(200);
    const second = await sim.api("GET", `/api/atlas/v2/orgs/${DEMO.secondOrgId}`, {
      token: await sim.token(DEMO.second),
    });
    expect(second.status).toBe(200);
    expect((await sim.control("GET", "/__sim/stats")).body.rateLimited).toBe(1);
    // The bucket refills on the simulated clock.
    await sim.control("POST", "/__sim/clock", { advanceSeconds: retryAfter });
    const after = await sim.api("GET", ORG_PATH);
    expect(after.status).toBe(200);
    expect(after.headers.get("ratelimit-remaining")).toBe("2");
  });
});

describe("roles, ids and authentication", () => {
  const sim = useTestSim({ reset: false });
  let member: string;
  let second: string;
  beforeAll(async () => {
    member = await sim.token(DEMO.member);
    second = await sim.token(DEMO.second);
  });

  it("the member-only account reads but gets 403 on owner operations", async () => {
    expect((await sim.api("GET", ORG_PATH, { token: member })).status).toBe(200);
    expect((await sim.api("GET", `${ORG_PATH}/teams`, { token: member })).status).toBe(200);
    expect((await sim.api("GET", `${ORG_PATH}/users`, { token: member, accept: V2025 })).status).toBe(200);
    const owner = [
      ["GET", `${ORG_PATH}/invites`, undefined],
      ["POST", `${ORG_PATH}/users`, { username: "m@newhire.example", roles: { orgRoles: ["ORG_MEMBER"] } }],
      ["DELETE", `${ORG_PATH}/users/5f5000000000000000000001`, undefined],
      ["GET", "/api/atlas/v2/groups/5f3000000000000000000001/invites", undefined],
    ] as const;
    for (const [method, path, body] of owner) {
      const res = await sim.api(method, path, {
        token: member,
        accept: path.endsWith("/invites") ? undefined : V2025,
        body,
      });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.errorCode).toBe("USER_UNAUTHORIZED");
    }
    const journal = await sim.journal({ method: "POST", path: `${ORG_PATH}/users` });
    expect(journal.map((e) => e.status)).toEqual([403]);
  });

  it("an account sees only its own orgs and projects", async () => {
    const orgs = await sim.api("GET", "/api/atlas/v2/orgs", { token: second });
    expect(orgs.body.results.map((o: any) => o.id)).toEqual([DEMO.secondOrgId]);
    expect((await sim.api("GET", ORG_PATH, { token: second })).status).toBe(403);
    const groups = await sim.api("GET", "/api/atlas/v2/groups", { token: second });
    expect(groups.body.totalCount).toBe(3);
    expect((await sim.api("GET", "/api/atlas/v2/groups", { token: member })).body.totalCount).toBe(0);
  });

  it("ids are validated: malformed → 400 with a specific code, unknown → 404", async () => {
    const cases: [string, number, string][] = [
      ["/api/atlas/v2/orgs/xyz", 400, "INVALID_ORG_ID"],
      ["/api/atlas/v2/orgs/5F1000000000000000000001", 400, "INVALID_ORG_ID"],
      ["/api/atlas/v2/orgs/5f10000000000000000000011", 400, "INVALID_ORG_ID"],
      ["/api/atlas/v2/orgs/5f1000000000000000000009", 404, "ORG_NOT_FOUND"],
      [`${ORG_PATH}/teams/123`, 400, "INVALID_TEAM_ID"],
      [`${ORG_PATH}/teams/5f2000000000000000000099`, 404, "TEAM_NOT_FOUND"],
      [`${ORG_PATH}/invites/5f6000000000000000000099`, 404, "INVITATION_NOT_FOUND"],
      [`${ORG_PATH}/invites/%20`, 400, "INVALID_INVITATION_ID"],
      ["/api/atlas/v2/groups/5f3000000000000000000099/invites", 404, "GROUP_NOT_FOUND"],
    ];
    for (const [path, status, code] of cases) {
      const res = await sim.api("GET", path);
      expect([path, res.status, res.body.errorCode]).toEqual([path, status, code]);
    }
    const user = await sim.api("GET", `${ORG_PATH}/users/5f5000000000000000000999`, { accept: V2025 });
    expect(user.body.errorCode).toBe("USER_NOT_FOUND");
  });

  it("dot segments are resolved before routing, as a proxy would: no way around the templates", async () => {
    for (const path of [
      `${ORG_PATH}/../../groups/..`,
      "/api/atlas/v2/orgs/%2e%2e/invites",
      "/api/atlas/v2//orgs",
    ]) {
      const res = await sim.api("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.body.errorCode).toBe("RESOURCE_NOT_FOUND");
    }
    const wrongMethod = await sim.api("PUT", ORG_PATH);
    expect(wrongMethod.status).toBe(405);
  });

  it("401 without a token, with a garbage token and with Basic auth on the API", async () => {
    const variants: Record<string, string>[] = [
      {},
      { Authorization: "Bearer nope" },
      { Authorization: basic(DEMO.owner.clientId, DEMO.owner.clientSecret) },
    ];
    for (const headers of variants) {
      const res = await fetch(`${sim.url}${ORG_PATH}`, {
        headers: { Accept: "application/vnd.atlas.2023-01-01+json", ...headers },
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 401, errorCode: "UNAUTHORIZED" });
    }
  });
});

describe("journal, stats and reset", () => {
  const sim = useTestSim({ reset: false });

  it("records method, path, query, headers (Authorization as scheme only), body and status", async () => {
    await sim.control("DELETE", "/__sim/requests");
    const body = { username: "journal@newhire.example", roles: ["ORG_MEMBER"] };
    await sim.api("POST", `${ORG_PATH}/invites?pretty=true`, { body, headers: { Cookie: "session=abc" } });
    const [entry] = await sim.journal({ method: "POST", path: `${ORG_PATH}/invites` });
    expect(entry).toMatchObject({
      method: "POST",
      path: `${ORG_PATH}/invites`,
      query: { pretty: "true" },
      body,
      status: 200,
      operationId: "createOrgInvite",
    });
    expect(entry?.headers.authorization).toBe("Bearer");
    expect(entry?.headers.cookie).toBe("session=abc");
    expect(JSON.stringify(await sim.journal())).not.toMatch(/eyJ/);
  });

  it("reset goes back to the seed and keeps issued tokens", async () => {
    const token = await sim.token();
    await sim.api("POST", `${ORG_PATH}/invites`, {
      body: { username: "gone@newhire.example", roles: ["ORG_MEMBER"] },
      token,
    });
    await sim.control("POST", "/__sim/clock", { advanceSeconds: 10 });
    await sim.control("POST", "/__sim/reset");
    const list = await sim.api("GET", `${ORG_PATH}/invites`, { token });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(35);
    expect(await sim.journal()).toHaveLength(1);
    const stats = (await sim.control("GET", "/__sim/stats")).body;
    expect(stats).toMatchObject({
      requests: 1,
      liveTokens: expect.any(Number),
      tokensIssued: expect.any(Number),
    });
    await sim.control("POST", "/__sim/reset", { tokens: true });
    expect((await sim.api("GET", `${ORG_PATH}/invites`, { token })).status).toBe(401);
  });

  it("unknown control endpoints answer 404 with the list of endpoints", async () => {
    const res = await sim.control("GET", "/__sim/nope");
    expect(res.status).toBe(404);
    expect(Object.keys(res.body.endpoints)).toContain("GET /__sim/stats");
  });
});

describe("afterProcessing faults", () => {
  const sim = useTestSim({ reset: false });

  it("the change happens, the answer is lost: a dropped or failed confirmation", async () => {
    const body = { username: "committed@newhire.example", roles: { orgRoles: ["ORG_MEMBER"] } };
    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: `${ORG_PATH}/users`,
      status: 502,
      afterProcessing: true,
    });
    const res = await sim.api("POST", `${ORG_PATH}/users`, { accept: V2025, body });
    expect(res.status).toBe(502);
    const [entry] = await sim.journal({ method: "POST", path: `${ORG_PATH}/users` });
    expect(entry).toMatchObject({ status: 502, processedStatus: 201 });
    const list = await sim.api("GET", `${ORG_PATH}/users?username=committed@newhire.example`, {
      accept: V2025,
    });
    expect(list.body.results).toHaveLength(1);

    await sim.control("POST", "/__sim/faults", {
      method: "POST",
      path: `${ORG_PATH}/invites`,
      drop: true,
      afterProcessing: true,
    });
    const legacy = { username: "dropped-after@newhire.example", roles: ["ORG_MEMBER"] };
    await expect(sim.api("POST", `${ORG_PATH}/invites`, { body: legacy })).rejects.toThrow();
    expect(
      (await sim.api("GET", `${ORG_PATH}/invites?username=dropped-after@newhire.example`)).body,
    ).toHaveLength(1);
  });
});

describe("big seeds", () => {
  const sim = useTestSim({ reset: false });

  const pendingCount = async () => {
    const page = await sim.api<{ totalCount: number }>(
      "GET",
      `${ORG_PATH}/users?orgMembershipStatuses=PENDING&itemsPerPage=1`,
      { accept: V2025 },
    );
    expect(page.status).toBe(200);
    return page.body.totalCount;
  };

  it('reset {seed: "demo+N"} adds N pending invitations for that reset only', async () => {
    await sim.control("POST", "/__sim/reset");
    const demo = await pendingCount();
    expect((await sim.control("POST", "/__sim/reset", { seed: "demo+1200" })).status).toBe(200);
    expect(await pendingCount()).toBe(demo + 1200);
    const legacy = await sim.api<unknown[]>("GET", `${ORG_PATH}/invites`);
    expect(legacy.body.length).toBe(demo + 1200);
    await sim.control("POST", "/__sim/reset");
    expect(await pendingCount()).toBe(demo);
  });

  it('reset {seed: "orgs+N"} adds N orgs the demo owner sees, for that reset only', async () => {
    const orgCount = async () =>
      (await sim.api<{ totalCount: number }>("GET", "/api/atlas/v2/orgs?itemsPerPage=1", { accept: V2023 }))
        .body.totalCount;
    await sim.control("POST", "/__sim/reset");
    const demo = await orgCount();
    expect((await sim.control("POST", "/__sim/reset", { seed: "orgs+14" })).status).toBe(200);
    expect(await orgCount()).toBe(demo + 14);
    await sim.control("POST", "/__sim/reset");
    expect(await orgCount()).toBe(demo);
  });

  it("refuses seeds it does not know", async () => {
    for (const seed of [
      "demo+",
      "demo+abc",
      "empty",
      "../seed.json",
      5,
      "demo+123456",
      "orgs+",
      "orgs+1000",
    ]) {
      expect((await sim.control("POST", "/__sim/reset", { seed })).status).toBe(400);
    }
  });
});
