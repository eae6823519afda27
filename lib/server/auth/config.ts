import "server-only";
import { betterAuth } from "better-auth";
import type { BetterAuthOptions } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { twoFactor } from "better-auth/plugins/two-factor";
import { eq } from "drizzle-orm";
import { consoleOrigin } from "@/lib/console-origin";
import { getDb } from "../db";
import type { Db } from "../db";
import { authSchema, user as userTable } from "../db/schema/auth";
import { env } from "../env";
import { logger } from "../log";
import { accountAudit } from "./account-audit";
import { forwardedChainProxies } from "./client-ip";
import { checkSignInAllowed, noteSignInFailure } from "./sign-in-limit";
import { twoFactorSignIn } from "./two-factor-limit";
import { invalidate } from "./verified-cache";
import { OIDC_PROVIDER_ID, oidcAccountSubject, roleFromIdToken, ssoDomainProblem } from "./oidc";
import { authSecret, isHttps, sessionLimits, ssoConfigured } from "./settings";

function oidcPlugin() {
  const e = env();
  if (!ssoConfigured()) return [];
  const issuer = e.OIDC_ISSUER!.replace(/\/$/, "");
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          name: e.OIDC_NAME,
          discoveryUrl: `${issuer}/.well-known/openid-configuration`,
          requireIdTokenVerification: true,
          clientId: e.OIDC_CLIENT_ID!,
          clientSecret: e.OIDC_CLIENT_SECRET!,
          scopes: ["openid", "email", "profile"],
          pkce: true,
          // Identities are keyed by issuer + subject, never by e-mail alone.
          accountSubject: oidcAccountSubject,
          disableProviderLogout: true,
        },
      ],
    }),
  ];
}

