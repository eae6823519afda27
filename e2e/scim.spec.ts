// SCIM 2.0 at /scim/v2 (docs/provisioning.md) against the built console and the simulator, as identity providers
// use it: the request sequences of Okta's SCIM 2.0 spec test (its Runscope suite), of Microsoft's Entra ID SCIM
// validator and of JumpCloud's "Test connection", each with its IdP's quirks; 401 answers with the SCIM error
// body; content types; one org's token against another org; a revoked token; and what Atlas gets (an invitation
// for a new active user, cancelled on deactivation, sent again on reactivation, never twice).
// Nothing shared is reset: every test has its own userNames and groups, and the simulator's journal is read
// only for those.
import http from "node:http";
import type { APIRequestContext } from "@playwright/test";
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID, SIM_URL, atlas } from "./support/atlas";

const SECOND_ORG = "5f1000000000000000000002";
/** The simulator's owner of Second Org (sim/README.md): the console reaches Second Org through it. */
const SECOND_OWNER = {
  clientId: "mdb_sa_id_5f0000000000000000000003",
  clientSecret: "mdb_sa_sk_demo_second_not_a_real_secret",
};
/** The owner of Demo Org that the console's environment uses; this spec reads the simulator's users with it. */
const DEMO_OWNER = {
  clientId: "mdb_sa_id_5f0000000000000000000001",
  clientSecret: "mdb_sa_sk_demo_owner_not_a_real_secret",
};
const ATLAS_USERS = `/api/atlas/v2/orgs/${ORG_ID}/users`;

const SCIM_JSON = "application/scim+json";
const URN = {
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  enterprise: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  list: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  patch: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  config: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
};
/** How long the worker may take to send a directory change to Atlas ("usually within a few seconds"). */
const ATLAS_FOLLOWS = { timeout: 30_000 };

interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** SCIM resources are open-ended JSON: the assertions say what they need of them. */
  body: any;
}

const describeAnswer = (what: string, a: Answer) => `${what} → ${a.status} ${a.text.slice(0, 600)}`;

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A query string encoded as IdPs send it (spaces as %20, quotes as %22). */
const qs = (params: Record<string, string | number>) =>
  "?" +
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join("&");

/** A SCIM client holding one bearer token (or none): no cookie, no Origin, as an IdP calls. */
class Scim {
  private constructor(private readonly ctx: APIRequestContext) {}

  static async open(baseURL: string, authorization: string | null): Promise<Scim> {
    const ctx = await playwrightRequest.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: authorization ? { Authorization: authorization } : {},
    });
    return new Scim(ctx);
  }

  static bearer(baseURL: string, secret: string): Promise<Scim> {
    return Scim.open(baseURL, `Bearer ${secret}`);
  }

  async send(
    method: string,
    path: string,
    body?: unknown,
    options: { contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const res = await this.ctx.fetch(`/scim/v2${path}`, {
      method,
      headers: {
        Accept: SCIM_JSON,
        ...(body === undefined ? {} : { "Content-Type": options.contentType ?? SCIM_JSON }),
        ...options.headers,
      },
      ...(body === undefined ? {} : { data: typeof body === "string" ? body : JSON.stringify(body) }),
      maxRedirects: 0,
    });
    const text = await res.text();
    const answer: Answer = {
      status: res.status(),
      headers: res.headers(),
      text,
      body: text ? parse(text) : null,
    };
    // Every answer with a body is SCIM JSON (RFC 7644 §3.1), errors and 401s included.
    if (text) {
      expect(
        answer.headers["content-type"],
        describeAnswer(`${method} ${path}: content type`, answer),
      ).toMatch(/^application\/scim\+json\s*(;|$)/);
    }
    return answer;
  }

  get = (path: string) => this.send("GET", path);
  post = (path: string, body: unknown) => this.send("POST", path, body);
  put = (path: string, body: unknown) => this.send("PUT", path, body);
  patch = (path: string, operations: unknown[]) =>
    this.send("PATCH", path, { schemas: [URN.patch], Operations: operations });
  delete = (path: string) => this.send("DELETE", path);

  dispose = () => this.ctx.dispose();
}

function expectError(a: Answer, what: string, status: number, scimType?: string): void {
  expect(a.status, describeAnswer(what, a)).toBe(status);
  expect(a.body, describeAnswer(what, a)).toMatchObject({ schemas: [URN.error], status: String(status) });
  expect(typeof a.body.detail, describeAnswer(`${what}: detail`, a)).toBe("string");
  if (scimType) expect(a.body.scimType, describeAnswer(what, a)).toBe(scimType);
}

/** A ListResponse: its total and resources (an empty list may leave Resources out, RFC 7644 §3.4.2). */
function expectList(a: Answer, what: string): { total: number; resources: any[] } {
  expect(a.status, describeAnswer(what, a)).toBe(200);
  expect(a.body.schemas, describeAnswer(what, a)).toEqual([URN.list]);
  expect(typeof a.body.totalResults, describeAnswer(`${what}: totalResults`, a)).toBe("number");
  expect(typeof a.body.startIndex, describeAnswer(`${what}: startIndex`, a)).toBe("number");
  expect(typeof a.body.itemsPerPage, describeAnswer(`${what}: itemsPerPage`, a)).toBe("number");
  const resources = a.body.Resources ?? [];
  expect(Array.isArray(resources), describeAnswer(what, a)).toBe(true);
  return { total: a.body.totalResults, resources };
}

/** A PATCH answer: 200 with the resource, or 204 (RFC 7644 §3.5.2). */
function expectPatched(a: Answer, what: string): void {
  expect([200, 204], describeAnswer(what, a)).toContain(a.status);
}

let counter = 0;
/** A userName of this test only (reruns and parallel workers never meet). */
const uniqueName = (tag: string) =>
  `scim-${tag}-${test.info().workerIndex}-${Date.now().toString(36)}-${++counter}`;
const uniqueUserName = (tag: string) => `${uniqueName(tag)}@example.com`;
const randomHex = (n: number) =>
  Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
const guid = () => `${randomHex(8)}-${randomHex(4)}-4${randomHex(3)}-a${randomHex(3)}-${randomHex(12)}`;

/** The user Okta's spec test creates ("realistic values"), password and empty groups included. */
const oktaUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [URN.user],
  userName,
  name: { givenName: "Test", familyName: "User" },
  emails: [{ primary: true, value: userName, type: "work" }],
  displayName: "Test User",
  locale: "en-US",
  externalId: `00u${randomHex(17)}`,
  groups: [],
  password: "1mz050nq",
  active: true,
  ...extra,
});

