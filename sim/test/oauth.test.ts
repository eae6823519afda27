// /api/oauth/token and /api/oauth/revoke: client-credentials tokens as Atlas issues them (REFERENCE.md §5).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Seed } from "../src/seed-types";
import { DEMO, basic, startTestSim } from "./support/sim";
import type { TestSim } from "./support/sim";

const ORGS = "/api/atlas/v2/orgs";
const FORM = "application/x-www-form-urlencoded";

interface OAuthResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

async function post(
  sim: TestSim,
  path: "/api/oauth/token" | "/api/oauth/revoke",
  authorization: string | null,
  form: string,
): Promise<OAuthResponse> {
  const headers: Record<string, string> = { "Content-Type": FORM, Accept: "application/json" };
  if (authorization !== null) headers.Authorization = authorization;
  const res = await fetch(`${sim.url}${path}`, { method: "POST", headers, body: form });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const requestToken = (sim: TestSim, authorization: string | null, form = "grant_type=client_credentials") =>
  post(sim, "/api/oauth/token", authorization, form);

const revoke = (sim: TestSim, authorization: string | null, token: string) =>
  post(
    sim,
    "/api/oauth/revoke",
    authorization,
    new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
  );

const ownerBasic = basic(DEMO.owner.clientId, DEMO.owner.clientSecret);
const memberBasic = basic(DEMO.member.clientId, DEMO.member.clientSecret);

/** GET /api/atlas/v2/orgs with the given bearer token; returns the status. */
async function orgsStatus(sim: TestSim, token: string): Promise<number> {
  return (await sim.api("GET", ORGS, { token })).status;
}

async function advance(sim: TestSim, seconds: number): Promise<void> {
  const res = await sim.control("POST", "/__sim/clock", { advanceSeconds: seconds });
  expect(res.status).toBe(200);
}

/** Issues `n` tokens for one client, asserting that each succeeds. */
async function issueMany(sim: TestSim, authorization: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await requestToken(sim, authorization);
    expect(res.status, `token #${i + 1}`).toBe(200);
    tokens.push(res.body.access_token as string);
  }
  return tokens;
}

