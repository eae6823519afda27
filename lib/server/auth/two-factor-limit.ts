import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { getDb } from "../db";
import { actorFrom, auditAuthEvent } from "./audit";
import { auditRefusal } from "./refusals";
import { clearSignInAttempts, releaseSignInAttempt } from "./sign-in-limit";

// The second step of sign-in. better-auth allows 5 codes per challenge, and a password holder can start a new
// challenge at once; its own account lock is checked before a code is counted, so parallel challenges could
// try more than its limit. Here, as for passwords (lib/server/auth/sign-in-limit.ts), each code is RESERVED
// in the database by one atomic statement before better-auth checks it: ten wrong codes per account, across
// challenges, factors (app code or recovery code) and instances, lock two-factor sign-in for 15 minutes, and
// only a correct code (never a correct password) clears the count. better-auth's own lock is off
// (lib/server/auth/config.ts) so that no code is counted twice. The count lives in better-auth's own columns
// of auth_two_factor (failed_verification_count, locked_until).
//
// The audit follows the steps: the password step of a two-factor account is "auth.password_verified"
// (two-factor pending), each wrong code "auth.two_factor_failed" with the account, the lock once when it
// starts, and only the step that creates the session "auth.signed_in".
export const TWO_FACTOR_MAX_FAILURES = 10;
export const TWO_FACTOR_LOCK_MS = 15 * 60_000;

const VERIFY_PATHS = new Set(["/two-factor/verify-totp", "/two-factor/verify-backup-code"]);
const WRONG_CODES = new Set(["INVALID_CODE", "INVALID_BACKUP_CODE"]);

export type TwoFactorReservation =
  { state: "reserved"; attempts: number } | { state: "locked"; until: Date } | { state: "not_enrolled" };

/** Reserves one code for `userId`: refused while locked, or when ten are already counted. */
export async function reserveTwoFactorAttempt(
  db: Db,
  userId: string,
  now = new Date(),
): Promise<TwoFactorReservation> {
  const lockEnd = new Date(now.getTime() + TWO_FACTOR_LOCK_MS);
  // A lock that is over starts the count afresh; the reservation that reaches the limit starts the lock (a
  // correct code then clears it, a reservation given back lifts it).
  const { rows } = await db.execute<{ attempts: number }>(sql`
    update auth_two_factor set
      failed_verification_count = case when locked_until <= ${now} then 1
        else failed_verification_count + 1 end,
      locked_until = case when (case when locked_until <= ${now} then 1
        else failed_verification_count + 1 end) >= ${TWO_FACTOR_MAX_FAILURES} then ${lockEnd}::timestamptz else null end
    where user_id = ${userId} and (locked_until is null or locked_until <= ${now})
    returning failed_verification_count as attempts`);
  const attempts = rows[0] ? Number(rows[0].attempts) : null;
  if (attempts !== null && attempts <= TWO_FACTOR_MAX_FAILURES) return { state: "reserved", attempts };
  const { rows: held } = await db.execute<{ locked_until: string | Date | null }>(sql`
    select locked_until from auth_two_factor where user_id = ${userId} limit 1`);
  if (!held[0]) return { state: "not_enrolled" };
  return { state: "locked", until: new Date(held[0].locked_until ?? lockEnd) };
}

/** Gives a reservation back: the attempt ended without saying whether the code was right. */
export async function releaseTwoFactorAttempt(db: Db, userId: string): Promise<void> {
  await db.execute(sql`
    update auth_two_factor set
      failed_verification_count = greatest(failed_verification_count - 1, 0),
      locked_until = case when failed_verification_count - 1 < ${TWO_FACTOR_MAX_FAILURES} then null
        else locked_until end
    where user_id = ${userId}`);
}

/** A correct code starts the account's count afresh and lifts its lock. */
export async function clearTwoFactorAttempts(db: Db, userId: string): Promise<void> {
  await db.execute(sql`
    update auth_two_factor set failed_verification_count = 0, locked_until = null where user_id = ${userId}`);
}

type Held = { userId: string; email: string; attempts: number };

// The reservation of the request being served, for its after hook.
const held = new WeakMap<object, Held>();
const keyOf = (ctx: { request?: Request | undefined; headers?: Headers | undefined }) =>
  ctx.request ?? ctx.headers;