/** The user Entra ID's provisioning service creates (Microsoft's SCIM endpoint tutorial). */
const entraUser = (userName: string, externalId: string, extra: Record<string, unknown> = {}) => ({
  schemas: [URN.user, URN.enterprise],
  externalId,
  userName,
  active: true,
  emails: [{ primary: true, type: "work", value: userName }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  roles: [],
  ...extra,
});

const okta = {
  deactivate: [{ op: "replace", value: { active: false } }],
  activate: [{ op: "replace", value: { active: true } }],
};

// ---- Atlas, as the simulator has it ----

let simToken: string | null = null;
/** A GET of the simulator's Atlas API as Demo Org's owner (one access token for the whole spec). */
async function atlasGet(path: string): Promise<any> {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!simToken) {
      const basic = Buffer.from(`${DEMO_OWNER.clientId}:${DEMO_OWNER.clientSecret}`).toString("base64");
      const res = await fetch(`${SIM_URL}/api/oauth/token`, {
        method: "POST",
        headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      });
      expect(res.status, "simulator token").toBe(200);
      simToken = ((await res.json()) as { access_token: string }).access_token;
    }
    const res = await fetch(`${SIM_URL}${path}`, {
      headers: { Authorization: `Bearer ${simToken}`, Accept: "application/vnd.atlas.2025-02-19+json" },
    });
    if (res.status === 401) {
      simToken = null;
      continue;
    }
    expect(res.status, `simulator GET ${path}: ${await res.clone().text()}`).toBe(200);
    return res.json();
  }
  throw new Error(`simulator GET ${path}: refused twice`);
}

interface AtlasUser {
  id: string;
  username: string;
  roles: { orgRoles: string[] };
  teamIds: string[];
}

/** The pending Atlas invitations (users API) of `email` in Demo Org. Used inside `toPass` (it may throw on a 429). */
async function pendingInAtlas(email: string): Promise<AtlasUser[]> {
  const body = await atlasGet(
    `${ATLAS_USERS}${qs({ orgMembershipStatuses: "PENDING", username: email, itemsPerPage: 500 })}`,
  );
  return body.results as AtlasUser[];
}

/** Waits until Atlas has exactly one pending invitation for `email`; returns it. */
async function expectInvited(email: string): Promise<AtlasUser> {
  let found: AtlasUser[] = [];
  await expect(async () => {
    found = await pendingInAtlas(email);
    expect(
      found.map((u) => u.username.toLowerCase()),
      `pending invitations of ${email}`,
    ).toEqual([email.toLowerCase()]);
  }).toPass(ATLAS_FOLLOWS);
  return found[0]!;
}

async function expectNotInvited(email: string): Promise<void> {
  await expect(async () => {
    expect(await pendingInAtlas(email), `pending invitations of ${email}`).toEqual([]);
  }).toPass(ATLAS_FOLLOWS);
}

interface JournalEntry {
  seq: number;
  method: string;
  path: string;
  status: number | null;
  body?: { username?: string } | null;
}

const journal = (filter: Record<string, string> = {}) => atlas.journal(filter) as Promise<JournalEntry[]>;
const lastSeq = async () => (await journal()).at(-1)?.seq ?? 0;
const sameAddress = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/** The Atlas creates (users API) for `email` the simulator answered 201, after `since`. */
async function atlasCreates(email: string, since = 0): Promise<JournalEntry[]> {
  const posts = await journal({ method: "POST", path: ATLAS_USERS, since: String(since) });
  return posts.filter((e) => e.status === 201 && sameAddress(e.body?.username, email));
}

/** Every Atlas call after `since` that names `email` or acts on the Atlas user `atlasId` (reads by id included). */
async function atlasCallsAbout(email: string, atlasId: string, since: number): Promise<JournalEntry[]> {
  const entries = await journal({ since: String(since) });
  return entries.filter(
    (e) =>
      (e.method !== "GET" && sameAddress(e.body?.username, email)) ||
      e.path.includes(`/users/${atlasId}`) ||
      e.path.includes(`/invites/${atlasId}`),
  );
}

/**
 * Waits until the org's worker has sent every directory change made before this call, and leaves it idle: a
 * new active user is created, and its invitation reaching Atlas means the earlier changes were sent (the worker
 * takes an org's changes oldest first); the user is then deleted and its cancellation awaited too, so that no
 * Atlas call of this spec lands in a later spec's journal.
 */
async function workerCaughtUp(scim: Scim): Promise<void> {
  const userName = uniqueUserName("sentinel");
  const created = await scim.post("/Users", oktaUser(userName));
  expect(created.status, describeAnswer("POST sentinel user", created)).toBe(201);
  const invited = await expectInvited(userName);
  const deleted = await scim.delete(`/Users/${created.body.id}`);
  expect(deleted.status, describeAnswer("DELETE sentinel user", deleted)).toBe(204);
  await expect
    .poll(async () => (await journal({ method: "DELETE", path: `${ATLAS_USERS}/${invited.id}` })).length, {
      ...ATLAS_FOLLOWS,
      message: "sentinel's invitation cancelled",
    })
    .toBe(1);
}

// ---- The console's admin API ----

async function createToken(
  api: APIRequestContext,
  orgId: string,
  name: string,
): Promise<{ id: string; secret: string }> {
  const res = await api.post(`/api/orgs/${orgId}/provisioning/tokens`, { data: { name } });
  expect(res.status(), `create provisioning token: ${await res.text()}`).toBe(201);
  const body = (await res.json()) as { token: { id: string; name: string; prefix: string }; secret: string };
  expect(body.token.name).toBe(name);
  expect(body.secret).toMatch(/^icp_/);
  expect(body.secret.startsWith(body.token.prefix)).toBe(true);
  return { id: body.token.id, secret: body.secret };
}

async function revokeToken(api: APIRequestContext, orgId: string, tokenId: string): Promise<void> {
  const res = await api.delete(`/api/orgs/${orgId}/provisioning/tokens/${tokenId}`);
  expect([200, 204], `revoke provisioning token: ${await res.text()}`).toContain(res.status());
}

let demoToken: { id: string; secret: string };
let scim: Scim;

test.beforeAll(async ({ api, baseURL }) => {
  demoToken = await createToken(api, ORG_ID, `okta-e2e-${Date.now().toString(36)}`);
  scim = await Scim.bearer(baseURL!, demoToken.secret);
});

test.afterAll(async ({ api }) => {
  await scim?.dispose();
  if (demoToken) await revokeToken(api, ORG_ID, demoToken.id);
});

