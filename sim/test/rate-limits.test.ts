// Rate-limit introspection (listRateLimits / getRateLimit) and the rate-limit headers and 429 body that every
// answer carries (sim/src/routes/rate-limits.ts, sim/src/ratelimit.ts).
import { describe, expect, it } from "vitest";
import { demoSeed, fixedId } from "../src/demo-seed";
import { DEMO, ORG, ORG_PATH, V2025, useTestSim } from "./support/sim";

const V_RL = "application/vnd.atlas.2025-03-12+json";
const RL = "/api/atlas/v2/rateLimits";
const q = encodeURIComponent;

interface SetView {
  endpointSetId: string;
  endpointSetName: string;
  scope: string;
  capacity: { value: number; defaultValue?: number };
  refillRate: { value: number; defaultValue?: number };
  refillDurationSeconds: { value: number; defaultValue?: number };
  endpoints: { method: string; path: string }[];
}
interface Page {
  results: SetView[];
  totalCount: number;
  links: { href: string; rel: string }[];
}

describe("rate-limit introspection with the default settings", () => {
  const sim = useTestSim({ reset: false });

  it("lists every Admin API endpoint set the simulator meters, each with its endpoints", async () => {
    const res = await sim.api<Page>("GET", RL, { accept: V_RL });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(`${V_RL};charset=utf-8`);
    const ids = res.body.results.map((s) => s.endpointSetId);
    expect(ids).toContain("orgUsers_organization");
    expect(ids).toContain("rateLimitsInspection_user");
    expect(res.body.totalCount).toBe(ids.length);
    const users = res.body.results.find((s) => s.endpointSetId === "orgUsers_organization")!;
    expect(users).toMatchObject({
      endpointSetName: "Organization Users",
      scope: "ORGANIZATION",
      capacity: { value: 500 },
      refillRate: { value: 500 },
      refillDurationSeconds: { value: 60 },
    });
    expect(users.capacity.defaultValue).toBeUndefined();
    expect(users.endpoints).toContainEqual({ method: "POST", path: "/api/atlas/v2/orgs/{orgId}/users" });
    // The sets the recordings show: 300 for GET /orgs, 1200 for project invitations.
    expect(res.body.results.find((s) => s.endpointSetId === "orgs_user")?.capacity.value).toBe(300);
    expect(res.body.results.find((s) => s.endpointSetId === "projectInvitations_group")?.scope).toBe("GROUP");
  });

  it("orgId, groupId and userId select the sets of that scope; several select several", async () => {
    const scopes = async (query: string) => {
      const res = await sim.api<Page>("GET", `${RL}?${query}`, { accept: V_RL });
      expect(res.status, res.text).toBe(200);
      return new Set(res.body.results.map((s) => s.scope));
    };
    expect(await scopes(`orgId=${ORG}`)).toEqual(new Set(["ORGANIZATION"]));
    expect(await scopes(`groupId=${fixedId("5f3", 1)}`)).toEqual(new Set(["GROUP"]));
    expect(await scopes(`userId=${DEMO.owner.clientId}`)).toEqual(new Set(["USER"]));
    expect(await scopes(`orgId=${ORG}&userId=${DEMO.owner.clientId}`)).toEqual(
      new Set(["ORGANIZATION", "USER"]),
    );
  });

  it("ipAddress must be the caller's own address", async () => {
    const own = await sim.api<Page>("GET", `${RL}?ipAddress=127.0.0.1`, { accept: V_RL });
    expect(own.status, own.text).toBe(200);
    expect(own.body.results).toEqual([]); // the simulator meters nothing per address
    const other = await sim.api("GET", `${RL}?ipAddress=10.1.2.3`, { accept: V_RL });
    expect(other.status).toBe(403);
  });

  it("name and endpointPath filter, each repeatable; the self link repeats the filters", async () => {
    const byName = await sim.api<Page>(
      "GET",
      `${RL}?name=${q("Organization Users")}&name=${q("Organization Teams")}`,
      { accept: V_RL },
    );
    expect(byName.body.results.map((s) => s.endpointSetName).sort()).toEqual([
      "Organization Teams",
      "Organization Users",
    ]);
    expect(byName.body.links.find((l) => l.rel === "self")?.href).toContain("name=Organization+Users");

    const byPath = await sim.api<Page>(
      "GET",
      `${RL}?endpointPath=${q("/api/atlas/v2/orgs/{orgId}/users")}&endpointPath=${q("/api/atlas/v2/orgs/")}`,
      { accept: V_RL },
    );
    expect(byPath.body.results.map((s) => s.endpointSetId)).toEqual(["orgs_user", "orgUsers_organization"]);

    const none = await sim.api<Page>("GET", `${RL}?name=Nope`, { accept: V_RL });
    expect(none.body).toMatchObject({ results: [], totalCount: 0 });
  });

  it("getRateLimit answers one set, 404 for an unknown one", async () => {
    const one = await sim.api<SetView>("GET", `${RL}/orgUsers_organization?orgId=${ORG}`, { accept: V_RL });
    expect(one.status).toBe(200);
    expect(one.body.endpointSetName).toBe("Organization Users");
    const missing = await sim.api("GET", `${RL}/nope_user`, { accept: V_RL });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: 404, errorCode: "ENDPOINT_SET_NOT_FOUND" });
  });

  it("the member-only account may read its own org's limits but not name another account", async () => {
    const member = await sim.token(DEMO.member);
    const ok = await sim.api("GET", `${RL}?orgId=${ORG}`, { accept: V_RL, token: member });
    expect(ok.status).toBe(200);
    const other = await sim.api("GET", `${RL}?userId=${DEMO.owner.clientId}`, {
      accept: V_RL,
      token: member,
    });
    expect(other.status).toBe(403);
  });

  it("every answer carries Ratelimit-Limit and Ratelimit-Remaining, the OAuth 405 and unknown paths too", async () => {
    for (const res of [
      await sim.api("GET", RL, { accept: V_RL }),
      await sim.api("GET", "/api/atlas/v2/nowhere", { accept: V_RL }),
      await sim.api("GET", "/api/oauth/token", { token: null }),
      await sim.api("GET", RL, { accept: V_RL, token: null }),
    ]) {
      expect(Number(res.headers.get("ratelimit-limit")), `${res.status}`).toBeGreaterThan(0);
      expect(res.headers.get("ratelimit-remaining"), `${res.status}`).toMatch(/^\d+$/);
    }
  });
});

