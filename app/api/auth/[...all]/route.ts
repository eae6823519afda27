import { authReady } from "@/lib/server/auth";

// better-auth's own endpoints (sign-in, sign-out, two-factor, SSO callback). Public sign-up, password-reset
// e-mails, impersonation and /sso/register do not exist here (see lib/server/auth/config.ts).
async function handle(req: Request): Promise<Response> {
  const auth = await authReady();
  const res = await auth.handler(req);
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", "no-store");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

export const GET = handle;
export const POST = handle;
