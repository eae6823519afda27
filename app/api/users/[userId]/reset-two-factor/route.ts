import { userParamsSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { auditAuthEvent } from "@/lib/server/auth/audit";
import { resetTwoFactor } from "@/lib/server/auth/users";

/** Erase a user's TOTP secret and recovery codes and end their sessions: they set up two-factor again. */
export const POST = withConsole(
  { action: "users.manage", params: userParamsSchema },
  async ({ params, user: me, actor }) => {
    const user = await resetTwoFactor(me.id, params.userId);
    await auditAuthEvent(actor, {
      action: "user.two_factor_reset",
      outcome: "success",
      targetEmail: user.email,
    });
    return { body: { user } };
  },
);
