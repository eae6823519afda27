// Version resolution by Accept header, Deprecation/Sunset headers and sunset on the simulated clock
// (sim/README.md "Behaviour that must match Atlas"; REFERENCE.md §0.1 and §1).
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, ORG_PATH, V2023, V2025, startTestSim } from "./support/sim";
import type { ApiResponse, TestSim } from "./support/sim";

const V2 = "/api/atlas/v2";
const USERS = `${ORG_PATH}/users`;
const INVITES = `${ORG_PATH}/invites`;
const accept = (date: string) => `application/vnd.atlas.${date}+json`;
const contentType = (version: string) => `application/vnd.atlas.${version}+json;charset=utf-8`;

const DEPRECATION_USERS_ERA = "Wed, 19 Feb 2025 00:00:00 GMT";
const DEPRECATION_PROJECT_INVITES = "Wed, 4 Oct 2023 00:00:00 GMT";
const SUNSET = "Thu, 1 Jul 2027 00:00:00 GMT";

/** Demo Org project with a pending legacy project invitation (sim/README.md: 3 of them over the projects). */
const PROJECT_1 = "5f3000000000000000000001";
const GROUP_INVITES = `${V2}/groups/${PROJECT_1}/invites`;

function expectAtlasError(res: ApiResponse<any>, status: number, errorCode?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")?.split(";")[0]).toBe("application/json");
  expect(res.body).toMatchObject({ error: status });
  expect(typeof res.body.errorCode).toBe("string");
  if (errorCode) expect(res.body.errorCode).toBe(errorCode);
  expect(typeof res.body.detail).toBe("string");
  expect(typeof res.body.reason).toBe("string");
  expect(res.body.reason.length).toBeGreaterThan(0);
  expect(Array.isArray(res.body.parameters)).toBe(true);
}

function expectRateLimitHeaders(res: ApiResponse<any>): void {
  const limit = res.headers.get("ratelimit-limit");
  const remaining = res.headers.get("ratelimit-remaining");
  expect(limit, `Ratelimit-Limit on ${res.status}`).toMatch(/^\d+$/);
  expect(remaining, `Ratelimit-Remaining on ${res.status}`).toMatch(/^\d+$/);
  expect(Number(remaining)).toBeLessThanOrEqual(Number(limit));
}