async function createUser(
  body: Record<string, unknown>,
  client = scim,
): Promise<{ id: string; body: Answer["body"] }> {
  const a = await client.post("/Users", body);
  expect(a.status, describeAnswer(`POST /Users ${String(body.userName)}`, a)).toBe(201);
  return { id: a.body.id as string, body: a.body };
}

// ---- Discovery ----

test("ServiceProviderConfig, ResourceTypes and Schemas advertise what works", async () => {
  const config = await scim.get("/ServiceProviderConfig");
  expect(config.status, describeAnswer("GET /ServiceProviderConfig", config)).toBe(200);
  const c = config.body;
  expect(c.schemas).toContain(URN.config);
  expect(c.patch).toMatchObject({ supported: true });
  expect(c.bulk).toMatchObject({ supported: false });
  expect(c.filter).toMatchObject({ supported: true, maxResults: expect.any(Number) });
  expect(c.filter.maxResults).toBeGreaterThan(0);
  // Every feature RFC 7643 §5 requires is described, supported or not.
  for (const feature of ["changePassword", "sort", "etag"]) {
    expect(typeof c[feature]?.supported, `${feature}.supported`).toBe("boolean");
  }
  expect(c.authenticationSchemes).toEqual(
    expect.arrayContaining([expect.objectContaining({ type: "oauthbearertoken" })]),
  );

  const types = await scim.get("/ResourceTypes");
  expect(types.status, describeAnswer("GET /ResourceTypes", types)).toBe(200);
  const resourceTypes = (types.body.Resources ?? types.body) as {
    name: string;
    endpoint: string;
    schema: string;
  }[];
  expect(resourceTypes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: "User", endpoint: "/Users", schema: URN.user }),
      expect.objectContaining({ name: "Group", endpoint: "/Groups", schema: URN.group }),
    ]),
  );

  const schemas = await scim.get("/Schemas");
  expect(schemas.status, describeAnswer("GET /Schemas", schemas)).toBe(200);
  const ids = ((schemas.body.Resources ?? schemas.body) as { id: string }[]).map((s) => s.id);
  expect(ids).toEqual(expect.arrayContaining([URN.user, URN.group]));
});

// ---- Okta ----

