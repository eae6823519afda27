import { listOwnSessions } from "@/lib/server/account/sessions";
import { withConsole } from "@/lib/server/api/with-console";
import { HttpError } from "@/lib/server/api/errors";
import { getConsoleSession } from "@/lib/server/auth/session";

/** GET /api/account/sessions — the caller's own sessions (never their tokens), the current one marked. */
export const GET = withConsole({ action: "account.manage", sessionOnly: true }, async ({ req, user }) => {
  const current = await getConsoleSession(req.headers);
  if (!current) throw new HttpError({ code: "unauthorized", message: "Sign in again." });
  return { body: { sessions: await listOwnSessions({ userId: user.id, currentId: current.session.id }) } };
});
