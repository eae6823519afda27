// The verified session cache (lib/server/auth/verified-cache.ts) on PGlite: a warm read runs no query at all,
// and whatever ends a session or a token, or changes its user, counts at the very next request. Real parts: the
// session code, better-auth's routes and the console's services on a real PGlite; the test only counts the
// statements PGlite receives.
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as notificationsRoute from "@/app/api/account/notifications/route";
import { flushActivity } from "@/lib/server/auth/activity";
import { getAuth } from "@/lib/server/auth/config";
import { getConsoleSession } from "@/lib/server/auth/session";
import { VERIFIED_TTL_MS, verifiedCacheLive } from "@/lib/server/auth/verified-cache";
import { changeConsoleUser } from "@/lib/server/console-users/change-console-user";
import { revokeOwnSession } from "@/lib/server/account/sessions";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { getDatabaseHandle, getDb } from "@/lib/server/db";
import { session as sessionTable } from "@/lib/server/db/schema/auth";
import { apiTokens } from "@/lib/server/db/schema/tokens";
import { authenticateBearer } from "@/lib/server/tokens/bearer";
import { createToken, revokeOwnToken } from "@/lib/server/tokens/tokens";
import { AuthClient } from "../support/auth-client";
import { call } from "../support/routes";
import { prepareTestAuth, signedInRequest } from "../support/session";

const statements: string[] = [];
let counting = false;

beforeAll(async () => {
  prepareTestAuth();
  const handle = await getDatabaseHandle();
  if (handle.raw.kind !== "pglite") throw new Error("this file runs on PGlite");
  // Every statement the console sends goes through PGlite's query, exec or transaction: count them.
  const client = handle.raw.client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of ["query", "exec", "transaction"] as const) {
    const original = client[method]!.bind(client);
    client[method] = (...args: unknown[]) => {
      if (counting) statements.push(method === "transaction" ? "transaction" : String(args[0]));
      return original(...args);
    };
  }
  await getConsoleSession(new Headers());
  // The first lookup binds the cache to the database and starts listening.
  await getConsoleSession(new Headers({ cookie: (await signedInRequest("viewer")).Cookie! }));
  await vi.waitFor(() => expect(verifiedCacheLive()).toBe(true), { timeout: 10_000, interval: 10 });
}, 120_000);

async function sent(fn: () => Promise<void>): Promise<string[]> {
  statements.length = 0;
  counting = true;
  try {
    await fn();
  } finally {
    counting = false;
  }
  return [...statements];
}

/**
 * The session statements of `fn`, minus the one re-read the cache owes per VERIFIED_TTL_MS that passed (a
 * loaded machine can stretch a few calls past it): a warm read has none of its own.
 */
async function sessionReadsBeyondTtl(fn: () => Promise<void>): Promise<string[]> {
  const t0 = performance.now();
  const list = (await sent(fn)).filter((s) => /auth_(session|user|account)/.test(s));
  return list.slice(Math.floor((performance.now() - t0) / VERIFIED_TTL_MS));
}

const check = (cookie: string) => getConsoleSession(new Headers({ cookie }));
const tokenOf = (cookie: string) => decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
const writes = (list: string[]) =>
  list.filter((s) => s === "transaction" || /^\s*(insert|update|delete)\b/i.test(s));

let n = 0;
async function person(role: "viewer" | "inviter" | "admin") {
  const email = `cache-${++n}-${process.pid}@example.com`;
  const password = `cache-password-${n}-0123456789`;
  const { user } = await createConsoleUser({ email, role, password });
  return { id: user.id, email, role, password };
}
const actorOf = (p: { id: string; email: string }) => ({
  userId: p.id,
  email: p.email,
  ip: null,
  userAgent: null,
});

describe("a warm read", () => {
  it("runs no query and no write: the session comes from the cache", async () => {
    const { Cookie } = await signedInRequest("inviter");
    expect((await check(Cookie!))?.user.role).toBe("inviter");
    const warm = await sent(async () => {
      for (let i = 0; i < 20; i++) expect((await check(Cookie!))?.user.role).toBe("inviter");
    });
    expect(writes(warm)).toEqual([]);
    expect(
      await sessionReadsBeyondTtl(async () => {
        for (let i = 0; i < 20; i++) await check(Cookie!);
      }),
    ).toEqual([]);
  });

  it("through a route: no session query and no write (the route's own read only)", async () => {
    const headers = await signedInRequest("viewer");
    const first = await call(notificationsRoute.GET, "GET", "/api/account/notifications", { headers });
    expect(first.status).toBe(200);
    const read = async () => {
      for (let i = 0; i < 5; i++) {
        const r = await call(notificationsRoute.GET, "GET", "/api/account/notifications", { headers });
        expect(r.status).toBe(200);
      }
    };
    expect(writes(await sent(read))).toEqual([]);
    expect(await sessionReadsBeyondTtl(read)).toEqual([]);
  });

  it("a bearer token's warm read runs no query and no write", async () => {
    const me = await person("inviter");
    const created = await createToken({
      user: me,
      input: { name: "warm", expiresInDays: 30 },
      actor: actorOf(me),
    });
    const h = new Headers({ "x-forwarded-for": "203.0.113.9" });
    await authenticateBearer(created.token, h);
    const warm = await sent(async () => {
      for (let i = 0; i < 20; i++) {
        expect((await authenticateBearer(created.token, h)).user.id).toBe(me.id);
      }
    });
    expect(warm).toEqual([]);
    // Its last use is written later, off the request path.
    await flushActivity();
    const db = await getDb();
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.lastUsedIp).toBe("203.0.113.9");
  });
});

