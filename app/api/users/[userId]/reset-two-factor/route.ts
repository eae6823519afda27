import { userParamsSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { resetConsoleUserTwoFactor } from "@/lib/server/console-users/reset-two-factor";

/** Erase a user's TOTP secret and recovery codes and end their sessions: they set up two-factor again. */
export const POST = withConsole(
  { action: "users.manage", sessionOnly: true, params: userParamsSchema },
  async ({ params, user: me, actor }) => ({
    body: { user: await resetConsoleUserTwoFactor({ actor, actorId: me.id, userId: params.userId }) },
  }),
);
