import "server-only";
import { isHttps, sessionLimits } from "./settings";
import type { SessionEnd } from "./session";
import { lookUpSession, sessionCookie } from "./session";

// better-auth's own endpoints (app/api/auth/[...all]/route.ts) judge a session by its own rules, which know
// nothing of the console's idle limit: the session cookie is first checked here by the same rule as every
// console route and page (lookUpSession → sessionEndReason in lib/server/auth/session.ts), and a session that
// has ended is deleted and answered 401 before better-auth sees it.

/** Endpoints that work without a session: an ended one is deleted and the request goes on as anonymous. */
const WITHOUT_SESSION = [
  /^\/sign-in\//,
  /^\/sign-out$/,
  /^\/reset-password$/,
  /^\/two-factor\/verify-(totp|backup-code)$/,
  /^\/callback\//,
  /^\/(ok|error)$/,
];

function endedMessage(reason: SessionEnd): string {
  switch (reason) {
    case "idle": {
      const minutes = Math.round((sessionLimits().idleSeconds / 60) * 10) / 10;
      return `Your session ended after ${minutes} minute${minutes === 1 ? "" : "s"} without activity. Sign in again.`;
    }
    case "too_old":
    case "expired":
      return "Your session reached its maximum lifetime. Sign in again.";
    case "inactive":
      return "Your account can no longer use the console. Ask an admin.";
  }
}

/**
 * The answer for a request whose session cookie names a session that has just ended (idle, past its lifetime,
 * its user deactivated), or null to let better-auth serve it. A live session's idle window slides here too:
 * using the Account page's endpoints is activity.
 */
export async function endedSessionAnswer(req: Request, authPath: string): Promise<Response | null> {
  const looked = await lookUpSession(req.headers);
  if (looked.state !== "ended") return null;
  if (WITHOUT_SESSION.some((p) => p.test(authPath))) return null;
  const cookie = await sessionCookie();
  const secure = isHttps() ? "; Secure" : "";
  return Response.json(
    { code: "SESSION_EXPIRED", message: endedMessage(looked.reason) },
    {
      status: 401,
      headers: {
        "Cache-Control": "no-store",
        "Set-Cookie": `${cookie.name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`,
      },
    },
  );
}

/** Session tokens never leave the server in a body (the cookie is HttpOnly so that scripts cannot read it). */
export async function withoutSessionTokens(res: Response): Promise<Response> {
  if (!res.headers.get("content-type")?.includes("application/json")) return res;
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, res);
  }
  const strip = (v: unknown): unknown => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return v;
    const { token: _token, ...rest } = v as Record<string, unknown>;
    if (rest.session && typeof rest.session === "object") rest.session = strip(rest.session);
    return rest;
  };
  const stripped = JSON.stringify(Array.isArray(body) ? body.map(strip) : strip(body));
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return new Response(stripped, { status: res.status, statusText: res.statusText, headers });
}
