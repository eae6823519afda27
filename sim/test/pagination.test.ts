// The paginated envelope {links, results, totalCount}, list filters, the demo counts of sim/README.md,
// envelope=true and pretty=true (REFERENCE.md §1 "Common query parameters" and "Paginated envelope").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Seed } from "../src/seed-types";
import { DEMO, ORG_PATH, V2023, V2025, startTestSim } from "./support/sim";
import type { ApiResponse, TestSim } from "./support/sim";

const V2 = "/api/atlas/v2";
const USERS = `${ORG_PATH}/users`;
const ALL_STATUSES = ["ACTIVE", "PENDING", "INVITATION_EXPIRED", "INVITATION_REJECTED"];
const statusQuery = (statuses: string[]) => statuses.map((s) => `orgMembershipStatuses=${s}`).join("&");
const DAY_MS = 24 * 3600 * 1000;

interface ListCase {
  op: string;
  path: string;
  accept: string;
  /** totalCount for the Demo Org owner. */
  total: number;
}

const LISTS: ListCase[] = [
  { op: "listOrgs", path: `${V2}/orgs`, accept: V2023, total: 1 },
  { op: "listOrgTeams", path: `${ORG_PATH}/teams`, accept: V2023, total: 6 },
  { op: "getOrgGroups", path: `${ORG_PATH}/groups`, accept: V2023, total: 8 },
  { op: "listGroups", path: `${V2}/groups`, accept: V2023, total: 8 },
  { op: "listOrgUsers", path: USERS, accept: V2025, total: 65 },
];

const withQuery = (path: string, query: string) => `${path}${path.includes("?") ? "&" : "?"}${query}`;

function expectAtlasError(res: ApiResponse<any>, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")?.split(";")[0]).toBe("application/json");
  expect(res.body).toMatchObject({ error: status });
  expect(typeof res.body.errorCode).toBe("string");
  expect(typeof res.body.detail).toBe("string");
  expect(typeof res.body.reason).toBe("string");
  expect(Array.isArray(res.body.parameters)).toBe(true);
}

function link(body: any, rel: string): string | undefined {
  return (body.links as { href: string; rel: string }[]).find((l) => l.rel === rel)?.href;
}

function hrefQuery(href: string | undefined): URLSearchParams {
  expect(href).toBeDefined();
  return new URL(href!).searchParams;
}

/** The path and query of an absolute link, for calling it through `api`. */
function relative(href: string): string {
  const u = new URL(href);
  return `${u.pathname}${u.search}`;
}