const sims: TestSim[] = [];
async function freshSim(seed?: Seed): Promise<TestSim> {
  const sim = await startTestSim(seed);
  sims.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe("POST /api/oauth/token", () => {
  let sim: TestSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("issues a Bearer token valid for 3600 s that works on GET /api/atlas/v2/orgs", async () => {
    const res = await requestToken(sim, ownerBasic);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body.token_type).toBe("Bearer");
    expect(res.body.expires_in).toBe(3600);
    expect(typeof res.body.access_token).toBe("string");
    expect(res.body.access_token.length).toBeGreaterThan(20);

    const orgs = await sim.api("GET", ORGS, { token: res.body.access_token });
    expect(orgs.status).toBe(200);
    expect(orgs.body.results.map((o: any) => o.id)).toContain(DEMO.orgId);
  });

  it("issues a different token on every request", async () => {
    const a = await requestToken(sim, ownerBasic);
    const b = await requestToken(sim, ownerBasic);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.access_token).not.toBe(b.body.access_token);
  });

  const b64 = (s: string) => Buffer.from(s).toString("base64");
  it.each([
    ["a wrong secret", basic(DEMO.owner.clientId, "mdb_sa_sk_wrong")],
    ["another account's secret", basic(DEMO.owner.clientId, DEMO.member.clientSecret)],
    ["an unknown client id", basic("mdb_sa_id_5f00000000000000000000ff", DEMO.owner.clientSecret)],
    ["an empty secret", basic(DEMO.owner.clientId, "")],
    ["no Authorization header", null],
    [
      "a Bearer scheme instead of Basic",
      `Bearer ${b64(`${DEMO.owner.clientId}:${DEMO.owner.clientSecret}`)}`,
    ],
    ["Basic without credentials", "Basic"],
    ["Basic with text that is not base64", "Basic !!not*base64!!"],
    [
      "Basic whose decoded text has no colon",
      `Basic ${b64(`${DEMO.owner.clientId}${DEMO.owner.clientSecret}`)}`,
    ],
    [
      "Basic with the credentials not base64-encoded",
      `Basic ${DEMO.owner.clientId}:${DEMO.owner.clientSecret}`,
    ],
  ])("answers 401 invalid_client for %s", async (_label, authorization) => {
    const res = await requestToken(sim, authorization);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "invalid_client" });
    expect(res.body.access_token).toBeUndefined();
  });

  it("does not URL-decode the Basic credentials: a percent-encoded client id is refused", async () => {
    // oauth4webapi's ClientSecretBasic encodes "_" as %5F; Atlas refuses that (the MCP server works around it).
    const encodedId = encodeURIComponent(DEMO.owner.clientId).replace(/_/g, "%5F");
    expect(encodedId.startsWith("mdb%5Fsa%5Fid")).toBe(true);
    const res = await requestToken(sim, basic(encodedId, DEMO.owner.clientSecret));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "invalid_client" });

    const encodedSecret = DEMO.owner.clientSecret.replace(/_/g, "%5F");
    const res2 = await requestToken(sim, basic(DEMO.owner.clientId, encodedSecret));
    expect(res2.status).toBe(401);
    expect(res2.body).toMatchObject({ error: "invalid_client" });
  });

  it("answers 400 invalid_request when grant_type is missing", async () => {
    for (const form of ["", "scope=openid", "grant_type="]) {
      const res = await requestToken(sim, ownerBasic, form);
      expect(res.status, `form "${form}"`).toBe(400);
      expect(res.body).toMatchObject({ error: "invalid_request" });
    }
  });

  it("answers 400 unsupported_grant_type for any grant_type other than client_credentials", async () => {
    for (const grant of ["password", "authorization_code", "refresh_token", "CLIENT_CREDENTIALS"]) {
      const res = await requestToken(sim, ownerBasic, `grant_type=${grant}`);
      expect(res.status, grant).toBe(400);
      expect(res.body).toMatchObject({ error: "unsupported_grant_type" });
    }
  });
});

describe("Basic credentials are split at the first colon", () => {
  const clientId = "mdb_sa_id_5f00000000000000000000c1";
  const clientSecret = "mdb_sa_sk_has:two:colons";
  const seed: Seed = {
    serviceAccounts: [{ clientId, clientSecret, orgRoles: { "5f10000000000000000000c1": ["ORG_OWNER"] } }],
    orgs: [{ id: "5f10000000000000000000c1", name: "Colon Org" }],
  };

  it("accepts a secret that contains ':' and refuses its truncated forms", async () => {
    const sim = await freshSim(seed);
    const ok = await requestToken(sim, basic(clientId, clientSecret));
    expect(ok.status).toBe(200);
    const orgs = await sim.api("GET", ORGS, { token: ok.body.access_token });
    expect(orgs.status).toBe(200);
    expect(orgs.body.results.map((o: any) => o.name)).toEqual(["Colon Org"]);

    // Splitting at the last colon (or stopping at the second one) must not match.
    for (const secret of ["mdb_sa_sk_has", "mdb_sa_sk_has:two", "two:colons", "colons"]) {
      const res = await requestToken(sim, basic(clientId, secret));
      expect(res.status, secret).toBe(401);
      expect(res.body).toMatchObject({ error: "invalid_client" });
    }
  });
});

