import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, eq, like, ne } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { HttpError } from "../api/errors";
import { getDb } from "../db";
import {
  account as accountTable,
  twoFactor as twoFactorTable,
  user as userTable,
  verification as verificationTable,
} from "../db/schema/auth";
import { env } from "../env";
import { logger } from "../log";
import { getAuth } from "./config";
import { OIDC_PROVIDER_ID } from "./oidc";
import { DEMO_ADMIN_EMAIL, isDemo } from "./settings";

export interface ConsoleUserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  twoFactorEnabled: boolean;
  signIn: { password: boolean; sso: boolean };
  createdAt: string;
}

const SET_PASSWORD_HOURS = 24;

export async function listConsoleUsers(): Promise<ConsoleUserRow[]> {
  const db = await getDb();
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

/** A one-time link (24 h) through which a new user sets their password (better-auth's reset-password token). */
export async function createSetPasswordToken(userId: string): Promise<string> {
  const ctx = await (await getAuth()).$context;
  const token = randomBytes(24).toString("base64url");
  await ctx.internalAdapter.createVerificationValue({
    identifier: `reset-password:${token}`,
    value: userId,
    expiresAt: new Date(Date.now() + SET_PASSWORD_HOURS * 3600_000),
  });
  return token;
}

/** Set-password links not yet used stop working (a deactivated person must not set a password through one). */
async function revokeSetPasswordLinks(userId: string): Promise<void> {
  const db = await getDb();
  await db
    .delete(verificationTable)
    .where(and(like(verificationTable.identifier, "reset-password:%"), eq(verificationTable.value, userId)));
}

/**
 * The one-time link shown to the admin: on CONSOLE_URL when set (the public origin, whatever Host header the
 * request came with), else on the origin the admin's browser used.
 */
export function setPasswordUrl(req: Request, url: URL, token: string): string {
  const origin = env().CONSOLE_URL
    ? new URL(env().CONSOLE_URL!).origin
    : `${url.protocol}//${req.headers.get("host") ?? url.host}`;
  return `${origin}/set-password?token=${encodeURIComponent(token)}`;
}

/** Adds a console user. With a password (CLI), they can sign in at once; without, they get a set-password link. */
export async function createConsoleUser(input: {
  email: string;
  role: Role;
  name?: string;
  password?: string;
}): Promise<{ user: ConsoleUserRow; setPasswordToken: string | null }> {
  const email = input.email.trim().toLowerCase();
  const ctx = await (await getAuth()).$context;
  if (await ctx.internalAdapter.findUserByEmail(email)) {
    throw new HttpError({
      code: "conflict",
      message: `A console user with the e-mail ${email} already exists.`,
      fields: {
        email: "Already a console user.",
      },
    });
  }
  // Inserted directly: better-auth's createUser runs the SSO validation gate, which needs a request.
  const created = await insertUser({
    email,
    name: input.name?.trim() || email.split("@")[0] || email,
    role: input.role,
  });
  let token: string | null = null;
  if (input.password) {
    await ctx.internalAdapter.linkAccount({
      userId: created.id,
      providerId: "credential",
      accountId: created.id,
      password: await ctx.password.hash(input.password),
    });
  } else {
    token = await createSetPasswordToken(created.id);
  }
  const row = (await listConsoleUsers()).find((u) => u.id === created.id)!;
  return { user: row, setPasswordToken: token };
}

async function insertUser(input: { email: string; name: string; role: Role }): Promise<{ id: string }> {
  const db = await getDb();
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

async function activeAdminsOtherThan(userId: string): Promise<number> {
  const db = await getDb();
  const rows = await db
    .select({ id: userTable.id })
    .from(userTable)
    .where(and(eq(userTable.role, "admin"), eq(userTable.active, true), ne(userTable.id, userId)));
  return rows.length;
}

async function findUser(userId: string) {
  const db = await getDb();
  const [row] = await db.select().from(userTable).where(eq(userTable.id, userId));
  if (!row) throw new HttpError({ code: "not_found", message: "No such console user." });
  return row;
}

/** Changes role and/or active flag. Deactivating ends the user's sessions at once. */
export async function updateConsoleUser(
  actorId: string,
  userId: string,
  change: { role?: Role; active?: boolean },
): Promise<{ before: { role: Role; active: boolean }; user: ConsoleUserRow }> {
  const target = await findUser(userId);
  const losesAdmin =
    target.role === "admin" &&
    target.active &&
    ((change.role !== undefined && change.role !== "admin") || change.active === false);
  if (losesAdmin && userId === actorId) {
    throw new HttpError({
      code: "conflict",
      message: "You cannot remove your own admin role or deactivate yourself.",
    });
  }
  if (losesAdmin && (await activeAdminsOtherThan(userId)) === 0) {
    throw new HttpError({ code: "conflict", message: "The console needs at least one active admin." });
  }
  const db = await getDb();
  await db
    .update(userTable)
    .set({
      ...(change.role ? { role: change.role } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      updatedAt: new Date(),
    })
    .where(eq(userTable.id, userId));
  if (change.active === false) {
    const ctx = await (await getAuth()).$context;
    await ctx.internalAdapter.deleteUserSessions(userId);
    await revokeSetPasswordLinks(userId);
  }
  const row = (await listConsoleUsers()).find((u) => u.id === userId)!;
  return { before: { role: target.role, active: target.active }, user: row };
}

/**
 * For a person who lost their authenticator and recovery codes: their TOTP secret and recovery codes are
 * erased and their sessions end; at their next sign-in they set up two-factor again (admins must). Not for
 * oneself (a stolen session must not be able to drop the second factor): another admin, or the CLI
 * `npm run console -- admin reset-2fa --email <e>` on the server.
 */
export async function resetTwoFactor(actorId: string | null, userId: string): Promise<ConsoleUserRow> {
  const target = await findUser(userId);
  if (actorId !== null && userId === actorId) {
    throw new HttpError({
      code: "conflict",
      message:
        "You cannot reset your own two-factor authentication: ask another admin, or run `npm run console -- admin reset-2fa` on the server.",
    });
  }
  if (!target.twoFactorEnabled) {
    throw new HttpError({
      code: "conflict",
      message: `${target.email} has no two-factor authentication to reset.`,
    });
  }
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.delete(twoFactorTable).where(eq(twoFactorTable.userId, userId));
    await tx
      .update(userTable)
      .set({ twoFactorEnabled: false, updatedAt: new Date() })
      .where(eq(userTable.id, userId));
  });
  const ctx = await (await getAuth()).$context;
  await ctx.internalAdapter.deleteUserSessions(userId);
  return (await listConsoleUsers()).find((u) => u.id === userId)!;
}

/** The console user with this e-mail (case-insensitive), for the CLI. */
export async function findUserByEmail(email: string): Promise<{ id: string; email: string } | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: userTable.id, email: userTable.email })
    .from(userTable)
    .where(eq(userTable.email, email.trim().toLowerCase()));
  return row ?? null;
}

