import "server-only";
import { ROLES as CONSOLE_ROLES } from "@/lib/permissions";
import { createHmac, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { getDb } from "../db";
import { account as accountTable, session as sessionTable, user as userTable } from "../db/schema/auth";
import { forgetSessionActivity, lastActivity, noteSessionActivity } from "./activity";
import { getAuth } from "./config";
import { cached, forget, invalidate, invalidateAll, openTicket, peek, remember } from "./verified-cache";
import { DEMO_ADMIN_EMAIL, isDemo, sessionLimits } from "./settings";

/** Who is calling (contract: lib/server/api/with-console.ts passes this to handlers). */
export interface ConsoleUser {
  id: string;
  email: string;
  role: Role;
}

export interface ConsoleSession {
  user: ConsoleUser & { name: string; twoFactorEnabled: boolean };
  session: { id: string; createdAt: Date; expiresAt: Date };
  /** A password admin without TOTP must set it up before anything else (not the demo admin in demo mode). */
  needsTotpSetup: boolean;
  /** Signed in with the demo admin in demo mode: the UI shows the demo banner. */
  demo: boolean;
}

const ROLES = new Set<string>(CONSOLE_ROLES);

/** The signed session token of the Cookie header (better-call's format: `<token>.<base64 HMAC-SHA256>`). */
function signedToken(cookieHeader: string | null, name: string, secret: string): string | null {
  if (!cookieHeader) return null;
  let raw: string | undefined;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    raw = part.slice(eq + 1).trim();
    break; // the first one wins, as better-call reads it
  }
  if (!raw) return null;
  if (raw.startsWith('"')) raw = raw.slice(1, -1);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    value = raw;
  }
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(createHmac("sha256", secret).update(token).digest("base64"));
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;
  return token;
}

const cookieOf = globalThis as unknown as {
  __consoleSessionCookie?: { auth: unknown; name: string; secret: string };
};

/** better-auth's session cookie name and signing secret (fixed for the life of the auth instance). */
export async function sessionCookie(): Promise<{ name: string; secret: string }> {
  const auth = await getAuth();
  if (cookieOf.__consoleSessionCookie?.auth !== auth) {
    const ctx = await auth.$context;
    cookieOf.__consoleSessionCookie = { auth, name: ctx.authCookies.sessionToken.name, secret: ctx.secret };
  }
  return cookieOf.__consoleSessionCookie;
}

/** Why a stored session no longer counts (null while it does). */
export type SessionEnd = "expired" | "too_old" | "idle" | "inactive";

/**
 * The one rule for every route: console API routes (withConsole), pages (requirePageSession) and better-auth's
 * own /api/auth/* (lib/server/auth/auth-route-session.ts) all end a session by this function.
 */
function sessionEndReason(
  session: { createdAt: Date | string; updatedAt: Date | string; expiresAt: Date | string },
  user: { active: boolean | null; role: unknown },
  now = Date.now(),
): SessionEnd | null {
  const { idleSeconds, maxSeconds } = sessionLimits();
  if (new Date(session.expiresAt).getTime() <= now) return "expired";
  if (now - new Date(session.createdAt).getTime() > maxSeconds * 1000) return "too_old";
  if (now - new Date(session.updatedAt).getTime() > idleSeconds * 1000) return "idle";
  if (user.active === false || !ROLES.has(String(user.role))) return "inactive";
  return null;
}

type Found = {
  session: { id: string; createdAt: Date; updatedAt: Date; expiresAt: Date };
  user: {
    id: string;
    email: string;
    name: string;
    role: string;
    active: boolean;
    twoFactorEnabled: boolean | null;
    hasPassword: boolean;
  };
};

/** What the session cookie of a request stands for: nothing, a session that just ended, or a live one. */
export type SessionLookup =
  { state: "none" } | { state: "ended"; reason: SessionEnd } | { state: "active"; found: Found };

/**
 * Reads the caller's session and applies sessionEndReason: an ended session is deleted (so that it ends on
 * every instance), a live one has its activity noted for the idle window (./activity.ts writes it later, off
 * the request path).
 *
 * A session verified in the last VERIFIED_TTL_MS is taken from ./verified-cache.ts: no query. Sign-out,
 * revocation, deactivation and role changes end the cached entry on every instance (database triggers notify
 * every process), so they still count at the very next request. Otherwise one indexed query. The cookie's
 * signature is checked as better-auth checks it; a request without a valid one never reaches the database.
 */
