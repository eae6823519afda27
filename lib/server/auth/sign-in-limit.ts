import "server-only";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { actorFrom, auditAuthEvent } from "./audit";

// Hooks around better-auth's endpoints: audit rows for sign-in, failed sign-in and sign-out, and a sign-in
// limit per account. better-auth limits sign-in per IP; this adds a limit per account (e-mail), so that guessing one person's
// password from many addresses is slow too: 5 failures in 15 minutes lock that e-mail for the rest of the window.
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES = 5;
const holder = globalThis as unknown as { __signInFailures?: Map<string, number[]> };
const failures = (holder.__signInFailures ??= new Map<string, number[]>());

const recent = (email: string, now: number) => (failures.get(email) ?? []).filter((t) => now - t < WINDOW_MS);

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
  if (recent(email, Date.now()).length >= MAX_FAILURES) {
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
    const now = Date.now();
    if (isAPIError(returned)) {
      if (returned.statusCode === 401) failures.set(email, [...recent(email, now), now]);
      await auditAuthEvent(actorFrom(headers, null), {
        action: "auth.sign_in_failed",
        outcome: "failure",
        targetEmail: email,
        detail: String(returned.body?.code ?? returned.statusCode),
      });
      return;
    }
    failures.delete(email);
    const session = ctx.context.newSession;
    if (session) {
      await auditAuthEvent(actorFrom(headers, session.user), {
        action: "auth.signed_in",
        outcome: "success",
      });
    }
    return;
  }
  if (ctx.path.startsWith("/two-factor/verify") || ctx.path.startsWith("/callback/")) {
    const session = ctx.context.newSession;
    if (session && !isAPIError(returned)) {
      await auditAuthEvent(actorFrom(headers, session.user), {
        action: "auth.signed_in",
        outcome: "success",
        detail: ctx.path.startsWith("/callback/") ? "sso" : "totp",
      });
    }
  }
});