describe("the very next request after", () => {
  async function warmSession(role: "viewer" | "inviter" = "inviter") {
    const p = await person(role);
    const client = new AuthClient(`198.51.100.${n % 250}`);
    const res = await client.post("/sign-in/email", { email: p.email, password: p.password });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cookie = client.cookieHeader();
    expect(await check(cookie)).not.toBeNull();
    // Cached: the next read sends nothing.
    expect(await sent(async () => void (await check(cookie)))).toEqual([]);
    return { p, client, cookie };
  }

  it("sign-out is refused", async () => {
    const { client, cookie } = await warmSession();
    expect((await client.post("/sign-out", {})).status).toBe(200);
    expect(await check(cookie)).toBeNull();
  });

  it("revoke-sessions (better-auth's own endpoint) is refused", async () => {
    const { client, cookie } = await warmSession();
    expect((await client.post("/revoke-sessions", {})).status).toBe(200);
    expect(await check(cookie)).toBeNull();
  });

  it("deactivation is refused, on every session of the user", async () => {
    const admin = await person("admin");
    const { p, cookie } = await warmSession();
    // A second session of the same person, warm too.
    const ctx = await (await getAuth()).$context;
    const other = (await ctx.internalAdapter.createSession(p.id))!;
    const { createHmac } = await import("node:crypto");
    const signed = `${other.token}.${createHmac("sha256", ctx.secret).update(other.token).digest("base64")}`;
    const cookie2 = `${ctx.authCookies.sessionToken.name}=${encodeURIComponent(signed)}`;
    expect(await check(cookie2)).not.toBeNull();
    await changeConsoleUser({
      actor: actorOf(admin),
      actorId: admin.id,
      userId: p.id,
      change: { active: false },
    });
    expect(await check(cookie)).toBeNull();
    expect(await check(cookie2)).toBeNull();
  });

  it("a role change carries the new role", async () => {
    const admin = await person("admin");
    const { p, cookie } = await warmSession("inviter");
    await changeConsoleUser({
      actor: actorOf(admin),
      actorId: admin.id,
      userId: p.id,
      change: { role: "viewer" },
    });
    expect((await check(cookie))?.user.role).toBe("viewer");
  });

  it("a session revoked from the Account page is refused", async () => {
    const { p, cookie } = await warmSession();
    const { cookie: current } = await (async () => {
      const client = new AuthClient("198.51.100.251");
      await client.post("/sign-in/email", { email: p.email, password: p.password });
      return { cookie: client.cookieHeader() };
    })();
    const db = await getDb();
    const [target] = await db
      .select({ id: sessionTable.id })
      .from(sessionTable)
      .where(eq(sessionTable.token, tokenOf(cookie)));
    const [mine] = await db
      .select({ id: sessionTable.id })
      .from(sessionTable)
      .where(eq(sessionTable.token, tokenOf(current)));
    await revokeOwnSession({ actor: actorOf(p), currentId: mine!.id, sessionId: target!.id });
    expect(await check(cookie)).toBeNull();
    expect(await check(current)).not.toBeNull();
  });

  it("a change no service made (SQL by hand, the CLI) counts too: the database's triggers tell the cache", async () => {
    const { p, cookie } = await warmSession("inviter");
    const db = await getDb();
    await db.execute(sql`update auth_user set role = 'viewer' where id = ${p.id}`);
    expect((await check(cookie))?.user.role).toBe("viewer");
    await db.execute(sql`delete from auth_session where token = ${tokenOf(cookie)}`);
    expect(await check(cookie)).toBeNull();
  });

  it("token revocation, and the owner's deactivation, refuse the token", async () => {
    const admin = await person("admin");
    const me = await person("inviter");
    const h = new Headers();
    const a = await createToken({ user: me, input: { name: "a", expiresInDays: 30 }, actor: actorOf(me) });
    const b = await createToken({ user: me, input: { name: "b", expiresInDays: 30 }, actor: actorOf(me) });
    await authenticateBearer(a.token, h);
    await authenticateBearer(b.token, h);
    await revokeOwnToken({ userId: me.id, tokenId: a.id, actor: actorOf(me), email: me.email });
    await expect(authenticateBearer(a.token, h)).rejects.toMatchObject({ status: 401 });
    expect((await authenticateBearer(b.token, h)).user.role).toBe("inviter");
    await changeConsoleUser({
      actor: actorOf(admin),
      actorId: admin.id,
      userId: me.id,
      change: { role: "viewer" },
    });
    expect((await authenticateBearer(b.token, h)).user.role).toBe("viewer");
    await changeConsoleUser({
      actor: actorOf(admin),
      actorId: admin.id,
      userId: me.id,
      change: { active: false },
    });
    await expect(authenticateBearer(b.token, h)).rejects.toMatchObject({ status: 401 });
  });
});

describe("the idle window", () => {
  it("is slid by a batch off the request path, not by the read", async () => {
    const { Cookie } = await signedInRequest("viewer");
    const db = await getDb();
    const token = tokenOf(Cookie!);
    // Last activity a minute ago, before this process saw the session.
    await db
      .update(sessionTable)
      .set({ updatedAt: new Date(Date.now() - 60_000) })
      .where(eq(sessionTable.token, token));
    const read = async () =>
      (await db.select().from(sessionTable).where(eq(sessionTable.token, token)))[0]!.updatedAt.getTime();
    const before = await read();
    const reads = await sent(async () => {
      for (let i = 0; i < 5; i++) expect(await check(Cookie!)).not.toBeNull();
    });
    expect(writes(reads)).toEqual([]);
    expect(await read()).toBe(before);
    await flushActivity();
    const slid = await read();
    expect(Date.now() - slid).toBeLessThan(5_000);
    await check(Cookie!);
    await flushActivity();
    expect(await read()).toBe(slid);
  });
});