test("Okta's SCIM 2.0 spec test: paging, an unknown userName, create, read, find, recreate, deactivate, an unknown id", async () => {
  // Two users first, so that paging has something to page.
  const first = await createUser(oktaUser(uniqueUserName("okta-page"), { active: false }));
  const second = await createUser(oktaUser(uniqueUserName("okta-page"), { active: false }));

  // "Test Users endpoint": GET /Users?count=1&startIndex=1.
  const page1Answer = await scim.get(`/Users${qs({ count: 1, startIndex: 1 })}`);
  const page1 = expectList(page1Answer, "GET /Users page 1");
  expect(page1.resources).toHaveLength(1);
  expect(page1Answer.body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
  expect(page1.total).toBeGreaterThanOrEqual(2);
  const page2 = expectList(await scim.get(`/Users${qs({ count: 1, startIndex: 2 })}`), "GET /Users page 2");
  expect(page2.resources).toHaveLength(1);
  expect(page2.resources[0].id).not.toBe(page1.resources[0].id);
  // Paging walks the same list: the two users are on the pages of a filter that finds just them.
  const both = `userName eq "${first.body.userName}" or userName eq "${second.body.userName}"`;
  const walked = [];
  for (const startIndex of [1, 2, 3]) {
    const page = expectList(
      await scim.get(`/Users${qs({ filter: both, startIndex, count: 1 })}`),
      "paged filter",
    );
    expect(page.total).toBe(2);
    expect(page.resources).toHaveLength(startIndex <= 2 ? 1 : 0);
    walked.push(...page.resources.map((u) => u.id));
  }
  expect(walked.sort()).toEqual([first.id, second.id].sort());

  // "Make sure random user doesn't exist": a filter on a userName nobody has.
  const userName = uniqueUserName("okta");
  const nobody = expectList(
    await scim.get(`/Users${qs({ filter: `userName eq "${userName}"`, startIndex: 1, count: 100 })}`),
    "GET /Users?filter=userName eq (nobody)",
  );
  expect(nobody.total).toBe(0);
  expect(nobody.resources).toEqual([]);

  // "Create Okta user with realistic values".
  const created = await scim.post("/Users", oktaUser(userName));
  expect(created.status, describeAnswer("POST /Users", created)).toBe(201);
  const id = created.body.id as string;
  expect(typeof id).toBe("string");
  expect(created.body).toMatchObject({
    schemas: expect.arrayContaining([URN.user]),
    userName,
    active: true,
    name: { givenName: "Test", familyName: "User" },
    meta: { resourceType: "User" },
  });
  expect(created.body.meta.location).toMatch(new RegExp(`/scim/v2/Users/${id}$`));
  expect(typeof created.body.meta.version).toBe("string");
  expect(created.headers.location).toBe(created.body.meta.location);
  expect(created.body.password, "a password is never answered").toBeUndefined();

  // "Verify Okta user exists": GET /Users/{id}.
  const read = await scim.get(`/Users/${id}`);
  expect(read.status, describeAnswer("GET /Users/{id}", read)).toBe(200);
  expect(read.body).toMatchObject({
    id,
    userName,
    active: true,
    name: { givenName: "Test", familyName: "User" },
  });

  // The filter Okta sends before every create finds the user now, in any case ("Username Case Sensitivity Check").
  for (const asked of [userName, userName.toUpperCase()]) {
    const found = expectList(
      await scim.get(`/Users${qs({ filter: `userName eq "${asked}"`, startIndex: 1, count: 100 })}`),
      `GET /Users?filter=userName eq "${asked}"`,
    );
    expect(found.total).toBe(1);
    expect(found.resources.map((u) => u.id)).toEqual([id]);
  }

  // "Expect failure when recreating user with same values": 409 uniqueness, in any case.
  expectError(await scim.post("/Users", oktaUser(userName)), "POST /Users again", 409, "uniqueness");
  expectError(
    await scim.post("/Users", oktaUser(userName.toUpperCase())),
    "POST /Users again, upper case",
    409,
    "uniqueness",
  );

  // Deactivation, as Okta's CRUD test does it: PUT with the whole user, then PATCH replace without a path.
  const put = await scim.put(`/Users/${id}`, {
    ...oktaUser(userName, { externalId: created.body.externalId }),
    id,
    active: false,
    password: undefined,
  });
  expect(put.status, describeAnswer("PUT /Users/{id} active false", put)).toBe(200);
  expect(put.body).toMatchObject({ id, userName, active: false });
  expect((await scim.get(`/Users/${id}`)).body.active).toBe(false);
  expectPatched(await scim.patch(`/Users/${id}`, okta.activate), "PATCH active true");
  expect((await scim.get(`/Users/${id}`)).body.active).toBe(true);
  const patched = await scim.patch(`/Users/${id}`, okta.deactivate);
  expectPatched(patched, "PATCH active false");
  if (patched.status === 200) expect(patched.body).toMatchObject({ id, active: false });

  // A deactivated user stays readable and findable.
  const after = await scim.get(`/Users/${id}`);
  expect(after.status, describeAnswer("GET /Users/{id} after deactivation", after)).toBe(200);
  expect(after.body).toMatchObject({ id, userName, active: false });
  const stillFound = expectList(
    await scim.get(`/Users${qs({ filter: `userName eq "${userName}"` })}`),
    "filter after deactivation",
  );
  expect(stillFound.resources.map((u) => [u.id, u.active])).toEqual([[id, false]]);

  // "Test invalid User by ID": a random id.
  expectError(await scim.get(`/Users/${guid()}`), "GET /Users/{random id}", 404);
  expectError(await scim.get("/Users/010101001010101010"), "GET /Users/{Okta's id that does not exist}", 404);
  expectError(await scim.patch(`/Users/${guid()}`, okta.deactivate), "PATCH /Users/{random id}", 404);

  for (const u of [id, first.id, second.id]) expect((await scim.delete(`/Users/${u}`)).status).toBe(204);
  await workerCaughtUp(scim);
  await expectNotInvited(userName);
});

test("Okta group push: filter, create with members, add, remove by path, PUT, delete", async () => {
  const a = await createUser(oktaUser(uniqueUserName("okta-group"), { active: false }));
  const b = await createUser(oktaUser(uniqueUserName("okta-group"), { active: false }));
  const displayName = uniqueName("Okta Engineers");

  const none = expectList(
    await scim.get(`/Groups${qs({ filter: `displayName eq "${displayName}"`, startIndex: 1, count: 100 })}`),
    "GET /Groups?filter=displayName eq",
  );
  expect(none.total).toBe(0);

  const created = await scim.post("/Groups", {
    schemas: [URN.group],
    displayName,
    members: [{ value: a.id, display: "Test User" }],
  });
  expect(created.status, describeAnswer("POST /Groups", created)).toBe(201);
  const groupId = created.body.id as string;
  expect(created.body).toMatchObject({ displayName, meta: { resourceType: "Group" } });
  expect(created.headers.location).toMatch(new RegExp(`/scim/v2/Groups/${groupId}$`));
  const members = async () =>
    ((await scim.get(`/Groups/${groupId}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
  expect(await members()).toEqual([a.id]);

  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [{ op: "add", path: "members", value: [{ value: b.id }] }]),
    "PATCH add member",
  );
  expect(await members()).toEqual([a.id, b.id].sort());
  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [{ op: "remove", path: `members[value eq "${a.id}"]` }]),
    "PATCH remove member by path",
  );
  expect(await members()).toEqual([b.id]);

  const put = await scim.put(`/Groups/${groupId}`, {
    schemas: [URN.group],
    id: groupId,
    displayName,
    members: [{ value: a.id }, { value: b.id }],
  });
  expect(put.status, describeAnswer("PUT /Groups/{id}", put)).toBe(200);
  expect(await members()).toEqual([a.id, b.id].sort());

  // A name that matches no preset is accepted (and listed for an admin), never refused: it is in the list.
  const found = expectList(
    await scim.get(`/Groups${qs({ filter: `displayName eq "${displayName}"` })}`),
    "GET /Groups by displayName",
  );
  expect(found.resources.map((g) => g.id)).toEqual([groupId]);

  expect((await scim.delete(`/Groups/${groupId}`)).status).toBe(204);
  expectError(await scim.get(`/Groups/${groupId}`), "GET deleted group", 404);
  for (const u of [a.id, b.id]) expect((await scim.delete(`/Users/${u}`)).status).toBe(204);
});

// ---- Microsoft Entra ID ----

test("Entra's validator: empty filter, externalId, create, capitalised PATCH with string booleans, groups, excludedAttributes, delete", async () => {
  // The provisioning service's first request: every user, with an empty filter.
  expectList(await scim.get(`/Users${qs({ filter: "" })}`), "GET /Users?filter=");

  const externalId = guid();
  const userName = uniqueUserName("entra");
  const byExternalId = () =>
    scim
      .get(`/Users${qs({ filter: `externalId eq "${externalId}"` })}`)
      .then((a) => expectList(a, "externalId eq"));
  expect((await byExternalId()).total).toBe(0);

  const created = await scim.post("/Users", entraUser(userName, externalId, { active: false }));
  expect(created.status, describeAnswer("POST /Users (Entra)", created)).toBe(201);
  const id = created.body.id as string;
  expect(created.body).toMatchObject({ id, userName, externalId, active: false });
  const found = await byExternalId();
  expect(found.resources.map((u) => u.id)).toEqual([id]);
  const byName = expectList(
    await scim.get(`/Users${qs({ filter: `userName eq "${userName}"` })}`),
    "userName eq",
  );
  expect(byName.resources.map((u) => u.id)).toEqual([id]);

  // Entra's PATCH: "Replace"/"Add" capitalised, booleans as the strings "True" and "False".
  expectPatched(
    await scim.patch(`/Users/${id}`, [
      { op: "Replace", path: "displayName", value: "Entra Display" },
      { op: "Add", path: "name.givenName", value: "Given" },
    ]),
    "PATCH Replace/Add",
  );
  expect((await scim.get(`/Users/${id}`)).body).toMatchObject({
    displayName: "Entra Display",
    name: { givenName: "Given" },
  });
  expectPatched(
    await scim.patch(`/Users/${id}`, [{ op: "Replace", path: "active", value: "True" }]),
    'active "True"',
  );
  expect((await scim.get(`/Users/${id}`)).body.active).toBe(true);
  await expectInvited(userName);
  expectPatched(
    await scim.patch(`/Users/${id}`, [{ op: "Replace", path: "active", value: "False" }]),
    'active "False"',
  );
  const disabled = await scim.get(`/Users/${id}`);
  expect(disabled.body).toMatchObject({ id, active: false });
  await expectNotInvited(userName);

  // A second user for the group's membership changes.
  const other = await createUser(entraUser(uniqueUserName("entra"), guid(), { active: false }));

  const groupName = uniqueName("Entra Group");
  const groupExternalId = guid();
  const group = await scim.post("/Groups", {
    schemas: [URN.group],
    externalId: groupExternalId,
    displayName: groupName,
    meta: { resourceType: "Group" },
    members: [{ value: id }],
  });
  expect(group.status, describeAnswer("POST /Groups (Entra)", group)).toBe(201);
  const groupId = group.body.id as string;

  // Entra reads groups without their members.
  const lean = await scim.get(`/Groups/${groupId}${qs({ excludedAttributes: "members" })}`);
  expect(lean.status, describeAnswer("GET /Groups/{id}?excludedAttributes=members", lean)).toBe(200);
  expect(lean.body).toMatchObject({ id: groupId, displayName: groupName });
  expect(lean.body.members).toBeUndefined();
  const leanList = expectList(
    await scim.get(
      `/Groups${qs({ excludedAttributes: "members", filter: `displayName eq "${groupName}"` })}`,
    ),
    "GET /Groups?excludedAttributes=members&filter=displayName eq",
  );
  expect(leanList.resources.map((g) => [g.id, g.members])).toEqual([[groupId, undefined]]);

  const members = async () =>
    ((await scim.get(`/Groups/${groupId}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();
  expect(await members()).toEqual([id]);
  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [
      { op: "Add", path: "members", value: [{ $ref: null, value: other.id }] },
    ]),
    "PATCH Add members",
  );
  expect(await members()).toEqual([id, other.id].sort());
  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [{ op: "Remove", path: `members[value eq "${id}"]` }]),
    'PATCH Remove members[value eq "…"]',
  );
  expect(await members()).toEqual([other.id]);
  // Without Microsoft's SCIM compliance flag, Entra removes with a value list instead of a filter path.
  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [{ op: "Add", path: "members", value: [{ value: id }] }]),
    "PATCH Add members again",
  );
  expect(await members()).toEqual([id, other.id].sort());
  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [{ op: "Remove", path: "members", value: [{ value: id }] }]),
    "PATCH Remove members with a value list",
  );
  expect(await members()).toEqual([other.id]);
  expectPatched(
    await scim.patch(`/Groups/${groupId}`, [
      { op: "Replace", path: "displayName", value: `${groupName} renamed` },
    ]),
    "PATCH Replace displayName",
  );
  expect((await scim.get(`/Groups/${groupId}`)).body.displayName).toBe(`${groupName} renamed`);

  // Delete: 204, then 404.
  expect((await scim.delete(`/Groups/${groupId}`)).status).toBe(204);
  expectError(await scim.get(`/Groups/${groupId}`), "GET deleted group", 404);
  for (const u of [id, other.id]) {
    expect((await scim.delete(`/Users/${u}`)).status).toBe(204);
    expectError(await scim.get(`/Users/${u}`), "GET deleted user", 404);
  }
  expect((await byExternalId()).total).toBe(0);
});