export async function lookUpSession(headers: Headers): Promise<SessionLookup> {
  const cookie = await sessionCookie();
  const token = signedToken(headers.get("cookie"), cookie.name, cookie.secret);
  if (!token) return { state: "none" };
  const ticket = await openTicket();
  const key = `s:${token}`;
  const now = Date.now();
  const hit = cached<Found>(ticket, key, now);
  if (hit && !sessionEndReason(withActivity(hit.session), hit.user, now)) {
    noteSessionActivity(hit.session.id, new Date(hit.session.updatedAt).getTime(), now);
    return { state: "active", found: hit };
  }
  // Not cached, or it looks ended: the database decides (another instance may have seen later activity).
  const db = await getDb();
  const [found] = await db
    .select({
      session: {
        id: sessionTable.id,
        createdAt: sessionTable.createdAt,
        updatedAt: sessionTable.updatedAt,
        expiresAt: sessionTable.expiresAt,
      },
      user: {
        id: userTable.id,
        email: userTable.email,
        name: userTable.name,
        role: userTable.role,
        active: userTable.active,
        twoFactorEnabled: userTable.twoFactorEnabled,
        hasPassword: sql<boolean>`exists (select 1 from ${accountTable} where ${accountTable.userId} = ${userTable.id} and ${accountTable.providerId} = 'credential')`,
      },
    })
    .from(sessionTable)
    .innerJoin(userTable, eq(userTable.id, sessionTable.userId))
    .where(eq(sessionTable.token, token))
    .limit(1);
  if (!found) {
    forget(key);
    return { state: "none" };
  }
  const { session, user } = found;
  const reason = sessionEndReason(withActivity(session), user, Date.now());
  if (reason) {
    forget(key);
    forgetSessionActivity(session.id);
    await db
      .delete(sessionTable)
      .where(eq(sessionTable.id, session.id))
      .catch(() => undefined);
    return { state: "ended", reason };
  }
  noteSessionActivity(session.id, new Date(session.updatedAt).getTime());
  remember(ticket, key, found, [`s:${session.id}`, `u:${user.id}`]);
  return { state: "active", found };
}

/**
 * better-auth changed something of the caller's (signed out, ended sessions, two-factor, password): nothing of
 * theirs stays cached here, at once. Other processes hear it from the database's triggers.
 */
export async function forgetCallerSessions(headers: Headers): Promise<void> {
  const cookie = await sessionCookie();
  const token = signedToken(headers.get("cookie"), cookie.name, cookie.secret);
  if (!token) return;
  const entry = peek<Found>(`s:${token}`);
  if (entry) invalidate(`u:${entry.user.id}`);
  else invalidateAll();
}

/** The session as the idle rule sees it: last active at the later of the stored time and this process's. */
function withActivity(session: Found["session"]): Found["session"] {
  const stored = new Date(session.updatedAt).getTime();
  const at = lastActivity(session.id, stored);
  return at === stored ? session : { ...session, updatedAt: new Date(at) };
}

/**
 * The caller's session, checked here and not only by better-auth: the user must be active, the session live
 * by sessionEndReason. Anything else is "no session" (and an ended or orphaned session is deleted).
 */
export async function getConsoleSession(headers: Headers): Promise<ConsoleSession | null> {
  const looked = await lookUpSession(headers);
  if (looked.state !== "active") return null;
  const { session, user } = looked.found;
  const role = user.role as Role;
  const demo = isDemo() && user.email === DEMO_ADMIN_EMAIL;
  const twoFactorEnabled = user.twoFactorEnabled === true;
  const needsTotpSetup = role === "admin" && !twoFactorEnabled && !demo && user.hasPassword === true;
  return {
    user: { id: user.id, email: user.email, role, name: user.name, twoFactorEnabled },
    session: {
      id: session.id,
      createdAt: new Date(session.createdAt),
      expiresAt: new Date(session.expiresAt),
    },
    needsTotpSetup,
    demo,
  };
}