describe("token lifetime on the simulated clock", () => {
  it("a token is valid at +3590 s and refused with 401 at +3601 s", async () => {
    const sim = await freshSim();
    const res = await requestToken(sim, ownerBasic);
    expect(res.status).toBe(200);
    const token = res.body.access_token as string;
    await advance(sim, 3590);
    expect(await orgsStatus(sim, token)).toBe(200);
    await advance(sim, 11);
    const gone = await sim.api("GET", ORGS, { token });
    expect(gone.status).toBe(401);
    expect(gone.headers.get("content-type")).toMatch(/^application\/json/);
    expect(gone.body).toMatchObject({ error: 401, reason: "Unauthorized" });
    expect(typeof gone.body.errorCode).toBe("string");

    // A new token works again.
    const again = await requestToken(sim, ownerBasic);
    expect(again.status).toBe(200);
    expect(await orgsStatus(sim, again.body.access_token)).toBe(200);
  });

  it("honours tokenLifetimeSeconds from the seed", async () => {
    const clientId = "mdb_sa_id_5f00000000000000000000c2";
    const clientSecret = "mdb_sa_sk_short_lived";
    const sim = await freshSim({
      tokenLifetimeSeconds: 120,
      serviceAccounts: [{ clientId, clientSecret, orgRoles: { "5f10000000000000000000c2": ["ORG_OWNER"] } }],
      orgs: [{ id: "5f10000000000000000000c2", name: "Short Org" }],
    });
    const res = await requestToken(sim, basic(clientId, clientSecret));
    expect(res.status).toBe(200);
    expect(res.body.expires_in).toBe(120);
    await advance(sim, 110);
    expect(await orgsStatus(sim, res.body.access_token)).toBe(200);
    await advance(sim, 11);
    expect(await orgsStatus(sim, res.body.access_token)).toBe(401);
  });
});

describe("live-token limit (100 per service account)", () => {
  it("refuses the 101st live token with 403 access_denied; another client is unaffected", async () => {
    const sim = await freshSim();
    const tokens = await issueMany(sim, ownerBasic, 100);
    expect(new Set(tokens).size).toBe(100);

    const refused = await requestToken(sim, ownerBasic);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("access_denied");
    expect(refused.body.error_description).toMatch(/limit/i);
    expect(refused.body.access_token).toBeUndefined();

    // The 100 issued tokens keep working.
    expect(await orgsStatus(sim, tokens[0]!)).toBe(200);
    expect(await orgsStatus(sim, tokens[99]!)).toBe(200);

    const other = await requestToken(sim, memberBasic);
    expect(other.status).toBe(200);
    expect(await orgsStatus(sim, other.body.access_token)).toBe(200);
  });

  it("issues a new token after one of the 100 is revoked, then refuses again", async () => {
    const sim = await freshSim();
    const tokens = await issueMany(sim, ownerBasic, 100);
    expect((await requestToken(sim, ownerBasic)).status).toBe(403);

    const revoked = await revoke(sim, ownerBasic, tokens[42]!);
    expect(revoked.status).toBe(200);
    const next = await requestToken(sim, ownerBasic);
    expect(next.status).toBe(200);
    expect(await orgsStatus(sim, next.body.access_token)).toBe(200);

    expect((await requestToken(sim, ownerBasic)).status).toBe(403);
  });

  it("issues new tokens once the clock has passed the hour", async () => {
    const sim = await freshSim();
    const tokens = await issueMany(sim, ownerBasic, 100);
    expect((await requestToken(sim, ownerBasic)).status).toBe(403);

    await advance(sim, 3601);
    expect(await orgsStatus(sim, tokens[0]!)).toBe(401);
    const fresh = await issueMany(sim, ownerBasic, 3);
    expect(await orgsStatus(sim, fresh[2]!)).toBe(200);
  });

  it("honours maxLiveTokens from the seed", async () => {
    const clientId = "mdb_sa_id_5f00000000000000000000c3";
    const clientSecret = "mdb_sa_sk_two_tokens";
    const sim = await freshSim({
      maxLiveTokens: 2,
      serviceAccounts: [{ clientId, clientSecret, orgRoles: {} }],
    });
    const auth = basic(clientId, clientSecret);
    await issueMany(sim, auth, 2);
    const refused = await requestToken(sim, auth);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe("access_denied");
  });
});