test('Entra: Replace on a multi-valued attribute by filter path (emails[type eq "work"].value)', async () => {
  const userName = uniqueUserName("entra-mail");
  const { id } = await createUser(entraUser(userName, guid(), { active: false }));
  const newMail = uniqueUserName("entra-mail-new");
  expectPatched(
    await scim.patch(`/Users/${id}`, [
      { op: "Replace", path: 'emails[type eq "work"].value', value: newMail },
    ]),
    'PATCH Replace emails[type eq "work"].value',
  );
  const read = await scim.get(`/Users/${id}`);
  expect(read.body.emails).toEqual([expect.objectContaining({ type: "work", value: newMail })]);
  expect(read.body.userName).toBe(userName);
  expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
});

// ---- Filters and projections ----

test("filters: and, or, case-insensitive userName, a bad filter is 400 invalidFilter; attributes and excludedAttributes", async () => {
  const ext1 = guid();
  const ext2 = guid();
  const u1 = await createUser(
    entraUser(uniqueUserName("filter"), ext1, { active: false, displayName: "Filter One" }),
  );
  const u2 = await createUser(
    entraUser(uniqueUserName("filter"), ext2, { active: false, displayName: "Filter Two" }),
  );
  const name1 = u1.body.userName as string;
  const list = async (filter: string) =>
    expectList(await scim.get(`/Users${qs({ filter })}`), `filter=${filter}`)
      .resources.map((u) => u.id)
      .sort();

  expect(await list(`userName eq "${name1}" and externalId eq "${ext1}"`)).toEqual([u1.id]);
  expect(await list(`userName eq "${name1}" and externalId eq "${ext2}"`)).toEqual([]);
  expect(await list(`externalId eq "${ext1}" or externalId eq "${ext2}"`)).toEqual([u1.id, u2.id].sort());
  expect(await list(`userName eq "${name1.toUpperCase()}"`)).toEqual([u1.id]);
  expect(await list(`displayName eq "Filter Two" and externalId eq "${ext2}"`)).toEqual([u2.id]);

  for (const bad of [`userName eq`, `userName zz "x"`, `(userName eq "x"`, `userName eq "x" and`]) {
    expectError(await scim.get(`/Users${qs({ filter: bad })}`), `filter=${bad}`, 400, "invalidFilter");
  }

  // attributes: the asked ones (id and schemas always come); excludedAttributes: all but those.
  const only = await scim.get(`/Users/${u1.id}${qs({ attributes: "userName" })}`);
  expect(only.status, describeAnswer("attributes=userName", only)).toBe(200);
  expect(only.body).toMatchObject({ id: u1.id, userName: name1 });
  expect(only.body.externalId).toBeUndefined();
  expect(only.body.emails).toBeUndefined();
  const without = await scim.get(`/Users/${u1.id}${qs({ excludedAttributes: "emails,name" })}`);
  expect(without.status, describeAnswer("excludedAttributes=emails,name", without)).toBe(200);
  expect(without.body).toMatchObject({ id: u1.id, userName: name1, externalId: ext1 });
  expect(without.body.emails).toBeUndefined();
  expect(without.body.name).toBeUndefined();
  const listed = expectList(
    await scim.get(`/Users${qs({ filter: `externalId eq "${ext2}"`, attributes: "userName,active" })}`),
    "list with attributes",
  );
  expect(listed.resources).toEqual([
    expect.objectContaining({ id: u2.id, userName: u2.body.userName, active: false }),
  ]);
  expect(listed.resources[0].emails).toBeUndefined();

  for (const u of [u1.id, u2.id]) expect((await scim.delete(`/Users/${u}`)).status).toBe(204);
});

// ---- JumpCloud ----

