// better-auth's own endpoints (app/api/auth/[...all]/route.ts) under the console's rules: the idle limit ends
// a session there as on every console route, session tokens never appear in a body, and the endpoints the
// console does not use that leak tokens or check passwords without limit do not exist. Real handler, real
// database, real sessions.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as orgsRoute from "@/app/api/orgs/route";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { flushActivity } from "@/lib/server/auth/activity";
import { sessionLimits } from "@/lib/server/auth/settings";
import { getDb } from "@/lib/server/db";
import { session as sessionTable, user as userTable } from "@/lib/server/db/schema/auth";
import { AuthClient } from "../support/auth-client";
import { call } from "../support/routes";
import { prepareTestAuth } from "../support/session";

beforeAll(async () => {
  prepareTestAuth();
  await getDb();
}, 120_000);

let n = 0;
async function signedInClient(role: "viewer" | "inviter" = "inviter") {
  const email = `endpoints-${++n}@example.com`;
  const password = `endpoints-password-${n}-0123456789`;
  await createConsoleUser({ email, role, password });
  const client = new AuthClient(`198.51.100.${n}`);
  const res = await client.post("/sign-in/email", { email, password });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { client, email, password };
}

async function sessionsOf(email: string) {
  const db = await getDb();
  const [u] = await db.select().from(userTable).where(eq(userTable.email, email));
  return db.select().from(sessionTable).where(eq(sessionTable.userId, u!.id));
}

/** Makes the user's sessions idle for one second longer than the limit (no waiting). */
async function idle(email: string) {
  const db = await getDb();
  const [u] = await db.select().from(userTable).where(eq(userTable.email, email));
  const lastActive = new Date(Date.now() - (sessionLimits().idleSeconds + 1) * 1000);
  await db.update(sessionTable).set({ updatedAt: lastActive }).where(eq(sessionTable.userId, u!.id));
}

describe("the idle limit on /api/auth/*", () => {
  const endpoints: [string, "GET" | "POST", (pw: string) => unknown][] = [
    ["/get-session", "GET", () => undefined],
    ["/change-password", "POST", (pw) => ({ currentPassword: pw, newPassword: `${pw}-new-one` })],
    ["/revoke-other-sessions", "POST", () => ({})],
    ["/revoke-sessions", "POST", () => ({})],
    ["/two-factor/enable", "POST", (pw) => ({ password: pw })],
    ["/two-factor/generate-backup-codes", "POST", (pw) => ({ password: pw })],
    ["/two-factor/disable", "POST", (pw) => ({ password: pw })],
  ];

  it.each(endpoints)(
    "%s on an idle session: 401, the session ended and its cookie cleared",
    async (path, method, body) => {
      const { client, email, password } = await signedInClient();
      await idle(email);
      const res = await client.request(method, path, body(password));
      expect(res.status, JSON.stringify(res.body)).toBe(401);
      expect(res.body).toMatchObject({
        code: "SESSION_EXPIRED",
        message: expect.stringMatching(/without activity/),
      });
      expect(await sessionsOf(email)).toEqual([]);
      expect(client.cookies.has("console.session_token")).toBe(false);
    },
  );

  it("the console's own routes and better-auth's agree: the same idle session is refused by both", async () => {
    const { client, email } = await signedInClient("viewer");
    const cookie = client.cookieHeader();
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: { Cookie: cookie } })).status).not.toBe(
      401,
    );
    await idle(email);
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: { Cookie: cookie } })).status).toBe(401);
    // The console route ended it first: better-auth has nothing left to serve either.
    expect((await client.get("/get-session")).body ?? null).toBeNull();
  });

  it("sign-out on an idle session still works; signing in again with the stale cookie works", async () => {
    const a = await signedInClient();
    await idle(a.email);
    const out = await a.client.post("/sign-out", {});
    expect(out.status).toBe(200);
    expect(await sessionsOf(a.email)).toEqual([]);

    const b = await signedInClient();
    await idle(b.email);
    const again = await b.client.post("/sign-in/email", { email: b.email, password: b.password });
    expect(again.status).toBe(200);
    expect(await sessionsOf(b.email)).toHaveLength(1);
    expect((await b.client.get("/get-session")).status).toBe(200);
  });

  it("a live session is served, and using /api/auth/* counts as activity", async () => {
    const { client, email } = await signedInClient();
    const db = await getDb();
    // Active a minute ago, well inside the limit: served, and the idle window slides.
    const minuteAgo = new Date(Date.now() - 60_000);
    const [s0] = await sessionsOf(email);
    await db.update(sessionTable).set({ updatedAt: minuteAgo }).where(eq(sessionTable.id, s0!.id));
    const res = await client.get("/get-session");
    expect(res.status).toBe(200);
    expect(res.body.user.email).toBe(email);
    // Written off the request path, in the next batch (lib/server/auth/activity.ts).
    await flushActivity();
    const [s] = await sessionsOf(email);
    expect(s!.updatedAt.getTime()).toBeGreaterThan(minuteAgo.getTime());
  });
});

describe("session tokens and password oracles", () => {
  it("no answer carries a session token: sign-in and get-session", async () => {
    const email = `tokens-${++n}@example.com`;
    const password = `tokens-password-${n}-0123456789`;
    await createConsoleUser({ email, role: "viewer", password });
    const client = new AuthClient("198.51.100.200");
    const signIn = await client.post("/sign-in/email", { email, password });
    expect(signIn.status).toBe(200);
    const [s] = await sessionsOf(email);
    expect(JSON.stringify(signIn.body)).not.toContain(s!.token);
    expect(signIn.body.token).toBeUndefined();
    const session = await client.get("/get-session");
    expect(session.status).toBe(200);
    expect(session.body.user.email).toBe(email);
    expect(session.body.session.id).toBe(s!.id);
    expect(JSON.stringify(session.body)).not.toContain(s!.token);
  });

  it("list-sessions, verify-password and get-totp-uri do not exist, even with a live session", async () => {
    const { client, email, password } = await signedInClient();
    const [s] = await sessionsOf(email);
    const list = await client.get("/list-sessions");
    expect(list.status).toBe(404);
    expect(JSON.stringify(list.body ?? "")).not.toContain(s!.token);
    for (const [path, body] of [
      ["/verify-password", { password }],
      ["/verify-password", { password: "not-the-password-0123" }],
      ["/two-factor/get-totp-uri", { password }],
    ] as const) {
      expect((await client.post(path, body)).status, path).toBe(404);
    }
    // The session itself is untouched.
    expect((await client.get("/get-session")).body.user.email).toBe(email);
  });

  it("update-session, list-accounts, account-info, refresh-token and get-access-token do not exist, even with a live session", async () => {
    // None is used by the console's pages, its API client, the bench or the e2e suites (get-session is, and stays).
    const { client, email } = await signedInClient();
    for (const [method, path, body] of [
      ["POST", "/update-session", {}],
      ["GET", "/list-accounts", undefined],
      ["GET", "/account-info", undefined],
      ["GET", "/account-info?accountId=credential", undefined],
      ["POST", "/refresh-token", { providerId: "credential" }],
      ["POST", "/get-access-token", { providerId: "credential" }],
    ] as const) {
      const res = await client.request(method, path, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(404);
    }
    expect((await client.get("/get-session")).body.user.email).toBe(email);
  });
});
