import "server-only";
import { and, asc, eq, like, ne } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import type { ConsoleUserRow } from "@/lib/schemas/users";
import { OIDC_PROVIDER_ID } from "../auth/oidc";
import { invalidate } from "../auth/verified-cache";
import type { Db } from "../db";
import {
  account as accountTable,
  twoFactor as twoFactorTable,
  user as userTable,
  verification as verificationTable,
} from "../db/schema/auth";

// Queries on console users (better-auth's user, account, two-factor and verification tables). The rules
// (not oneself, at least one active admin) live in the verbs beside this file.

export type { ConsoleUserRow };

export async function listConsoleUserRows(db: Db): Promise<ConsoleUserRow[]> {
  const users = await db.select().from(userTable).orderBy(asc(userTable.email));
  const accounts = await db
    .select({ userId: accountTable.userId, providerId: accountTable.providerId })
    .from(accountTable);
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    twoFactorEnabled: u.twoFactorEnabled,
    signIn: {
      password: accounts.some((a) => a.userId === u.id && a.providerId === "credential"),
      sso: accounts.some((a) => a.userId === u.id && a.providerId === OIDC_PROVIDER_ID),
    },
    createdAt: u.createdAt.toISOString(),
  }));
}

/** One console user as the Users page shows it (null when there is none). */
export async function consoleUserRow(db: Db, userId: string): Promise<ConsoleUserRow | null> {
  return (await listConsoleUserRows(db)).find((u) => u.id === userId) ?? null;
}

/** The user's own row (role, active flag, two-factor), null when there is none. */
export async function findUser(db: Db, userId: string) {
  const [row] = await db.select().from(userTable).where(eq(userTable.id, userId));
  return row ?? null;
}

/** The console user with this e-mail (case-insensitive). */
export async function findUserByEmail(db: Db, email: string): Promise<{ id: string; email: string } | null> {
  const [row] = await db
    .select({ id: userTable.id, email: userTable.email })
    .from(userTable)
    .where(eq(userTable.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function insertUser(
  db: Db,
  input: { email: string; name: string; role: Role },
): Promise<{ id: string }> {
  const now = new Date();
  const [row] = await db
    .insert(userTable)
    .values({
      id: crypto.randomUUID(),
      ...input,
      // The admin vouches for the address: SSO with the same verified e-mail may link to this user.
      emailVerified: true,
      active: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: userTable.id });
  return row!;
}

export async function countActiveAdminsOtherThan(db: Db, userId: string): Promise<number> {
  const rows = await db
    .select({ id: userTable.id })
    .from(userTable)
    .where(and(eq(userTable.role, "admin"), eq(userTable.active, true), ne(userTable.id, userId)));
  return rows.length;
}

export async function setRoleAndActive(
  db: Db,
  userId: string,
  change: { role?: Role; active?: boolean },
): Promise<void> {
  await db
    .update(userTable)
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      updatedAt: new Date(),
    })
    .where(eq(userTable.id, userId));
  invalidate(`u:${userId}`);
}

/** Erases the TOTP secret and recovery codes. */
export async function clearTwoFactor(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(twoFactorTable).where(eq(twoFactorTable.userId, userId));
    await tx
      .update(userTable)
      .set({ twoFactorEnabled: false, updatedAt: new Date() })
      .where(eq(userTable.id, userId));
  });
  invalidate(`u:${userId}`);
}

/** Set-password links not yet used stop working (a deactivated person must not set a password through one). */
export async function revokeSetPasswordLinks(db: Db, userId: string): Promise<void> {
  await db
    .delete(verificationTable)
    .where(and(like(verificationTable.identifier, "reset-password:%"), eq(verificationTable.value, userId)));
}

/** The demo admin is an active admin whatever was changed since. */
export async function makeActiveAdmin(db: Db, userId: string): Promise<void> {
  await db.update(userTable).set({ role: "admin", active: true }).where(eq(userTable.id, userId));
  invalidate(`u:${userId}`);
}
