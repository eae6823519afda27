// T02: every API route × every kind of caller (anonymous, expired session, viewer, inviter, admin), plus the
// `//api/...` and trailing-slash spellings. Never a 500; refused callers never reach Atlas.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { can } from "../lib/permissions";
import type { Action, Role } from "../lib/permissions";
import { atlas } from "./support/atlas";
import { adminApi, anonymousApi, createUser, signedInApi } from "./support/auth";
import { apiRoutes, bodyFor } from "./support/routes";
import type { ApiRoute } from "./support/routes";

const routes = apiRoutes();

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

test("the route list is complete enough to mean something", () => {
  const names = routes.map((r) => `${r.method} ${r.path}`);
  expect(names).toEqual(expect.arrayContaining(["GET /api/orgs", "POST /api/users"]));
  expect(routes.length).toBeGreaterThanOrEqual(9);
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

    for (const variant of [`/${route.path}`, `${route.path}/`]) {
      const v = await send(anonymous, route, variant);
      expect(v.status(), `anonymous ${route.method} ${variant}`).not.toBe(500);
      expect(v.status(), `anonymous ${route.method} ${variant}`).not.toBeLessThan(300);
      if (v.status() >= 300 && v.status() < 400) {
        // A redirect only normalises the path; following it lands on the same refusal.
        const location = v.headers().location ?? "";
        expect(new URL(location, baseURL).pathname).toBe(route.path);
      }
    }
  }
  expect(await atlasCalls()).toBe(before);
  for (const api of [anonymous, expired, replay]) await api.dispose();
});

test("viewer, inviter and admin: exactly what lib/permissions.ts allows, never a 500", async ({
  baseURL,
  sim,
}) => {
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
      const label = `${role} ${route.method} ${route.path}`;
      expect(res.status(), label).not.toBe(500);
      expect(res.status(), label).not.toBe(401);
      if (can(role, route.action as Action)) {
        expect(res.status(), `${label}: ${await res.text()}`).not.toBe(403);
      } else {
        expect(res.status(), label).toBe(403);
        expect((await res.json()).error.code).toBe("forbidden");
        expect(await atlasCalls(), `${label} reached Atlas`).toBe(before);
      }
      for (const variant of [`/${route.path}`, `${route.path}/`]) {
        const v = await send(api, route, variant);
        expect(v.status(), `${role} ${route.method} ${variant}`).not.toBe(500);
      }
    }
  }
  for (const [, api] of callers) await api.dispose();
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