/** A GET with exactly these headers (fetch would add `Accept: *\/*` when none is given). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("version resolution", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("listOrgUsers with 2025-02-19 answers the 2025 shape, PENDING users included by default", async () => {
    const res = await sim.api("GET", USERS, { accept: V2025 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType("2025-02-19"));
    expect(res.headers.get("deprecation")).toBeNull();
    expect(res.headers.get("sunset")).toBeNull();
    const statuses = new Set(res.body.results.map((u: any) => u.orgMembershipStatus));
    expect(statuses).toEqual(new Set(["ACTIVE", "PENDING"]));
    expect(res.body.totalCount).toBe(30 + 35);
    for (const u of res.body.results) {
      expect(u.emailAddress).toBeUndefined();
      expect(Array.isArray(u.roles)).toBe(false);
      expect(Array.isArray(u.roles.orgRoles)).toBe(true);
    }
  });

  it("listOrgUsers with 2023-01-01 answers the CloudAppUser shape, ACTIVE only, with Deprecation and Sunset", async () => {
    const res = await sim.api("GET", USERS, { accept: V2023 });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType("2023-01-01"));
    expect(res.headers.get("deprecation")).toBe(DEPRECATION_USERS_ERA);
    expect(res.headers.get("sunset")).toBe(SUNSET);
    expect(res.body.totalCount).toBe(30);
    expect(res.body.results).toHaveLength(30);
    for (const u of res.body.results) {
      expect(u.orgMembershipStatus).toBeUndefined();
      expect(u.emailAddress).toBe(u.username);
      expect(Array.isArray(u.roles)).toBe(true);
      expect(u.roles.some((r: any) => r.orgId === DEMO.orgId)).toBe(true);
    }
  });

  it("serves a date between two versions (2024-06-01) as 2023-01-01", async () => {
    const res = await sim.api("GET", USERS, { accept: accept("2024-06-01") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType("2023-01-01"));
    expect(res.headers.get("deprecation")).toBe(DEPRECATION_USERS_ERA);
    expect(res.body.totalCount).toBe(30);
    expect(res.body.results[0].emailAddress).toBeDefined();
  });

  it("serves a date after the newest version (2026-01-01) as 2025-02-19", async () => {
    const res = await sim.api("GET", USERS, { accept: accept("2026-01-01") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType("2025-02-19"));
    expect(res.headers.get("deprecation")).toBeNull();
    expect(res.body.totalCount).toBe(65);
    expect(res.body.results[0].orgMembershipStatus).toBeDefined();
  });

  it("serves listOrgs requested as 2025-03-12 as 2023-01-01 (as the MCP server relies on)", async () => {
    const res = await sim.api("GET", `${V2}/orgs`, { accept: accept("2025-03-12") });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(contentType("2023-01-01"));
    expect(res.body.results.map((o: any) => o.id)).toEqual([DEMO.orgId]);
  });

  it("answers 406 to createOrgUser with 2023-01-01 (it exists only as 2025-02-19) and creates nobody", async () => {
    const username = "version.probe@demo-corp.example";
    const res = await sim.api("POST", USERS, {
      accept: V2023,
      body: { username, roles: { orgRoles: ["ORG_MEMBER"] } },
    });
    expectAtlasError(res, 406);
    const check = await sim.api("GET", `${USERS}?username=${encodeURIComponent(username)}`, {
      accept: V2025,
    });
    expect(check.status).toBe(200);
    expect(check.body.totalCount).toBe(0);
  });

  it("answers 406 when the Accept header is missing", async () => {
    const token = await sim.token();
    for (const path of [USERS, `${V2}/orgs`]) {
      const res = await rawGet(`${sim.url}${path}`, { Authorization: `Bearer ${token}` });
      expect(res.status, path).toBe(406);
      expect(String(res.headers["content-type"]).split(";")[0]).toBe("application/json");
      expect(res.body).toMatchObject({ error: 406 });
      for (const field of ["errorCode", "detail", "reason"]) expect(typeof res.body[field]).toBe("string");
      expect(Array.isArray(res.body.parameters)).toBe(true);
    }
  });

  it.each([
    ["application/json", "application/json"],
    ["*/*", "*/*"],
    ["an impossible date (2023-02-30)", accept("2023-02-30")],
    ["a date before the first version (2022-01-01)", accept("2022-01-01")],
    ["a malformed date", "application/vnd.atlas.2023-1-1+json"],
  ])("answers 406 with the Atlas error body to Accept: %s", async (_label, value) => {
    for (const path of [USERS, `${V2}/orgs`, INVITES]) {
      const res = await sim.api("GET", path, { accept: value });
      expectAtlasError(res, 406);
      expect(res.body.reason).toBe("Not Acceptable");
    }
  });

  it("sends Deprecation 19 Feb 2025 and Sunset 1 Jul 2027 on the legacy org invitations", async () => {
    const list = await sim.api("GET", INVITES, { accept: V2023 });
    expect(list.status).toBe(200);
    expect(list.headers.get("deprecation")).toBe(DEPRECATION_USERS_ERA);
    expect(list.headers.get("sunset")).toBe(SUNSET);
    const id = list.body[0].id as string;
    const one = await sim.api("GET", `${INVITES}/${id}`, { accept: V2023 });
    expect(one.status).toBe(200);
    expect(one.headers.get("deprecation")).toBe(DEPRECATION_USERS_ERA);
    expect(one.headers.get("sunset")).toBe(SUNSET);
  });

  it("sends Deprecation 4 Oct 2023 and Sunset 1 Jul 2027 on the legacy project invitations", async () => {
    const res = await sim.api("GET", GROUP_INVITES, { accept: V2023 });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.headers.get("deprecation")).toBe(DEPRECATION_PROJECT_INVITES);
    expect(res.headers.get("sunset")).toBe(SUNSET);
  });

  it.each([
    ["listOrgs", `${V2}/orgs`, V2023],
    ["getOrg", ORG_PATH, V2023],
    ["listOrgTeams", `${ORG_PATH}/teams`, V2023],
    ["getOrgGroups", `${ORG_PATH}/groups`, V2023],
    ["listGroups", `${V2}/groups`, V2023],
    ["listOrgUsers 2025-02-19", USERS, V2025],
  ])("sends neither Deprecation nor Sunset on %s", async (_op, path, version) => {
    const res = await sim.api("GET", path, { accept: version });
    expect(res.status).toBe(200);
    expect(res.headers.get("deprecation")).toBeNull();
    expect(res.headers.get("sunset")).toBeNull();
  });

  it("labels success bodies with the served version and ;charset=utf-8, errors as application/json", async () => {
    const ok: [string, string, string][] = [
      [`${V2}/orgs`, V2023, "2023-01-01"],
      [ORG_PATH, V2023, "2023-01-01"],
      [`${ORG_PATH}/teams`, V2023, "2023-01-01"],
      [INVITES, V2023, "2023-01-01"],
      [GROUP_INVITES, V2023, "2023-01-01"],
      [USERS, V2025, "2025-02-19"],
    ];
    for (const [path, version, served] of ok) {
      const res = await sim.api("GET", path, { accept: version });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(contentType(served));
    }
    const errors: [ApiResponse<any>, number][] = [
      [await sim.api("GET", `${V2}/orgs/5f10000000000000000000ff`), 404],
      [await sim.api("GET", `${V2}/orgs/not-an-id`), 400],
      [await sim.api("GET", `${V2}/orgs`, { token: null }), 401],
      [await sim.api("GET", `${V2}/orgs`, { accept: "application/json" }), 406],
      [await sim.api("GET", `${USERS}?orgMembershipStatuses=NOPE`, { accept: V2025 }), 400],
    ];
    for (const [res, status] of errors) expectAtlasError(res, status);
  });

  it("sends Ratelimit-Limit and Ratelimit-Remaining on 200, 401, 404 and 406 answers", async () => {
    const answers: [ApiResponse<any>, number][] = [
      [await sim.api("GET", `${V2}/orgs`), 200],
      [await sim.api("GET", USERS, { accept: V2025 }), 200],
      [await sim.api("GET", `${V2}/orgs`, { token: null }), 401],
      [await sim.api("GET", USERS, { token: "not-a-token", accept: V2025 }), 401],
      [await sim.api("GET", `${V2}/orgs/5f10000000000000000000ff`), 404],
      [await sim.api("GET", `${V2}/no/such/resource`), 404],
      [await sim.api("GET", USERS, { accept: "application/json" }), 406],
      [await sim.api("GET", `${V2}/orgs`, { accept: accept("2022-01-01") }), 406],
    ];
    for (const [res, status] of answers) {
      expect(res.status).toBe(status);
      expectRateLimitHeaders(res);
    }
  });
});

describe("sunset on the simulated clock", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  /** Moves the simulated clock to `iso` (it only moves forward). */
  async function moveClockTo(iso: string): Promise<void> {
    const now = Date.parse((await sim.control("GET", "/__sim/clock")).body.now);
    const seconds = Math.ceil((Date.parse(iso) - now) / 1000);
    expect(seconds, `the simulated clock is already past ${iso}`).toBeGreaterThan(0);
    expect((await sim.control("POST", "/__sim/clock", { advanceSeconds: seconds })).status).toBe(200);
  }

  it("answers 410 VERSION_GONE for the legacy versions after 2027-07-01, the current ones keep working", async () => {
    // One minute before the sunset everything still answers.
    await moveClockTo("2027-06-30T23:59:00Z");
    let token = await sim.token(); // the clock moved past the lifetime of any earlier token
    expect((await sim.api("GET", INVITES, { token })).status).toBe(200);
    expect((await sim.api("GET", GROUP_INVITES, { token })).status).toBe(200);
    expect((await sim.api("GET", USERS, { token, accept: V2023 })).status).toBe(200);

    await moveClockTo("2027-07-01T00:01:00Z");
    token = await sim.token();

    const gone: [string, string, string, unknown?][] = [
      ["GET", INVITES, V2023],
      ["POST", INVITES, V2023, { username: "late@demo-corp.example", roles: ["ORG_MEMBER"] }],
      ["GET", GROUP_INVITES, V2023],
      ["GET", USERS, V2023],
      ["GET", USERS, accept("2024-06-01")],
    ];
    for (const [method, path, version, body] of gone) {
      const res = await sim.api(method, path, { token, accept: version, body });
      expectAtlasError(res, 410, "VERSION_GONE");
      expect(res.body.reason).toBe("Gone");
      expect(res.body.detail).toContain("2023-01-01");
      expectRateLimitHeaders(res);
    }

    const users = await sim.api("GET", USERS, { token, accept: V2025 });
    expect(users.status).toBe(200);
    expect(users.headers.get("content-type")).toBe(contentType("2025-02-19"));
    expectRateLimitHeaders(users);

    const orgs = await sim.api("GET", `${V2}/orgs`, { token, accept: V2023 });
    expect(orgs.status).toBe(200);
    expect(orgs.headers.get("content-type")).toBe(contentType("2023-01-01"));
    expect(orgs.body.results.map((o: any) => o.id)).toEqual([DEMO.orgId]);
    const org = await sim.api("GET", ORG_PATH, { token, accept: V2023 });
    expect(org.status).toBe(200);
  });
});
