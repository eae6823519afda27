import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import type { Role } from "@/lib/permissions";
import { hasPasswordAccount, mustKeepTotp } from "../account/facts";
import { getDb } from "../db";
import { actorFrom, auditAuthEvent } from "./audit";

// Self-service on better-auth's own endpoints (the Account page calls them through
// lib/api-client/auth/mutations.ts): each change is audited here, whichever client called the endpoint, and the
// rule that password admins keep their second factor is enforced here too (the page only mirrors it).

type Who = { user: { id: string; email: string; role: Role; twoFactorEnabled: boolean } };

const AUDITED = new Set([
  "/change-password",
  "/two-factor/verify-totp",
  "/two-factor/disable",
  "/two-factor/generate-backup-codes",
  "/revoke-session",
  "/revoke-sessions",
  "/revoke-other-sessions",
]);

// The signed-in user as the request began (changing a password or the second factor replaces the session,
// so the after hook could not read it any more), keyed by the request being served.
const before = new WeakMap<object, Who>();

function key(ctx: { request?: Request | undefined; headers?: Headers | undefined }): object | undefined {
  return ctx.request ?? ctx.headers;
}

function errorCode(returned: unknown): string {
  if (!isAPIError(returned)) return "error";
  const body = returned.body as { code?: unknown } | undefined;
  return typeof body?.code === "string" ? body.code : String(returned.statusCode);
}

export function accountAudit() {
  return {
    id: "console-account-audit",
    hooks: {
      before: [
        {
          matcher: (ctx) => AUDITED.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const current = await getSessionFromCtx(ctx).catch(() => null);
            const k = key(ctx);
            if (!current || !k) return;
            const who = current.user as unknown as Who["user"];
            before.set(k, { user: who });
            if (ctx.path === "/two-factor/disable") {
              const db = await getDb();
              if (mustKeepTotp(who, await hasPasswordAccount(db, who.id))) {
                await auditAuthEvent(actorFrom(ctx.headers ?? new Headers(), who), {
                  action: "auth.two_factor_disabled",
                  outcome: "refused",
                  targetEmail: who.email,
                  detail: "admins who sign in with a password must keep two-factor authentication",
                });
                throw new APIError("FORBIDDEN", {
                  code: "TOTP_REQUIRED",
                  message:
                    "Admins who sign in with a password must keep two-factor authentication. " +
                    "To change devices, turn it on again with the new one.",
                });
              }
            }
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => AUDITED.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const k = key(ctx);
            const who = k ? before.get(k) : undefined;
            if (!who) return;
            if (k) before.delete(k);
            const returned = ctx.context.returned;
            const failed = isAPIError(returned);
            const actor = actorFrom(ctx.headers ?? new Headers(), who.user);
            const target = { targetEmail: who.user.email };
            const body = (ctx.body ?? {}) as { revokeOtherSessions?: unknown };
            switch (ctx.path) {
              case "/change-password":
                await auditAuthEvent(actor, {
                  action: "auth.password_changed",
                  outcome: failed ? "failure" : "success",
                  ...target,
                  detail: failed
                    ? errorCode(returned)
                    : body.revokeOtherSessions === true
                      ? "other sessions ended"
                      : null,
                });
                return;
              case "/two-factor/verify-totp":
                // Only the code that completes enrolment turns TOTP on; codes typed while enrolling are not rows.
                if (!failed && !who.user.twoFactorEnabled) {
                  await auditAuthEvent(actor, {
                    action: "auth.two_factor_enabled",
                    outcome: "success",
                    ...target,
                  });
                }
                return;
              case "/two-factor/disable":
                await auditAuthEvent(actor, {
                  action: "auth.two_factor_disabled",
                  outcome: failed ? "failure" : "success",
                  ...target,
                  detail: failed ? errorCode(returned) : null,
                });
                return;
              case "/two-factor/generate-backup-codes":
                await auditAuthEvent(actor, {
                  action: "auth.recovery_codes_regenerated",
                  outcome: failed ? "failure" : "success",
                  ...target,
                  detail: failed ? errorCode(returned) : null,
                });
                return;
              default:
                if (failed) return;
                await auditAuthEvent(actor, {
                  action: "auth.session_revoked",
                  outcome: "success",
                  ...target,
                  detail: ctx.path === "/revoke-session" ? "one session" : "all other sessions",
                });
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
