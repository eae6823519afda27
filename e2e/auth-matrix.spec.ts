// T02: every API route × every kind of caller (anonymous, expired session, viewer, inviter, admin), plus the
// `//api/...` and trailing-slash spellings. Never a 500; refused callers never reach Atlas.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import type { Role } from "../lib/permissions";
import { atlas } from "./support/atlas";
import { adminApi, anonymousApi, createUser, signedInApi } from "./support/auth";
import { ROUTE_EXPECTATIONS, apiRoutes, bodyFor, isLeftOut } from "./support/routes";
import type { ApiRoute, RouteExpectation } from "./support/routes";

/** Every route and method of app/api (e2e/support/routes.ts), but those the table leaves out with a reason. */
const registry = apiRoutes();
const routes = registry.filter((r) => {
  const e = ROUTE_EXPECTATIONS[r.key];
  return e !== undefined && !isLeftOut(e);
});
const expected = (route: ApiRoute) => ROUTE_EXPECTATIONS[route.key] as RouteExpectation;

let origin = "";
test.beforeAll(({ baseURL }) => {
  origin = baseURL!;
});

/** `//api/x` must stay a path on this server (a bare "//api" would be read as a host name). */
const absolute = (p: string) => `${origin}${p}`;

async function send(api: APIRequestContext, route: ApiRoute, pathOverride?: string) {
  const body = bodyFor(route);
  return api.fetch(absolute(pathOverride ?? route.path), {
    method: route.method,
    ...(body === undefined ? {} : { data: body }),
    maxRedirects: 0,
  });
}

const atlasCalls = async () =>
  (await atlas.journal()).filter((e: any) => e.path.startsWith("/api/atlas/")).length;

test("every route and method under app/api has one row in the expectations table, and every row a route", () => {
  const keys = registry.map((r) => r.key);
  expect(
    keys.filter((k) => !(k in ROUTE_EXPECTATIONS)),
    "routes without an expectation",
  ).toEqual([]);
  expect(
    Object.keys(ROUTE_EXPECTATIONS).filter((k) => !keys.includes(k)),
    "rows without a route",
  ).toEqual([]);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toEqual(expect.arrayContaining(["GET /api/orgs", "POST /api/users", "GET /api/audit/export"]));
});

