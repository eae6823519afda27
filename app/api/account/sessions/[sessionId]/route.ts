import { sessionIdParamsSchema } from "@/lib/schemas/account";
import { revokeOwnSession } from "@/lib/server/account/sessions";
import { withConsole } from "@/lib/server/api/with-console";
import { HttpError } from "@/lib/server/api/errors";
import { getConsoleSession } from "@/lib/server/auth/session";

/** DELETE /api/account/sessions/{sessionId} — ends one of the caller's other sessions (audited). */
export const DELETE = withConsole(
  { action: "account.manage", sessionOnly: true, params: sessionIdParamsSchema },
  async ({ req, params, actor, user }) => {
    const current = await getConsoleSession(req.headers);
    if (!current) throw new HttpError({ code: "unauthorized", message: "Sign in again." });
    await revokeOwnSession({
      actor: { ...actor, userId: user.id },
      currentId: current.session.id,
      sessionId: params.sessionId,
    });
    return { status: 204 };
  },
);
