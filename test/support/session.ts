// Signed-in callers for tests that call route handlers directly (docs/design/c-contracts.md): real console
// users and real better-auth sessions in a fresh database, no mocks.
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { getAuth } from "@/lib/server/auth/config";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { getDb } from "@/lib/server/db";
import { user as userTable } from "@/lib/server/db/schema/auth";
import { migratedDataDir } from "./db";

/**
 * A fresh PGlite data directory for this test process (a copy of the run's migrated template, ./db.ts) and a
 * fixed auth secret, set before anything reads
 * env(): call it (or consoleAgainstSimulator, which does) before the first handler runs. getDb() opens the
 * directory on first use, unless a test installed its own database with installDb().
 */
export function prepareTestAuth(): void {
  process.env.DATA_DIR ??= migratedDataDir("console-session-");
  process.env.CONSOLE_AUTH_SECRET ??= "vitest-auth-secret-not-for-production-0123456789";
}

let counter = 0;

/**
 * Headers carrying a valid session cookie of a new console user with `role`. Admins get TOTP marked as set up,
 * as a real admin would have.
 */
export async function signedInRequest(
  role: Role,
  opts: { email?: string } = {},
): Promise<Record<string, string>> {
  prepareTestAuth();
  const email = opts.email ?? `${role}-${process.pid}-${++counter}@session.test`;
  const { user } = await createConsoleUser({ email, role, password: `pw-${role}-${counter}-0123456789` });
  // A session made the way better-auth's sign-in makes one, without a sign-in audit row (tests count rows).
  const ctx = await (await getAuth()).$context;
  const session = await ctx.internalAdapter.createSession(user.id);
  if (!session) throw new Error("no session was created");
  const signature = createHmac("sha256", ctx.secret).update(session.token).digest("base64");
  const cookie = `${ctx.authCookies.sessionToken.name}=${encodeURIComponent(`${session.token}.${signature}`)}`;
  if (role === "admin") {
    const db = await getDb();
    await db.update(userTable).set({ twoFactorEnabled: true }).where(eq(userTable.id, user.id));
  }
  return { Cookie: cookie };
}