describe("paginated lists", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  describe.each(LISTS)("$op", ({ path, accept, total }) => {
    const get = (query = "") => sim.api("GET", query ? withQuery(path, query) : path, { accept });

    it("answers {links, results, totalCount} with pageNum 1 and itemsPerPage 100 by default", async () => {
      const res = await get();
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(["links", "results", "totalCount"]);
      expect(res.body.totalCount).toBe(total);
      expect(res.body.results).toHaveLength(Math.min(total, 100));
      const self = hrefQuery(link(res.body, "self"));
      expect(self.get("pageNum")).toBe("1");
      expect(self.get("itemsPerPage")).toBe("100");
      expect(new URL(link(res.body, "self")!).pathname).toBe(path);
      expect(link(res.body, "next")).toBeUndefined();
      expect(link(res.body, "previous")).toBeUndefined();
    });

    it("accepts itemsPerPage 1 and 500", async () => {
      const one = await get("itemsPerPage=1");
      expect(one.status).toBe(200);
      expect(one.body.results).toHaveLength(1);
      expect(one.body.totalCount).toBe(total);
      expect(hrefQuery(link(one.body, "self")).get("itemsPerPage")).toBe("1");
      if (total > 1) expect(hrefQuery(link(one.body, "next")).get("pageNum")).toBe("2");

      const max = await get("itemsPerPage=500");
      expect(max.status).toBe(200);
      expect(max.body.results).toHaveLength(total);
      expect(hrefQuery(link(max.body, "self")).get("itemsPerPage")).toBe("500");
    });

    it.each([
      ["itemsPerPage=0"],
      ["itemsPerPage=501"],
      ["itemsPerPage=abc"],
      ["itemsPerPage=-1"],
      ["pageNum=0"],
      ["pageNum=abc"],
    ])("answers 400 with the Atlas error body to %s", async (query) => {
      const res = await get(query);
      expectAtlasError(res, 400);
      expect(res.body.reason).toBe("Bad Request");
    });

    it("answers an empty page with totalCount past the end", async () => {
      const res = await get(`pageNum=${total + 1}&itemsPerPage=1`);
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([]);
      expect(res.body.totalCount).toBe(total);
      expect(link(res.body, "next")).toBeUndefined();
    });

    it("omits totalCount with includeCount=false", async () => {
      const res = await get("includeCount=false");
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty("totalCount");
      expect(res.body.results).toHaveLength(Math.min(total, 100));
      expect(Array.isArray(res.body.links)).toBe(true);
    });

    it("adds status to the page object with envelope=true", async () => {
      const plain = await get();
      const res = await get("envelope=true");
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(200);
      expect(res.body.content).toBeUndefined();
      expect(res.body.results).toEqual(plain.body.results);
      expect(res.body.totalCount).toBe(total);
    });
  });

  it("walking pages of itemsPerPage=7 over the Demo Org users gives every user exactly once", async () => {
    const q = statusQuery(ALL_STATUSES);
    const all = await sim.api("GET", `${USERS}?${q}&itemsPerPage=500`, { accept: V2025 });
    expect(all.status).toBe(200);
    expect(all.body.totalCount).toBe(71);
    const expected = all.body.results.map((u: any) => u.id as string);
    expect(new Set(expected).size).toBe(71);

    const seen: string[] = [];
    const pages = Math.ceil(71 / 7);
    for (let page = 1; page <= pages; page++) {
      const res = await sim.api("GET", `${USERS}?${q}&itemsPerPage=7&pageNum=${page}`, { accept: V2025 });
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(71);
      expect(res.body.results).toHaveLength(page < pages ? 7 : 71 - 7 * (pages - 1));
      seen.push(...res.body.results.map((u: any) => u.id as string));

      const self = hrefQuery(link(res.body, "self"));
      expect(self.get("pageNum")).toBe(String(page));
      expect(self.get("itemsPerPage")).toBe("7");
      if (page < pages) expect(hrefQuery(link(res.body, "next")).get("pageNum")).toBe(String(page + 1));
      else expect(link(res.body, "next")).toBeUndefined();
      if (page > 1) expect(hrefQuery(link(res.body, "previous")).get("pageNum")).toBe(String(page - 1));
      else expect(link(res.body, "previous")).toBeUndefined();
    }
    expect(seen).toHaveLength(71);
    expect(new Set(seen).size).toBe(71);
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  it("following the next links walks the default users list (ACTIVE and PENDING) exactly once", async () => {
    const seen: string[] = [];
    let path: string | undefined = `${USERS}?itemsPerPage=7`;
    let pages = 0;
    while (path) {
      const res = await sim.api("GET", path, { accept: V2025 });
      expect(res.status).toBe(200);
      seen.push(...res.body.results.map((u: any) => u.id as string));
      const next = link(res.body, "next");
      path = next ? relative(next) : undefined;
      expect(++pages).toBeLessThanOrEqual(10);
    }
    expect(pages).toBe(Math.ceil(65 / 7));
    expect(new Set(seen).size).toBe(65);
    expect(seen).toHaveLength(65);
  });

  it.each([
    [
      "listOrgUsers orgMembershipStatuses",
      `${USERS}?${statusQuery(["PENDING", "INVITATION_EXPIRED"])}&itemsPerPage=5`,
      V2025,
    ],
    ["listOrgUsers username", `${USERS}?username=ada.lovelace%40demo-corp.example&itemsPerPage=5`, V2025],
    ["getOrgGroups name", `${ORG_PATH}/groups?name=s&itemsPerPage=2`, V2023],
    ["listOrgs name", `${V2}/orgs?name=demo&itemsPerPage=5`, V2023],
  ])("the self and next links of a filtered list (%s) keep the filter", async (_label, path, accept) => {
    const first = await sim.api("GET", path, { accept });
    expect(first.status).toBe(200);
    const again = await sim.api("GET", relative(link(first.body, "self")!), { accept });
    expect(again.status).toBe(200);
    expect(again.body.totalCount).toBe(first.body.totalCount);
    expect(again.body.results).toEqual(first.body.results);
    const next = link(first.body, "next");
    if (next) {
      const second = await sim.api("GET", relative(next), { accept });
      expect(second.status).toBe(200);
      expect(second.body.totalCount).toBe(first.body.totalCount);
    }
  });
});

describe("default page size with more than 100 items", () => {
  const clientId = "mdb_sa_id_5f00000000000000000000d1";
  const clientSecret = "mdb_sa_sk_big_org";
  const orgId = "5f10000000000000000000d1";
  const seed: Seed = {
    serviceAccounts: [{ clientId, clientSecret, orgRoles: { [orgId]: ["ORG_OWNER"] } }],
    orgs: [
      {
        id: orgId,
        name: "Big Org",
        teams: Array.from({ length: 150 }, (_, i) => ({ name: `Team ${String(i).padStart(3, "0")}` })),
      },
    ],
  };
  let sim: TestSim;
  let token: string;
  beforeAll(async () => {
    sim = await startTestSim(seed);
    token = await sim.token({ clientId, clientSecret });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("answers 100 items per page unless itemsPerPage says otherwise", async () => {
    const teams = `${V2}/orgs/${orgId}/teams`;
    const first = await sim.api("GET", teams, { token });
    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(150);
    expect(first.body.results).toHaveLength(100);
    expect(hrefQuery(link(first.body, "next")).get("pageNum")).toBe("2");

    const second = await sim.api("GET", `${teams}?pageNum=2`, { token });
    expect(second.body.results).toHaveLength(50);
    expect(link(second.body, "next")).toBeUndefined();
    expect(hrefQuery(link(second.body, "previous")).get("pageNum")).toBe("1");
    const ids = [...first.body.results, ...second.body.results].map((t: any) => t.id);
    expect(new Set(ids).size).toBe(150);

    const all = await sim.api("GET", `${teams}?itemsPerPage=500`, { token });
    expect(all.body.results).toHaveLength(150);
  });
});

describe("filters", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  const users = (query: string) => sim.api("GET", `${USERS}?${query}`, { accept: V2025 });
  const names = (res: ApiResponse<any>) => res.body.results.map((x: any) => x.name as string).sort();

  it("getOrgGroups name is a case-insensitive prefix", async () => {
    const groups = (name: string) =>
      sim.api("GET", `${ORG_PATH}/groups?name=${encodeURIComponent(name)}`, { accept: V2023 });
    expect(names(await groups("s"))).toEqual(["Sandbox", "Search", "Staging"]);
    expect(names(await groups("DATA"))).toEqual(["Data Lake"]);
    expect(names(await groups("analytics warehouse"))).toEqual(["Analytics Warehouse"]);
    const none = await groups("lake");
    expect(none.status).toBe(200);
    expect(none.body.results).toEqual([]);
    expect(none.body.totalCount).toBe(0);
  });

  it("listOrgUsers username is a case-insensitive exact match", async () => {
    const all = await users(`${statusQuery(ALL_STATUSES)}&itemsPerPage=500`);
    const active = all.body.results.find((u: any) => u.orgMembershipStatus === "ACTIVE");
    const pending = all.body.results.find((u: any) => u.orgMembershipStatus === "PENDING");
    const expired = all.body.results.find((u: any) => u.orgMembershipStatus === "INVITATION_EXPIRED");

    const byName = (username: string, extra = "") =>
      users(`username=${encodeURIComponent(username)}${extra}`);
    const a = await byName(active.username.toUpperCase());
    expect(a.status).toBe(200);
    expect(a.body.totalCount).toBe(1);
    expect(a.body.results.map((u: any) => u.id)).toEqual([active.id]);

    const p = await byName(pending.username);
    expect(p.body.results.map((u: any) => u.id)).toEqual([pending.id]);

    // Not a prefix or substring match.
    expect((await byName(active.username.split("@")[0])).body.totalCount).toBe(0);
    expect((await byName(`x${active.username}`)).body.totalCount).toBe(0);

    // The username filter combines with the status filter (the default excludes expired invitations).
    expect((await byName(expired.username)).body.totalCount).toBe(0);
    const e = await byName(expired.username, "&orgMembershipStatuses=INVITATION_EXPIRED");
    expect(e.body.results.map((u: any) => u.id)).toEqual([expired.id]);
  });

  it("listOrgUsers orgMembershipStatuses is repeatable", async () => {
    const res = await users(`${statusQuery(["PENDING", "INVITATION_EXPIRED"])}&itemsPerPage=500`);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(35 + 4);
    const statuses = new Set(res.body.results.map((u: any) => u.orgMembershipStatus));
    expect(statuses).toEqual(new Set(["PENDING", "INVITATION_EXPIRED"]));

    const four = await users(`${statusQuery(ALL_STATUSES)}&itemsPerPage=500`);
    expect(four.body.totalCount).toBe(71);
  });

  it("the deprecated orgMembershipStatus still filters on its own", async () => {
    const res = await users("orgMembershipStatus=INVITATION_REJECTED");
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(2);
    expect(res.body.results.every((u: any) => u.orgMembershipStatus === "INVITATION_REJECTED")).toBe(true);
  });

  it.each([
    ["an invalid status", "orgMembershipStatuses=ACCEPTED"],
    ["an invalid status among valid ones", statusQuery(["PENDING", "DELETED"])],
    ["an invalid deprecated status", "orgMembershipStatus=ACCEPTED"],
    ["more than 4 values", statusQuery([...ALL_STATUSES, "PENDING"])],
    [
      "orgMembershipStatus combined with orgMembershipStatuses",
      "orgMembershipStatus=ACTIVE&orgMembershipStatuses=PENDING",
    ],
  ])("listOrgUsers answers 400 to %s", async (_label, query) => {
    const res = await users(query);
    expectAtlasError(res, 400);
  });

  describe("listOrgs name", () => {
    const clientId = "mdb_sa_id_5f00000000000000000000d2";
    const clientSecret = "mdb_sa_sk_many_orgs";
    const orgNames = ["Alpha Team", "alpha beta", "Beta Alpha", "Gamma"];
    const orgIds = orgNames.map((_, i) => `5f10000000000000000000e${i}`);
    const seed: Seed = {
      serviceAccounts: [
        { clientId, clientSecret, orgRoles: Object.fromEntries(orgIds.map((id) => [id, ["ORG_MEMBER"]])) },
      ],
      orgs: [...orgNames.map((name, i) => ({ id: orgIds[i], name })), { name: "Alphabet (not mine)" }],
    };
    let many: TestSim;
    let token: string;
    beforeAll(async () => {
      many = await startTestSim(seed);
      token = await many.token({ clientId, clientSecret });
    });
    afterAll(async () => {
      await many.close();
    });

    it("is a case-insensitive prefix over the caller's orgs", async () => {
      const orgs = (name: string) =>
        many.api("GET", `${V2}/orgs?name=${encodeURIComponent(name)}`, { token, accept: V2023 });
      const all = await orgs("");
      expect(all.status).toBe(200);
      expect(all.body.totalCount).toBe(4);
      expect(names(await orgs("ALPHA"))).toEqual(["Alpha Team", "alpha beta"]);
      expect(names(await orgs("beta"))).toEqual(["Beta Alpha"]);
      expect(names(await orgs("alpha t"))).toEqual(["Alpha Team"]);
      const none = await orgs("team");
      expect(none.body.results).toEqual([]);
      expect(none.body.totalCount).toBe(0);
    });
  });
});

describe("demo seed counts (sim/README.md)", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  async function countUsers(status: string, token?: string, orgPath = ORG_PATH): Promise<number> {
    const res = await sim.api("GET", `${orgPath}/users?orgMembershipStatuses=${status}&itemsPerPage=1`, {
      accept: V2025,
      ...(token ? { token } : {}),
    });
    expect(res.status).toBe(200);
    return res.body.totalCount as number;
  }

  it("Demo Org: 6 teams, 8 projects, 35 PENDING, 4 INVITATION_EXPIRED, 2 INVITATION_REJECTED, 30 ACTIVE", async () => {
    expect((await sim.api("GET", `${ORG_PATH}/teams`)).body.totalCount).toBe(6);
    expect((await sim.api("GET", `${ORG_PATH}/groups`)).body.totalCount).toBe(8);
    expect(await countUsers("PENDING")).toBe(35);
    expect(await countUsers("INVITATION_EXPIRED")).toBe(4);
    expect(await countUsers("INVITATION_REJECTED")).toBe(2);
    expect(await countUsers("ACTIVE")).toBe(30);
  });

  it("3 of the 35 pending invitations expire within 7 days of the simulated now", async () => {
    const now = Date.parse((await sim.control("GET", "/__sim/clock")).body.now);
    const res = await sim.api("GET", `${USERS}?orgMembershipStatuses=PENDING&itemsPerPage=500`, {
      accept: V2025,
    });
    expect(res.body.results).toHaveLength(35);
    const expiries = res.body.results.map((u: any) => Date.parse(u.invitationExpiresAt));
    expect(expiries.every((t: number) => t > now)).toBe(true);
    expect(expiries.filter((t: number) => t - now <= 7 * DAY_MS)).toHaveLength(3);
  });

  it("Second Org: 2 teams, 3 projects, 5 pending", async () => {
    const token = await sim.token(DEMO.second);
    const org = `${V2}/orgs/${DEMO.secondOrgId}`;
    expect((await sim.api("GET", `${org}/teams`, { token })).body.totalCount).toBe(2);
    expect((await sim.api("GET", `${org}/groups`, { token })).body.totalCount).toBe(3);
    expect(await countUsers("PENDING", token, org)).toBe(5);
  });

  it("the legacy invitations list of Demo Org has the 35 pending people, under their own ids", async () => {
    const res = await sim.api("GET", `${ORG_PATH}/invites`, { accept: V2023 });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(35);
    const pending = await sim.api("GET", `${USERS}?orgMembershipStatuses=PENDING&itemsPerPage=500`, {
      accept: V2025,
    });
    const invited = res.body.map((i: any) => i.username as string).sort();
    expect(invited).toEqual(pending.body.results.map((u: any) => u.username as string).sort());
    const userIds = new Set(pending.body.results.map((u: any) => u.id as string));
    expect(res.body.some((i: any) => userIds.has(i.id))).toBe(false);

    // Which API created an invitation is not visible over HTTP (Atlas does not show it either), so the
    // 25 + 10 split of sim/README.md is checked on the seeded state.
    const people = running(sim)
      .state.orgs.get(DEMO.orgId)!
      .people.filter((p) => p.status === "PENDING");
    expect(people.filter((p) => p.createdVia === "invitations")).toHaveLength(25);
    expect(people.filter((p) => p.createdVia === "users")).toHaveLength(10);
  });

  it("the Demo Org projects hold 3 legacy project invitations in total", async () => {
    const projects = await sim.api("GET", `${ORG_PATH}/groups`);
    let total = 0;
    for (const p of projects.body.results) {
      const res = await sim.api("GET", `${V2}/groups/${p.id}/invites`);
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      for (const inv of res.body) expect(inv.groupId).toBe(p.id);
      total += res.body.length;
    }
    expect(total).toBe(3);
  });
});

function running(sim: TestSim) {
  return sim.running.sim;
}

describe("envelope=true and pretty=true", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("wraps a single object as {content, status}", async () => {
    const plain = await sim.api("GET", ORG_PATH);
    const res = await sim.api("GET", `${ORG_PATH}?envelope=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.atlas.2023-01-01+json;charset=utf-8");
    expect(Object.keys(res.body).sort()).toEqual(["content", "status"]);
    expect(res.body.status).toBe(200);
    expect(res.body.content).toEqual(plain.body);
  });

  it("wraps a bare array (legacy invitations list) as {content, status}", async () => {
    const plain = await sim.api("GET", `${ORG_PATH}/invites`);
    const res = await sim.api("GET", `${ORG_PATH}/invites?envelope=true`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(["content", "status"]);
    expect(res.body.status).toBe(200);
    expect(res.body.content).toEqual(plain.body);
    expect(res.body.content).toHaveLength(35);
  });

  it.each([
    ["404 unknown org", `${V2}/orgs/5f10000000000000000000ff?envelope=true`, V2023, undefined, 404],
    ["400 invalid id", `${V2}/orgs/xyz?envelope=true`, V2023, undefined, 400],
    ["400 invalid itemsPerPage", `${ORG_PATH}/teams?itemsPerPage=0&envelope=true`, V2023, undefined, 400],
    ["401 without a token", `${ORG_PATH}?envelope=true`, V2023, null, 401],
    ["406 without a version", `${ORG_PATH}?envelope=true`, "application/json", undefined, 406],
  ] as const)(
    "wraps an error (%s) as {content: <error>, status} and keeps the HTTP status",
    async (_l, path, accept, token, status) => {
      const res = await sim.api("GET", path, { accept, ...(token === null ? { token: null } : {}) });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")?.split(";")[0]).toBe("application/json");
      expect(Object.keys(res.body).sort()).toEqual(["content", "status"]);
      expect(res.body.status).toBe(status);
      expect(res.body.content).toMatchObject({ error: status, reason: expect.any(String) });
      expect(typeof res.body.content.errorCode).toBe("string");
      expect(typeof res.body.content.detail).toBe("string");
      expect(Array.isArray(res.body.content.parameters)).toBe(true);
    },
  );

  it.each([
    ["a list", `${ORG_PATH}/teams`],
    ["a single object", ORG_PATH],
    ["a bare array", `${ORG_PATH}/invites`],
    ["an error", `${V2}/orgs/5f10000000000000000000ff`],
  ])("pretty=true indents %s and parses to the same value", async (_label, path) => {
    const plain = await sim.api("GET", path);
    const pretty = await sim.api("GET", withQuery(path, "pretty=true"));
    expect(pretty.status).toBe(plain.status);
    expect(plain.text).not.toContain("\n");
    expect(pretty.text).toContain("\n");
    expect(pretty.text).toMatch(/^[[{]\n\s+\S/);
    expect(JSON.parse(pretty.text)).toEqual(JSON.parse(plain.text));
  });

  it("pretty=true and envelope=true combine", async () => {
    const res = await sim.api("GET", `${ORG_PATH}/teams?pretty=true&envelope=true`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("\n");
    expect(res.body.status).toBe(200);
    expect(res.body.totalCount).toBe(6);
  });
});

describe("a seed's users", () => {
  it("refuses a username given twice in one org, whatever its case", async () => {
    const orgId = "5f10000000000000000000d2";
    const user = (username: string) => ({
      username,
      orgMembershipStatus: "PENDING" as const,
      orgRoles: ["ORG_MEMBER"],
    });
    const seed: Seed = {
      orgs: [{ id: orgId, name: "Twice Org", users: [user("twice@example.com"), user("Twice@Example.com")] }],
    };
    await expect(startTestSim(seed)).rejects.toThrow(/Twice@Example.com appears twice in org Twice Org/);
  });
});
