import "server-only";
import { BASE_ERROR_CODES } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { getDb } from "../db";
import { actorFrom, auditAuthEvent } from "./audit";

// Hooks around better-auth's endpoints: audit rows for failed sign-in, SSO sign-in and sign-out, and a sign-in
// limit per account (a right password is handled in lib/server/auth/two-factor-limit.ts). better-auth limits
// sign-in per IP; this adds a limit per account (e-mail), so that guessing one person's password from many
// addresses is slow too: 5 attempts that fail in 15 minutes lock that e-mail for the rest of the window.
//
// The limit lives in the database (table sign_in_attempts) and an attempt is RESERVED there, by one atomic
// upsert, before better-auth checks the password: 25 parallel wrong passwords cannot all pass a check made
// before any of them is counted, in one process or across instances on one PostgreSQL. A reservation is kept
// when the password was wrong, the row is cleared when a sign-in succeeds, and given back when the attempt
// ended without a password verdict (a malformed request, a server error).
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_MAX_FAILURES = 5;

/** Reserves one attempt for `email`; false when the window already holds SIGN_IN_MAX_FAILURES of them. */
export async function reserveSignInAttempt(db: Db, email: string, now = new Date()): Promise<boolean> {
  const cutoff = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const { rows } = await db.execute<{ attempts: number }>(sql`
    insert into sign_in_attempts (email, window_start, attempts) values (${email}, ${now}, 1)
    on conflict (email) do update set
      window_start = case when sign_in_attempts.window_start <= ${cutoff}
        then excluded.window_start else sign_in_attempts.window_start end,
      attempts = case when sign_in_attempts.window_start <= ${cutoff}
        then 1 else sign_in_attempts.attempts + 1 end
    returning attempts`);
  return Number(rows[0]?.attempts ?? Infinity) <= SIGN_IN_MAX_FAILURES;
}

/** Gives a reservation back: the attempt ended without telling whether the password was right. */
export async function releaseSignInAttempt(db: Db, email: string): Promise<void> {
  await db.execute(sql`
    update sign_in_attempts set attempts = greatest(attempts - 1, 0) where email = ${email}`);
}

/** A successful sign-in starts the account's count afresh. */
export async function clearSignInAttempts(db: Db, email: string): Promise<void> {
  await db.execute(sql`delete from sign_in_attempts where email = ${email}`);
}

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
}

export const checkSignInAllowed = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/sign-out") {
    // Recorded before the session goes, while it still says who is signing out.
    const current = await getSessionFromCtx(ctx).catch(() => null);
    if (current) {
      await auditAuthEvent(actorFrom(ctx.headers ?? new Headers(), current.user), {
        action: "auth.signed_out",
        outcome: "success",
      });
    }
    return;
  }
  if (ctx.path !== "/sign-in/email") return;
  const email = emailOf(ctx.body);
  if (!email) return;
  if (!(await reserveSignInAttempt(await getDb(), email))) {
    await auditAuthEvent(actorFrom(ctx.headers ?? new Headers(), null), {
      action: "auth.sign_in_failed",
      outcome: "refused",
      targetEmail: email,
      detail: "account locked: too many failed sign-ins",
    });
    throw new APIError("TOO_MANY_REQUESTS", {
      message: "Too many failed sign-ins for this account. Try again in 15 minutes.",
    });
  }
});

export const noteSignInFailure = createAuthMiddleware(async (ctx) => {
  const headers = ctx.headers ?? new Headers();
  const returned = ctx.context.returned;
  if (ctx.path === "/sign-in/email") {
    const email = emailOf(ctx.body);
    if (!email) return;
    const db = await getDb();
    if (isAPIError(returned)) {
      // A deactivated account with the right password: the session hook refused (lib/server/auth/config.ts).
      // Answered exactly like a wrong password, so that the answer does not say the password was right.
      const deactivated = returned.body?.code === BASE_ERROR_CODES.FAILED_TO_CREATE_SESSION.code;
      if (returned.statusCode === 401 || deactivated) {
        // The reservation stays: it was a failed attempt.
      } else if (returned.statusCode !== 429) {
        await releaseSignInAttempt(db, email);
      }
      await auditAuthEvent(actorFrom(headers, null), {
        action: "auth.sign_in_failed",
        outcome: "failure",
        targetEmail: email,
        detail: deactivated ? "account deactivated" : String(returned.body?.code ?? returned.statusCode),
      });
      if (deactivated) throw APIError.from("UNAUTHORIZED", BASE_ERROR_CODES.INVALID_EMAIL_OR_PASSWORD);
    }
    // A right password is audited, and the account's count cleared or not, once better-auth has decided
    // whether a second factor is still needed: lib/server/auth/two-factor-limit.ts, which also audits the
    // two-factor step.
    return;
  }
  if (ctx.path.startsWith("/callback/")) {
    const session = ctx.context.newSession;
    if (session && !isAPIError(returned)) {
      await auditAuthEvent(actorFrom(headers, session.user), {
        action: "auth.signed_in",
        outcome: "success",
        detail: "sso",
      });
    }
  }
});
