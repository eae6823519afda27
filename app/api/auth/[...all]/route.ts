import { refuseNulInAuthInput } from "@/lib/server/api/auth-input";
import { authReady } from "@/lib/server/auth";
import { endedSessionAnswer, withoutSessionTokens } from "@/lib/server/auth/auth-route-session";
import { forgetCallerSessions } from "@/lib/server/auth/session";

// better-auth's own endpoints (sign-in, sign-out, two-factor, SSO callback). Public sign-up, password-reset
// e-mails, impersonation and /sso/register do not exist here (see lib/server/auth/config.ts).
async function handle(req: Request): Promise<Response> {
  // A NUL in any field is a 400 naming it (PostgreSQL cannot hold one: it was a 500).
  const refused = await refuseNulInAuthInput(req);
  if (refused) return refused;
  const auth = await authReady();
  // The console's session rule (idle limit included) before better-auth's own.
  const authPath = new URL(req.url).pathname.replace(/^\/api\/auth/, "");
  const ended = await endedSessionAnswer(req, authPath);
  if (ended) return ended;
  const answer = await auth.handler(req);
  // Sign-out, revoke-session(s), two-factor and password changes: the caller's cached sessions end here now.
  if (req.method === "POST") await forgetCallerSessions(req.headers);
  const res = await withoutSessionTokens(answer);
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", "no-store");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

export const GET = handle;
export const POST = handle;
