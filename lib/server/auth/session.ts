import "server-only";
import { ROLES as CONSOLE_ROLES } from "@/lib/permissions";
import { and, eq } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { getDb } from "../db";
import { account as accountTable, session as sessionTable } from "../db/schema/auth";
import { getAuth } from "./config";
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

async function hasPassword(userId: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .select({ id: accountTable.id })
    .from(accountTable)
    .where(and(eq(accountTable.userId, userId), eq(accountTable.providerId, "credential")))
    .limit(1);
  return rows.length > 0;
}

/**
 * The caller's session, checked here and not only by better-auth: the user must be active and the session
 * younger than the absolute lifetime (better-auth slides expiresAt with activity, which is the idle limit).
 * Anything else is "no session" (and an expired or orphaned session is deleted).
 */
export async function getConsoleSession(headers: Headers): Promise<ConsoleSession | null> {
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers, query: { disableRefresh: true } });
  if (!found) return null;
  const { session, user } = found;
  const ctx = await auth.$context;
  const { idleSeconds, maxSeconds } = sessionLimits();
  const now = Date.now();
  const lastActive = new Date(session.updatedAt).getTime();
  const tooOld = now - new Date(session.createdAt).getTime() > maxSeconds * 1000;
  const idle = now - lastActive > idleSeconds * 1000;
  if (tooOld || idle || user.active === false || !ROLES.has(String(user.role))) {
    await ctx.internalAdapter.deleteSession(session.token).catch(() => undefined);
    return null;
  }
  // Slide the idle window (at most one write per few seconds per session).
  if (now - lastActive > Math.min(30, idleSeconds / 4) * 1000) {
    const db = await getDb();
    await db
      .update(sessionTable)
      .set({ updatedAt: new Date(now) })
      .where(eq(sessionTable.id, session.id));
  }
  const role = user.role as Role;
  const demo = isDemo() && user.email === DEMO_ADMIN_EMAIL;
  const twoFactorEnabled = user.twoFactorEnabled === true;
  const needsTotpSetup = role === "admin" && !twoFactorEnabled && !demo && (await hasPassword(user.id));
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