/**
 * Demo mode: admin@demo.local exists, is an active admin and has the password from CONSOLE_DEMO_PASSWORD (or a
 * generated one, printed once). Idempotent; called at start-up.
 */
export async function ensureDemoAdmin(): Promise<{ email: string; password: string } | null> {
  if (!isDemo()) return null;
  const given = env().CONSOLE_DEMO_PASSWORD;
  const password = given ?? randomBytes(12).toString("base64url");
  const ctx = await (await getAuth()).$context;
  const hash = await ctx.password.hash(password);
  let existing = await ctx.internalAdapter.findUserByEmail(DEMO_ADMIN_EMAIL, { includeAccounts: true });
  if (!existing) {
    // Two instances starting at once on one PostgreSQL both find no admin: the loser's insert breaks the
    // unique e-mail, and it takes the path of an admin that exists.
    const created = await insertUser({ email: DEMO_ADMIN_EMAIL, name: "Demo admin", role: "admin" }).catch(
      async (e: unknown) => {
        existing = await ctx.internalAdapter.findUserByEmail(DEMO_ADMIN_EMAIL, { includeAccounts: true });
        if (!existing) throw e;
        return null;
      },
    );
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
    const db = await getDb();
    await db.update(userTable).set({ role: "admin", active: true }).where(eq(userTable.id, existing.user.id));
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
