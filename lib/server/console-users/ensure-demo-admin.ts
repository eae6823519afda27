import "server-only";
import { randomBytes } from "node:crypto";
import { getAuth } from "../auth/config";
import { DEMO_ADMIN_EMAIL, isDemo } from "../auth/settings";
import { getDb } from "../db";
import { env } from "../env";
import { logger } from "../log";
import { insertUser, makeActiveAdmin } from "./repository";

/**
 * Demo mode: admin@demo.local exists, is an active admin and has the password from CONSOLE_DEMO_PASSWORD (or a
 * generated one, printed once). Idempotent; called at start-up (lib/server/auth/index.ts).
 */
export async function ensureDemoAdmin(): Promise<{ email: string; password: string } | null> {
  if (!isDemo()) return null;
  const given = env().CONSOLE_DEMO_PASSWORD;
  const password = given ?? randomBytes(12).toString("base64url");
  const db = await getDb();
  const ctx = await (await getAuth()).$context;
  const hash = await ctx.password.hash(password);
  let existing = await ctx.internalAdapter.findUserByEmail(DEMO_ADMIN_EMAIL, { includeAccounts: true });
  if (!existing) {
    // Two instances starting at once on one PostgreSQL both find no admin: the loser's insert breaks the
    // unique e-mail, and it takes the path of an admin that exists.
    const created = await insertUser(db, {
      email: DEMO_ADMIN_EMAIL,
      name: "Demo admin",
      role: "admin",
    }).catch(async (e: unknown) => {
      existing = await ctx.internalAdapter.findUserByEmail(DEMO_ADMIN_EMAIL, { includeAccounts: true });
      if (!existing) throw e;
      return null;
    });
    if (created) {
      await ctx.internalAdapter.linkAccount({
        userId: created.id,
        providerId: "credential",
        accountId: created.id,
        password: hash,
      });
    }
  }
  if (existing) {
    await makeActiveAdmin(db, existing.user.id);
    if (existing.accounts.some((a) => a.providerId === "credential")) {
      await ctx.internalAdapter.updatePassword(existing.user.id, hash);
    } else {
      await ctx.internalAdapter.linkAccount({
        userId: existing.user.id,
        providerId: "credential",
        accountId: existing.user.id,
        password: hash,
      });
    }
  }
  if (!given) {
    // Printed once, on purpose: demo mode only, so that a newcomer can sign in.
    console.log(`\n  Demo sign-in: ${DEMO_ADMIN_EMAIL} / ${password}\n`);
  } else {
    logger.info({ email: DEMO_ADMIN_EMAIL }, "demo admin ready (password from CONSOLE_DEMO_PASSWORD)");
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}