test("JumpCloud's test connection: a test user and group created and deleted leave no invitation behind", async () => {
  const userName = uniqueUserName("jumpcloud-test");
  const since = await lastSeq();
  const user = await createUser({
    schemas: [URN.user],
    userName,
    name: { givenName: "JumpCloud", familyName: "Test" },
    emails: [{ value: userName, primary: true }],
    active: true,
  });
  const group = await scim.post("/Groups", {
    schemas: [URN.group],
    displayName: uniqueName("jumpcloud-test-group"),
    members: [{ value: user.id }],
  });
  expect(group.status, describeAnswer("POST /Groups", group)).toBe(201);
  expect((await scim.delete(`/Groups/${group.body.id}`)).status).toBe(204);
  expect((await scim.delete(`/Users/${user.id}`)).status).toBe(204);
  expectError(await scim.get(`/Users/${user.id}`), "GET deleted test user", 404);

  await workerCaughtUp(scim);
  await expectNotInvited(userName);
  // If the worker sent the invitation before the delete, it cancelled it since; it never sent it twice.
  const creates = await atlasCreates(userName, since);
  expect(creates.length).toBeLessThanOrEqual(1);
  if (creates.length === 1) {
    const cancels = (await journal({ method: "DELETE", since: String(since) })).filter(
      (e) => e.path.startsWith(`${ATLAS_USERS}/`) && e.status === 204,
    );
    expect(cancels.length, "a cancellation after the create").toBeGreaterThanOrEqual(1);
  }
});

// ---- Authentication and content types ----

test("401 without a token, with a bad or a non-bearer one: the SCIM error body, nothing else", async ({
  baseURL,
}) => {
  const userName = uniqueUserName("unauthorized");
  const clients = {
    "no token": await Scim.open(baseURL!, null),
    "a bad token": await Scim.bearer(baseURL!, `icp_${"x".repeat(49)}`),
    "not an icp token": await Scim.bearer(baseURL!, "not-a-token"),
    "Basic credentials": await Scim.open(baseURL!, `Basic ${Buffer.from("okta:secret").toString("base64")}`),
  };
  try {
    for (const [what, client] of Object.entries(clients)) {
      for (const [method, path, body] of [
        ["GET", "/ServiceProviderConfig"],
        ["GET", "/ResourceTypes"],
        ["GET", "/Users"],
        ["GET", `/Users/${guid()}`],
        ["GET", "/Groups"],
        ["POST", "/Users", oktaUser(userName)],
        ["PATCH", `/Users/${guid()}`, { schemas: [URN.patch], Operations: okta.deactivate }],
        ["DELETE", `/Users/${guid()}`],
      ] as [string, string, unknown?][]) {
        const a = await client.send(method, path, body);
        expectError(a, `${what}: ${method} ${path}`, 401);
        expect(a.body.detail.length, `${what}: ${method} ${path}: detail`).toBeGreaterThan(0);
        expect(a.body.Resources).toBeUndefined();
      }
    }
  } finally {
    for (const client of Object.values(clients)) await client.dispose();
  }
  // The refused create left nothing.
  const found = expectList(await scim.get(`/Users${qs({ filter: `userName eq "${userName}"` })}`), "filter");
  expect(found.total).toBe(0);
});