test("anonymous and expired-session callers: 401 before any parsing or Atlas call, on every spelling", async ({
  baseURL,
  sim,
}) => {
  await sim.reset();
  const anonymous = await anonymousApi(baseURL!);
  // An expired session: a real cookie whose session has ended (signed out).
  const viewer = await createUser(baseURL!, "viewer");
  const expired = await signedInApi(baseURL!, viewer.email, viewer.password);
  expect((await expired.post("/api/auth/sign-out", { data: {} })).status()).toBe(200);
  const stale = (await expired.storageState()).cookies;
  const replay = await anonymousApi(baseURL!);
  const cookieHeader = stale.map((c) => `${c.name}=${c.value}`).join("; ");
  const forged = "console.session_token=forged.value";

  const before = await atlasCalls();
  for (const route of routes) {
    for (const [who, api, headers] of [
      ["anonymous", anonymous, {}],
      ["forged cookie", replay, { Cookie: forged }],
    ] as const) {
      const res = await api.fetch(route.path, {
        method: route.method,
        headers,
        ...(bodyFor(route) === undefined ? {} : { data: bodyFor(route) }),
        maxRedirects: 0,
      });
      expect(res.status(), `${who} ${route.method} ${route.path}`).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
    const res = await expired.fetch(route.path, { method: route.method, maxRedirects: 0 });
    expect(res.status(), `signed-out ${route.method} ${route.path}`).toBe(401);
    const raw = await replay.fetch(route.path, { method: route.method, headers: { Cookie: cookieHeader } });
    expect(raw.status(), `replayed ${route.method} ${route.path}`).toBe(401);

    const [pathname, query = ""] = route.path.split("?");
    const search = query ? `?${query}` : "";
    for (const variant of [`/${pathname}${search}`, `${pathname}/${search}`]) {
      const v = await send(anonymous, route, variant);
      expect(v.status(), `anonymous ${route.method} ${variant}`).not.toBe(500);
      expect(v.status(), `anonymous ${route.method} ${variant}`).not.toBeLessThan(300);
      if (v.status() >= 300 && v.status() < 400) {
        // A redirect only normalises the path; following it lands on the same refusal.
        const location = v.headers().location ?? "";
        expect(new URL(location, baseURL).pathname).toBe(pathname);
      }
    }
  }
  expect(await atlasCalls()).toBe(before);
  for (const api of [anonymous, expired, replay]) await api.dispose();
});

test("viewer, inviter and admin: each gets the status its row says on every route, refusals never reach Atlas", async ({
  baseURL,
  sim,
}) => {
  test.setTimeout(240_000);
  const viewer = await createUser(baseURL!, "viewer");
  const inviter = await createUser(baseURL!, "inviter");
  const callers: [Role, APIRequestContext][] = [
    ["viewer", await signedInApi(baseURL!, viewer.email, viewer.password)],
    ["inviter", await signedInApi(baseURL!, inviter.email, inviter.password)],
    ["admin", await adminApi(baseURL!)],
  ];
  for (const [role, api] of callers) {
    for (const route of routes) {
      await sim.reset();
      const before = await atlasCalls();
      const res = await send(api, route);
      const label = `${role} ${route.key}`;
      const want = expected(route).status[role];
      // Soft: one run lists every route whose answer differs from its row.
      expect.soft(res.status(), `${label}: ${(await res.text()).slice(0, 300)}`).toBe(want);
      if (want === 403 && res.status() === 403) {
        expect((await res.json()).error.code).toBe("forbidden");
        expect(await atlasCalls(), `${label} reached Atlas`).toBe(before);
      }
      const [pathname, query = ""] = route.path.split("?");
      const search = query ? `?${query}` : "";
      for (const variant of [`/${pathname}${search}`, `${pathname}/${search}`]) {
        const v = await send(api, route, variant);
        expect(v.status(), `${role} ${route.method} ${variant}`).not.toBe(500);
      }
    }
  }
  for (const [, api] of callers) await api.dispose();
});

test("API tokens of viewer, inviter and admin: the session's status on every route, 403 on session-only ones, no Origin needed", async ({
  baseURL,
  sim,
  playwright,
}) => {
  test.setTimeout(240_000);
  const viewer = await createUser(baseURL!, "viewer");
  const inviter = await createUser(baseURL!, "inviter");
  const sessions: [Role, APIRequestContext][] = [
    ["viewer", await signedInApi(baseURL!, viewer.email, viewer.password)],
    ["inviter", await signedInApi(baseURL!, inviter.email, inviter.password)],
    ["admin", await adminApi(baseURL!)],
  ];
  for (const [role, session] of sessions) {
    const made = await session.post("/api/account/tokens", {
      data: { name: `matrix-${role}-${Date.now()}` },
    });
    expect(made.status(), await made.text()).toBe(201);
    const { token } = (await made.json()) as { token: string };
    // A script's client: no cookie jar, no Origin header.
    const api = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
      storageState: { cookies: [], origins: [] },
    });
    for (const route of routes) {
      await sim.reset();
      const before = await atlasCalls();
      const res = await send(api, route);
      const row = expected(route);
      const want = row.sessionOnly ? 403 : row.status[role];
      const label = `${role} token ${route.key}`;
      expect.soft(res.status(), `${label}: ${(await res.text()).slice(0, 300)}`).toBe(want);
      expect(res.headers()["set-cookie"], `${label} set a cookie`).toBeUndefined();
      if (want === 403 && res.status() === 403) {
        expect(await atlasCalls(), `${label} reached Atlas`).toBe(before);
      }
    }
    await api.dispose();
  }
  for (const [, api] of sessions) await api.dispose();
});

test("closed doors: public sign-up, SSO provider registration, impersonation and password-reset e-mails do not exist", async ({
  baseURL,
}) => {
  const api = await anonymousApi(baseURL!);
  for (const path of [
    "/api/auth/sign-up/email",
    "/api/auth/sso/register",
    "/api/auth/admin/impersonate-user",
    "/api/auth/request-password-reset",
    "/api/auth/update-user",
  ]) {
    const res = await api.post(path, {
      data: { email: "intruder@example.com", password: "intruder-password-123", name: "x", userId: "x" },
    });
    expect(res.status(), path).toBe(404);
  }
  await api.dispose();
});

test("sign-in is rate limited per account: after 5 wrong passwords even the right one waits", async ({
  baseURL,
}) => {
  const user = await createUser(baseURL!, "viewer");
  const api = await anonymousApi(baseURL!);
  for (let i = 0; i < 5; i++) {
    const res = await api.post("/api/auth/sign-in/email", {
      data: { email: user.email, password: `wrong-${i}-password` },
    });
    expect(res.status()).toBe(401);
  }
  const locked = await api.post("/api/auth/sign-in/email", {
    data: { email: user.email, password: user.password },
  });
  expect(locked.status()).toBe(429);
  expect((await api.get("/api/orgs")).status()).toBe(401);
  await api.dispose();
});