describe("POST /api/oauth/revoke", () => {
  it("a revoked token is refused with 401 on the API", async () => {
    const sim = await freshSim();
    const token = (await requestToken(sim, ownerBasic)).body.access_token as string;
    expect(await orgsStatus(sim, token)).toBe(200);
    const res = await revoke(sim, ownerBasic, token);
    expect(res.status).toBe(200);
    const after = await sim.api("GET", ORGS, { token });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: 401 });
  });

  it("answers 401 invalid_client to wrong credentials and leaves the token valid", async () => {
    const sim = await freshSim();
    const token = (await requestToken(sim, ownerBasic)).body.access_token as string;
    for (const auth of [basic(DEMO.owner.clientId, "wrong"), null, "Basic !!"]) {
      const res = await revoke(sim, auth, token);
      expect(res.status, String(auth)).toBe(401);
      expect(res.body).toMatchObject({ error: "invalid_client" });
    }
    expect(await orgsStatus(sim, token)).toBe(200);
  });

  it("does not let another service account revoke a token", async () => {
    const sim = await freshSim();
    const token = (await requestToken(sim, ownerBasic)).body.access_token as string;
    await revoke(sim, memberBasic, token);
    expect(await orgsStatus(sim, token)).toBe(200);
  });
});

describe("GET /__sim/stats", () => {
  it("counts tokensIssued and liveTokens", async () => {
    const sim = await freshSim();
    const stats = async () => (await sim.control("GET", "/__sim/stats")).body;
    expect(await stats()).toMatchObject({ tokensIssued: 0, liveTokens: 0 });

    const [a, b] = await issueMany(sim, ownerBasic, 2);
    await issueMany(sim, memberBasic, 1);
    expect(await stats()).toMatchObject({ tokensIssued: 3, liveTokens: 3 });

    // Refused requests issue nothing.
    expect((await requestToken(sim, basic(DEMO.owner.clientId, "wrong"))).status).toBe(401);
    expect((await requestToken(sim, ownerBasic, "grant_type=password")).status).toBe(400);
    expect(await stats()).toMatchObject({ tokensIssued: 3, liveTokens: 3 });

    expect((await revoke(sim, ownerBasic, a!)).status).toBe(200);
    expect(await stats()).toMatchObject({ tokensIssued: 3, liveTokens: 2 });
    // Revoking twice changes nothing.
    expect((await revoke(sim, ownerBasic, a!)).status).toBe(200);
    expect(await stats()).toMatchObject({ tokensIssued: 3, liveTokens: 2 });

    await advance(sim, 3601);
    expect(await stats()).toMatchObject({ tokensIssued: 3, liveTokens: 0 });
    expect(await orgsStatus(sim, b!)).toBe(401);
    await issueMany(sim, ownerBasic, 1);
    expect(await stats()).toMatchObject({ tokensIssued: 4, liveTokens: 1 });
  });
});

describe("the journal (GET /__sim/requests)", () => {
  it("shows Authorization as its scheme only and redacts the revoked token", async () => {
    const sim = await freshSim();
    const tokenRes = await requestToken(sim, ownerBasic);
    const token = tokenRes.body.access_token as string;
    expect(await orgsStatus(sim, token)).toBe(200);
    expect((await revoke(sim, ownerBasic, token)).status).toBe(200);

    const issued = await sim.journal({ path: "/api/oauth/token" });
    expect(issued).toHaveLength(1);
    expect(issued[0]!.headers.authorization).toBe("Basic");
    expect(issued[0]!.body).toEqual({ grant_type: "client_credentials" });
    expect(issued[0]!.status).toBe(200);

    const used = await sim.journal({ path: ORGS });
    expect(used).toHaveLength(1);
    expect(used[0]!.headers.authorization).toBe("Bearer");

    const revoked = await sim.journal({ path: "/api/oauth/revoke" });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.headers.authorization).toBe("Basic");
    expect(revoked[0]!.body).toEqual({ token: "[redacted]", token_type_hint: "access_token" });

    // Neither the token, the secret nor the encoded credentials appear anywhere in the journal.
    const all = JSON.stringify(await sim.journal());
    expect(all).not.toContain(token);
    expect(all).not.toContain(DEMO.owner.clientSecret);
    expect(all).not.toContain(ownerBasic.slice("Basic ".length));
  });
});
