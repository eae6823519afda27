import "server-only";
import { and, eq } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { DEMO_ADMIN_EMAIL, isDemo } from "../auth/settings";
import type { Db } from "../db";
import { account as accountTable } from "../db/schema/auth";

// What a console user may change about their own account (the Account page and the better-auth hooks in
// lib/server/auth/account-audit.ts share these rules).

export interface AccountFacts {
  /** Signs in with a password (a "credential" account); SSO-only users have none. */
  hasPassword: boolean;
  /** Signs in through single sign-on (an OIDC account). */
  hasSso: boolean;
}

export async function accountFacts(db: Db, userId: string): Promise<AccountFacts> {
  const rows = await db
    .select({ providerId: accountTable.providerId })
    .from(accountTable)
    .where(eq(accountTable.userId, userId));
  return {
    hasPassword: rows.some((r) => r.providerId === "credential"),
    hasSso: rows.some((r) => r.providerId !== "credential"),
  };
}

export async function hasPasswordAccount(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: accountTable.id })
    .from(accountTable)
    .where(and(eq(accountTable.userId, userId), eq(accountTable.providerId, "credential")))
    .limit(1);
  return rows.length > 0;
}

/**
 * Password admins must keep TOTP (the sign-in rule in lib/server/auth/session.ts sends one without it to set
 * it up): only viewers, inviters and the demo admin in demo mode may turn it off.
 */
export function mustKeepTotp(user: { role: Role; email: string }, hasPassword: boolean): boolean {
  if (!hasPassword || user.role !== "admin") return false;
  return !(isDemo() && user.email === DEMO_ADMIN_EMAIL);
}