describe("rate-limit introspection and 429 with a seed override", () => {
  const sim = useTestSim({
    seed: {
      ...demoSeed(Date.now()),
      rateLimits: { orgUsers: { capacity: 2, refillRate: 1, refillDurationSeconds: 30 } },
    },
    reset: false,
  });

  it("shows the configured capacity and refill with the defaults they override", async () => {
    const res = await sim.api<Page>(
      "GET",
      `${RL}?orgId=${ORG}&endpointPath=${q("/api/atlas/v2/orgs/{orgId}/users")}`,
      {
        accept: V_RL,
      },
    );
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({
      endpointSetId: "orgUsers_organization",
      capacity: { value: 2, defaultValue: 500 },
      refillRate: { value: 1, defaultValue: 500 },
      refillDurationSeconds: { value: 30, defaultValue: 60 },
    });
    // Sets without an override show no default.
    const teams = await sim.api<SetView>("GET", `${RL}/orgTeams_organization`, { accept: V_RL });
    expect(teams.body.capacity).toEqual({ value: 1200 });
  });

  it("the 429 body and headers are the documented ones", async () => {
    const path = `${ORG_PATH}/users`;
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await sim.api("GET", path, { accept: V2025 });
      expect(res.status).toBe(200);
      expect(res.headers.get("ratelimit-limit")).toBe("2");
      remaining.push(res.headers.get("ratelimit-remaining"));
    }
    expect(remaining).toEqual(["1", "0"]);
    const limited = await sim.api("GET", path, { accept: V2025 });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(limited.headers.get("ratelimit-limit")).toBe("2");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    const resource = path.slice(1);
    expect(limited.body).toEqual({
      detail: `Rate limit exceeded for ${resource}. Please retry after ${retryAfter} seconds. Request capacity: 2. Refill rate: 1 per 30 seconds.`,
      error: 429,
      errorCode: "RATE_LIMITED_TOKEN_BUCKET",
      parameters: [resource, retryAfter, 2, 1, 30],
      reason: "Too Many Requests",
    });
  });
});