function errorCode(returned: unknown): string | null {
  if (!isAPIError(returned)) return null;
  const code = (returned.body as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : String(returned.statusCode);
}

const factorOf = (path: string) => (path === "/two-factor/verify-backup-code" ? "recovery code" : "totp");

export function twoFactorSignIn() {
  return {
    id: "console-two-factor-sign-in",
    hooks: {
      before: [
        {
          matcher: (ctx) => VERIFY_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            // With a session this is enrolment or a check by the signed-in user, not sign-in: not counted
            // (better-auth counts only sign-in codes too).
            if (await getSessionFromCtx(ctx).catch(() => null)) return;
            const cookie = ctx.context.createAuthCookie("two_factor");
            const challenge = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
            if (!challenge) return;
            const verification = await ctx.context.internalAdapter.findVerificationValue(challenge);
            if (!verification) return;
            const user = await ctx.context.internalAdapter.findUserById(verification.value);
            const k = keyOf(ctx);
            if (!user || !k) return;
            const db = await getDb();
            const reserved = await reserveTwoFactorAttempt(db, user.id);
            if (reserved.state === "not_enrolled") return;
            if (reserved.state === "locked") {
              // Refusals while locked are tallied (at most two rows per caller and minute): the lock itself
              // was audited when it started.
              await auditRefusal(actorFrom(ctx.headers ?? new Headers(), null), {
                detail: `POST /api/auth${ctx.path}: two-factor sign-in for ${user.email} is locked (${TWO_FACTOR_MAX_FAILURES} wrong codes); the code was not checked`,
              });
              throw APIError.from("TOO_MANY_REQUESTS", {
                code: "ACCOUNT_TEMPORARILY_LOCKED",
                message: "Too many wrong codes: two-factor sign-in is locked for 15 minutes.",
              });
            }
            held.set(k, { userId: user.id, email: user.email, attempts: reserved.attempts });
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/sign-in/email",
          // Runs after better-auth's two-factor hook (this plugin comes after it in lib/server/auth/config.ts):
          // a password step that still needs a code has no new session by now.
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (isAPIError(returned)) return; // audited and counted by noteSignInFailure
            const raw = (ctx.body as { email?: unknown } | null)?.email;
            if (typeof raw !== "string") return;
            const email = raw.trim().toLowerCase(); // the key lib/server/auth/sign-in-limit.ts counts under
            const headers = ctx.headers ?? new Headers();
            const db = await getDb();
            const session = ctx.context.newSession;
            if (session) {
              await clearSignInAttempts(db, email);
              await auditAuthEvent(actorFrom(headers, session.user), {
                action: "auth.signed_in",
                outcome: "success",
              });
              return;
            }
            if ((returned as { twoFactorRedirect?: unknown } | null)?.twoFactorRedirect !== true) return;
            // The right password is not a sign-in: the password limit gets its reservation back but keeps the
            // failures counted before it, and the two-factor count is not touched.
            await releaseSignInAttempt(db, email);
            await auditAuthEvent(actorFrom(headers, null), {
              action: "auth.password_verified",
              outcome: "success",
              targetEmail: email,
              detail: "two-factor code pending",
            });
          }),
        },
        {
          matcher: (ctx) => VERIFY_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const k = keyOf(ctx);
            const mine = k ? held.get(k) : undefined;
            if (!mine || !k) return;
            held.delete(k);
            const headers = ctx.headers ?? new Headers();
            const db = await getDb();
            const code = errorCode(ctx.context.returned);
            const factor = factorOf(ctx.path);
            if (code === null && ctx.context.newSession) {
              await clearTwoFactorAttempts(db, mine.userId);
              await clearSignInAttempts(db, mine.email.toLowerCase());
              await auditAuthEvent(actorFrom(headers, ctx.context.newSession.user), {
                action: "auth.signed_in",
                outcome: "success",
                detail: factor,
              });
              return;
            }
            if (code === null || !WRONG_CODES.has(code)) {
              await releaseTwoFactorAttempt(db, mine.userId);
              return;
            }
            const actor = actorFrom(headers, null);
            await auditAuthEvent(actor, {
              action: "auth.two_factor_failed",
              outcome: "failure",
              targetEmail: mine.email,
              detail: `wrong ${factor === "totp" ? "app code" : factor} (${mine.attempts} of ${TWO_FACTOR_MAX_FAILURES} before a 15-minute lock)`,
            });
            if (mine.attempts >= TWO_FACTOR_MAX_FAILURES) {
              await auditAuthEvent(actor, {
                action: "auth.two_factor_failed",
                outcome: "refused",
                targetEmail: mine.email,
                detail: `two-factor sign-in locked for 15 minutes after ${TWO_FACTOR_MAX_FAILURES} wrong codes`,
              });
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