function authOptions(db: Db) {
  const { maxSeconds } = sessionLimits();
  const https = isHttps();
  return {
    appName: "Invite Console",
    baseURL: env().CONSOLE_URL,
    basePath: "/api/auth",
    // better-auth's Origin check on its endpoints: the same console-origin rule as withConsole's.
    trustedOrigins: (request?: Request) => {
      const own = consoleOrigin(request, env().CONSOLE_URL);
      return own ? [own] : [];
    },
    secret: authSecret(),
    database: drizzleAdapter(db, { provider: "pg", schema: authSchema }),
    emailAndPassword: {
      enabled: true,
      // Public sign-up is closed: admins add people (Users page, CLI); they set a password via a one-time link.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 24 * 3600,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        active: { type: "boolean", required: false, defaultValue: true, input: false },
      },
      // SSO: only allowed e-mail domains, checked at every sign-in (the IdP may have changed the address).
      validateUserInfo: ({ user, source }) => {
        if (source.method !== "oauth") return;
        const problem = ssoDomainProblem(typeof user.email === "string" ? user.email : "");
        return problem ? { error: "domain_not_allowed", errorDescription: problem } : undefined;
      },
    },
    account: {
      accountLinking: { enabled: true, disableImplicitLinking: false, requireLocalEmailVerified: true },
    },
    session: {
      // better-auth keeps the absolute lifetime (expiresAt = sign-in + SESSION_MAX_HOURS, never extended);
      // the idle lifetime is checked and slid in session.ts from updatedAt (last activity).
      expiresIn: maxSeconds,
      disableSessionRefresh: true,
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: true,
      // On PostgreSQL, in the database (lib/server/db/schema/rate-limit.ts): instances behind one proxy share
      // one limit per address instead of one each. PGlite serves one process: memory is enough there.
      storage: env().DATABASE_URL ? "database" : "memory",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/*": { window: 60, max: 30 },
        "/two-factor/*": { window: 60, max: 30 },
        "/reset-password": { window: 60, max: 10 },
      },
    },
    disabledPaths: [
      "/sign-up/email",
      "/request-password-reset",
      "/forget-password",
      "/update-user",
      "/change-email",
      "/delete-user",
      "/link-social",
      "/unlink-account",
      "/two-factor/send-otp",
      "/two-factor/verify-otp",
      // Unused by the console and unsafe as they stand: list-sessions answers session tokens (the Account page
      // reads /api/account/sessions, which has none); verify-password and get-totp-uri check a password with
      // no limit and no audit row.
      "/list-sessions",
      "/verify-password",
      "/two-factor/get-totp-uri",
      // Unused by the console's pages, API client, bench and e2e suites: the session is read through
      // get-session, sign-in accounts through the Users page, and no page needs an SSO provider's tokens.
      "/update-session",
      "/list-accounts",
      "/account-info",
      "/refresh-token",
      "/get-access-token",
    ],
    onAPIError: { errorURL: "/sign-in" },
    advanced: {
      // Over https: Secure cookies with the __Host- prefix (no Domain, Path=/); over http (loopback): neither.
      useSecureCookies: false,
      cookiePrefix: https ? "__Host-console" : "console",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: https, path: "/" },
      // The same resolution as clientIp() for audit rows: right to left past the trusted proxies, and with
      // none the address scripts/server.mjs appended from the socket.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: forwardedChainProxies() },
      database: { generateId: () => crypto.randomUUID() },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user gets no session, whichever way they sign in.
          before: async (session) => {
            const [row] = await db
              .select({ active: userTable.active })
              .from(userTable)
              .where(eq(userTable.id, session.userId));
            if (!row?.active) return false;
          },
        },
        // Ended by better-auth (sign-out, revoke-session(s), deactivation, password reset): at once in this
        // process; other processes hear it from the database (drizzle/0011_session-invalidation.sql).
        delete: { after: async (session) => invalidate(`s:${session.id}`) },
      },
      account: {
        create: { after: async (account) => syncRoleFromIdToken(db, account) },
        update: { after: async (account) => syncRoleFromIdToken(db, account) },
      },
      user: {
        update: { after: async (user) => invalidate(`u:${user.id}`) },
        create: {
          before: async (user, ctx) => {
            if (ctx?.path?.startsWith("/callback/")) {
              return { data: { ...user, role: env().OIDC_DEFAULT_ROLE, active: true } };
            }
          },
        },
      },
    },
    hooks: { before: checkSignInAllowed, after: noteSignInFailure },
    plugins: [
      twoFactor({
        issuer: "Invite Console",
        skipVerificationOnEnable: false,
        backupCodeOptions: { amount: 10, length: 10 },
        // The account lock is the console's (lib/server/auth/two-factor-limit.ts): reserved before each code.
        accountLockout: { enabled: false },
      }),
      ...oidcPlugin(),
      accountAudit(),
      // After twoFactor: its hooks must have decided whether a password step still needs a code.
      twoFactorSignIn(),
    ],
  } satisfies BetterAuthOptions;
}

async function syncRoleFromIdToken(
  db: Db,
  account: { providerId: string; userId: string; idToken?: string | null },
): Promise<void> {
  if (account.providerId !== OIDC_PROVIDER_ID || !account.idToken) return;
  const role = roleFromIdToken(account.idToken);
  if (!role) return;
  await db.update(userTable).set({ role }).where(eq(userTable.id, account.userId));
  invalidate(`u:${account.userId}`);
}

function makeAuth(db: Db) {
  return betterAuth(authOptions(db));
}

export type ConsoleAuth = ReturnType<typeof makeAuth>;

// Next bundles route handlers and pages separately: module state is per bundle, so the one instance (with its
// in-memory rate limiter) lives on globalThis. It is bound to the database it was built on; tests that install
// another database get a new instance.
const holder = globalThis as unknown as { __consoleAuth?: { db: Db; auth: ConsoleAuth } | undefined };

/** The process-wide better-auth instance on the process-wide database (created on first use). */
export async function getAuth(): Promise<ConsoleAuth> {
  let db: Db;
  try {
    db = await getDb();
  } catch (e) {
    logger.error({ err: e }, "sign-in could not start: the database did not open");
    throw e;
  }
  if (holder.__consoleAuth?.db !== db) holder.__consoleAuth = { db, auth: makeAuth(db) };
  return holder.__consoleAuth.auth;
}