/** A request by node:http itself: no User-Agent, no Accept, only what is passed here. */
function bareRequest(
  baseURL: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(`/scim/v2${path}`, baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

test("content types: answers are application/scim+json; application/json and no User-Agent are accepted", async ({
  baseURL,
}) => {
  // Content-Type: application/json (some IdPs and most scripts).
  const userName = uniqueUserName("json");
  const created = await scim.send("POST", "/Users", oktaUser(userName, { active: false }), {
    contentType: "application/json",
  });
  expect(created.status, describeAnswer("POST as application/json", created)).toBe(201);
  const id = created.body.id as string;
  expectPatched(
    await scim.send(
      "PATCH",
      `/Users/${id}`,
      { schemas: [URN.patch], Operations: [{ op: "replace", value: { displayName: "Json" } }] },
      {
        contentType: "application/json; charset=utf-8",
      },
    ),
    "PATCH as application/json",
  );
  // Accept: application/json still gets SCIM JSON (checked in send()).
  const read = await scim.send("GET", `/Users/${id}`, undefined, { headers: { Accept: "application/json" } });
  expect(read.body).toMatchObject({ id, displayName: "Json" });

  // No User-Agent, no Accept (node:http sends neither).
  const auth = { Authorization: `Bearer ${demoToken.secret}` };
  const bare = await bareRequest(baseURL!, "GET", `/Users/${id}`, auth);
  expect(bare.status, bare.body).toBe(200);
  expect(bare.headers["content-type"]).toMatch(/^application\/scim\+json\s*(;|$)/);
  expect(JSON.parse(bare.body)).toMatchObject({ id, userName });
  const bareName = uniqueUserName("no-agent");
  const bareCreate = await bareRequest(
    baseURL!,
    "POST",
    "/Users",
    { ...auth, "Content-Type": SCIM_JSON },
    JSON.stringify(oktaUser(bareName, { active: false })),
  );
  expect(bareCreate.status, bareCreate.body).toBe(201);
  expect(bareCreate.headers["content-type"]).toMatch(/^application\/scim\+json\s*(;|$)/);
  const bareNotFound = await bareRequest(baseURL!, "GET", `/Users/${guid()}`, auth);
  expect(bareNotFound.status).toBe(404);
  expect(bareNotFound.headers["content-type"]).toMatch(/^application\/scim\+json\s*(;|$)/);
  const bareUnauthorized = await bareRequest(baseURL!, "GET", "/Users", {});
  expect(bareUnauthorized.status).toBe(401);
  expect(bareUnauthorized.headers["content-type"]).toMatch(/^application\/scim\+json\s*(;|$)/);

  for (const u of [id, JSON.parse(bareCreate.body).id as string])
    expect((await scim.delete(`/Users/${u}`)).status).toBe(204);

  // What the server answers before any handler (scripts/server.mjs): a body over 1 MB, a malformed path. Both
  // are SCIM errors in application/scim+json on /scim.
  const huge = await bareRequest(
    baseURL!,
    "POST",
    "/Users",
    { ...auth, "Content-Type": SCIM_JSON },
    JSON.stringify(oktaUser(uniqueUserName("huge"), { title: "x".repeat(1_200_000) })),
  );
  expect(huge.status).toBe(413);
  expect(huge.headers["content-type"]).toMatch(/^application\/scim\+json\s*(;|$)/);
  expect(JSON.parse(huge.body)).toMatchObject({ schemas: [URN.error], status: "413" });
  const malformed = await bareRequest(baseURL!, "GET", "/Users/%zz", auth);
  expect(malformed.status).toBe(400);
  expect(malformed.headers["content-type"]).toMatch(/^application\/scim\+json\s*(;|$)/);
  expect(JSON.parse(malformed.body)).toMatchObject({ schemas: [URN.error], status: "400" });
});

// ---- Tokens and orgs ----

test("a token of one org cannot see or change another org's users and groups", async ({ api, baseURL }) => {
  // The console reaches Second Org through its own connection (the environment's account owns Demo Org only).
  const connectionName = uniqueName("scim second org");
  const conn = await api.post("/api/connections", {
    data: { name: connectionName, baseUrl: SIM_URL, ...SECOND_OWNER, invitesApi: "users" },
  });
  expect(conn.status(), await conn.text()).toBe(201);
  const connectionId = ((await conn.json()) as { connection: { id: string } }).connection.id;
  let secondToken: { id: string; secret: string } | null = null;
  let other: Scim | null = null;
  try {
    secondToken = await createToken(api, SECOND_ORG, `okta-second-${Date.now().toString(36)}`);
    other = await Scim.bearer(baseURL!, secondToken.secret);

    // Inactive users on both sides: no Atlas invitation is needed to tell the orgs apart.
    const userName = uniqueUserName("isolation");
    const mine = await createUser(oktaUser(userName, { active: false }));
    const group = await scim.post("/Groups", {
      schemas: [URN.group],
      displayName: uniqueName("isolation group"),
      members: [{ value: mine.id }],
    });
    expect(group.status, describeAnswer("POST /Groups", group)).toBe(201);
    // The same userName in the other org is another user (uniqueness is per org).
    const theirs = await createUser(oktaUser(userName, { active: false }), other);
    expect(theirs.id).not.toBe(mine.id);

    // The other org's token: 404 for Demo Org's ids, whatever the method; lists without them.
    expectError(await other.get(`/Users/${mine.id}`), "other org: GET user", 404);
    expectError(
      await other.put(`/Users/${mine.id}`, { ...oktaUser(userName), id: mine.id }),
      "other org: PUT user",
      404,
    );
    expectError(await other.patch(`/Users/${mine.id}`, okta.activate), "other org: PATCH user", 404);
    expectError(await other.delete(`/Users/${mine.id}`), "other org: DELETE user", 404);
    expectError(await other.get(`/Groups/${group.body.id}`), "other org: GET group", 404);
    expectError(
      await other.patch(`/Groups/${group.body.id}`, [
        { op: "add", path: "members", value: [{ value: theirs.id }] },
      ]),
      "other org: PATCH group",
      404,
    );
    expectError(await other.delete(`/Groups/${group.body.id}`), "other org: DELETE group", 404);
    const theirList = expectList(
      await other.get(`/Users${qs({ filter: `userName eq "${userName}"` })}`),
      "other org: filter",
    );
    expect(theirList.resources.map((u) => u.id)).toEqual([theirs.id]);
    const theirAll = expectList(await other.get(`/Users${qs({ count: 1000 })}`), "other org: all users");
    expect(theirAll.resources.map((u) => u.id)).not.toContain(mine.id);
    const theirGroups = expectList(await other.get(`/Groups${qs({ count: 1000 })}`), "other org: all groups");
    expect(theirGroups.resources.map((g) => g.id)).not.toContain(group.body.id);
    // A group of the other org cannot take a Demo Org user as a member.
    const crossGroup = await other.post("/Groups", {
      schemas: [URN.group],
      displayName: uniqueName("cross group"),
      members: [{ value: mine.id }],
    });
    expect(
      [201, 400, 404],
      describeAnswer("other org: POST group with a Demo Org member", crossGroup),
    ).toContain(crossGroup.status);
    if (crossGroup.status === 201) {
      expect(crossGroup.body.members ?? []).toEqual([]);
      await other.delete(`/Groups/${crossGroup.body.id}`);
    }

    // And the other way round.
    expectError(await scim.get(`/Users/${theirs.id}`), "demo org: GET the other org's user", 404);
    const mineList = expectList(
      await scim.get(`/Users${qs({ filter: `userName eq "${userName}"` })}`),
      "demo org: filter",
    );
    expect(mineList.resources.map((u) => u.id)).toEqual([mine.id]);

    // Nothing changed on Demo Org's side.
    const still = await scim.get(`/Users/${mine.id}`);
    expect(still.body).toMatchObject({ id: mine.id, userName, active: false });
    const groupMembers = (await scim.get(`/Groups/${group.body.id}`)).body.members ?? [];
    expect(groupMembers.map((m: { value: string }) => m.value)).toEqual([mine.id]);

    expect((await other.delete(`/Users/${theirs.id}`)).status).toBe(204);
    expect((await scim.delete(`/Groups/${group.body.id}`)).status).toBe(204);
    expect((await scim.delete(`/Users/${mine.id}`)).status).toBe(204);
  } finally {
    await other?.dispose();
    if (secondToken) await revokeToken(api, SECOND_ORG, secondToken.id);
    await api.delete(`/api/connections/${connectionId}`);
  }
});

test("a revoked token is refused at once; the org's other tokens still work", async ({ api, baseURL }) => {
  const token = await createToken(api, ORG_ID, `entra-e2e-${Date.now().toString(36)}`);
  const client = await Scim.bearer(baseURL!, token.secret);
  try {
    expectList(await client.get("/Users?count=1"), "before revocation");
    await revokeToken(api, ORG_ID, token.id);
    // The very next request, with no wait.
    expectError(await client.get("/Users?count=1"), "after revocation: GET /Users", 401);
    expectError(
      await client.get("/ServiceProviderConfig"),
      "after revocation: GET /ServiceProviderConfig",
      401,
    );
    expectError(
      await client.post("/Users", oktaUser(`revoked-${Date.now()}@example.com`)),
      "after revocation: POST",
      401,
    );
    expectList(await scim.get("/Users?count=1"), "another token of the org");
  } finally {
    await client.dispose();
  }
});

// ---- What Atlas gets ----

test("Atlas: invited when created active, cancelled when deactivated, invited again under the same id, nothing for a repeated active true", async () => {
  const userName = uniqueUserName("atlas");
  const since = await lastSeq();
  const externalId = `00u${randomHex(17)}`;
  const { id } = await createUser(oktaUser(userName, { externalId }));
  const first = await expectInvited(userName);
  expect(await atlasCreates(userName, since)).toHaveLength(1);
  expect((await scim.get(`/Users/${id}`)).body.active, "pending reads as active").toBe(true);

  // Okta deactivates: the pending invitation is cancelled; the user stays, inactive.
  expectPatched(await scim.patch(`/Users/${id}`, okta.deactivate), "PATCH active false");
  await expectNotInvited(userName);
  const deletes = await journal({
    method: "DELETE",
    path: `${ATLAS_USERS}/${first.id}`,
    since: String(since),
  });
  expect(deletes.map((e) => e.status)).toEqual([204]);
  expect((await scim.get(`/Users/${id}`)).body).toMatchObject({ id, userName, active: false });

  // Reactivated under the same SCIM id (never a new POST): invited again, with the same grants.
  expectPatched(await scim.patch(`/Users/${id}`, okta.activate), "PATCH active true");
  const second = await expectInvited(userName);
  expect(second.roles.orgRoles.sort()).toEqual(first.roles.orgRoles.sort());
  expect(second.teamIds.sort()).toEqual(first.teamIds.sort());
  expect(await atlasCreates(userName, since)).toHaveLength(2);
  const same = expectList(await scim.get(`/Users${qs({ filter: `userName eq "${userName}"` })}`), "filter");
  expect(same.resources.map((u) => [u.id, u.active])).toEqual([[id, true]]);

  // A repeated active true is a quiet no-op: no Atlas call about this person once the worker has caught up.
  const mark = await lastSeq();
  expectPatched(await scim.patch(`/Users/${id}`, okta.activate), "PATCH active true again");
  const putSame = await scim.put(`/Users/${id}`, {
    ...oktaUser(userName, { externalId }),
    id,
    password: undefined,
  });
  expect(putSame.status, describeAnswer("PUT the same user", putSame)).toBe(200);
  await workerCaughtUp(scim);
  expect(await atlasCallsAbout(userName, second.id, mark)).toEqual([]);
  expect((await pendingInAtlas(userName)).map((u) => u.id)).toEqual([second.id]);

  // Entra's way to deactivate ("False") cancels too; DELETE leaves nothing either.
  expectPatched(
    await scim.patch(`/Users/${id}`, [{ op: "Replace", path: "active", value: "False" }]),
    'active "False"',
  );
  await expectNotInvited(userName);
  expectPatched(
    await scim.patch(`/Users/${id}`, [{ op: "Replace", path: "active", value: "True" }]),
    'active "True"',
  );
  await expectInvited(userName);
  expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
  await expectNotInvited(userName);
  expectError(await scim.get(`/Users/${id}`), "GET deleted user", 404);
});

test("Atlas: a changed userName moves the invitation to the new address", async () => {
  const oldName = uniqueUserName("rename-old");
  const newName = uniqueUserName("rename-new");
  const externalId = `00u${randomHex(17)}`;
  const { id } = await createUser(oktaUser(oldName, { externalId }));
  const before = await expectInvited(oldName);

  // Okta sends the whole user with PUT.
  const put = await scim.put(`/Users/${id}`, {
    ...oktaUser(newName, { externalId }),
    id,
    password: undefined,
  });
  expect(put.status, describeAnswer("PUT new userName", put)).toBe(200);
  expect(put.body).toMatchObject({ id, userName: newName, active: true });
  const after = await expectInvited(newName);
  await expectNotInvited(oldName);
  expect(after.roles.orgRoles.sort()).toEqual(before.roles.orgRoles.sort());
  const found = expectList(await scim.get(`/Users${qs({ filter: `userName eq "${oldName}"` })}`), "old name");
  expect(found.total).toBe(0);

  expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
  await expectNotInvited(newName);
});

test("Atlas: a group named like a preset, or mapped to one, gives its members the preset's grants", async ({
  api,
}) => {
  const presetName = uniqueName("SCIM Readers");
  const res = await api.post(`/api/orgs/${ORG_ID}/presets`, {
    data: { name: presetName, orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY"], teamIds: [], projectRoles: [] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { preset } = (await res.json()) as { preset: { id: string } };
  const mappedName = uniqueName("okta-db-readers");
  try {
    // Created inactive, put in the group, then activated (Okta pushes groups after users): the invitation
    // carries the preset's grants.
    const byName = uniqueUserName("preset-named");
    const named = await createUser(oktaUser(byName, { active: false }));
    const group = await scim.post("/Groups", {
      schemas: [URN.group],
      displayName: presetName,
      members: [{ value: named.id }],
    });
    expect(group.status, describeAnswer("POST /Groups named like the preset", group)).toBe(201);
    expectPatched(await scim.patch(`/Users/${named.id}`, okta.activate), "PATCH active true");
    const invited = await expectInvited(byName);
    expect(invited.roles.orgRoles.sort()).toEqual(["ORG_MEMBER", "ORG_READ_ONLY"]);

    // Another group name, mapped to the preset on the Provisioning page.
    const map = await api.put(`/api/orgs/${ORG_ID}/provisioning/group-maps`, {
      data: { groupName: mappedName, presetId: preset.id },
    });
    expect([200, 201, 204], `PUT group-maps: ${await map.text()}`).toContain(map.status());
    const byMap = uniqueUserName("preset-mapped");
    const mapped = await createUser(oktaUser(byMap, { active: false }));
    const mappedGroup = await scim.post("/Groups", {
      schemas: [URN.group],
      displayName: mappedName,
      members: [{ value: mapped.id }],
    });
    expect(mappedGroup.status, describeAnswer("POST /Groups mapped", mappedGroup)).toBe(201);
    expectPatched(await scim.patch(`/Users/${mapped.id}`, okta.activate), "PATCH active true");
    const invitedByMap = await expectInvited(byMap);
    expect(invitedByMap.roles.orgRoles.sort()).toEqual(["ORG_MEMBER", "ORG_READ_ONLY"]);

    // The Provisioning page's overview knows both groups apply the preset.
    const overview = await api.get(`/api/orgs/${ORG_ID}/provisioning`);
    expect(overview.status(), await overview.text()).toBe(200);
    const { groups } = (
      (await overview.json()) as {
        overview: { groups: { displayName: string; presetName: string | null }[] };
      }
    ).overview;
    expect(groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ displayName: presetName, presetName }),
        expect.objectContaining({ displayName: mappedName, presetName }),
      ]),
    );

    for (const g of [group.body.id as string, mappedGroup.body.id as string]) {
      expect((await scim.delete(`/Groups/${g}`)).status).toBe(204);
    }
    for (const u of [named.id, mapped.id]) expect((await scim.delete(`/Users/${u}`)).status).toBe(204);
    await expectNotInvited(byName);
    await expectNotInvited(byMap);
  } finally {
    // Best effort for the map (the name is this test's own either way).
    await api.delete(`/api/orgs/${ORG_ID}/provisioning/group-maps`, { data: { groupName: mappedName } });
    await api.delete(`/api/orgs/${ORG_ID}/presets/${preset.id}`);
  }
});
