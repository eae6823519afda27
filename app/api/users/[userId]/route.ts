import { updateUserSchema, userParamsSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { changeConsoleUser } from "@/lib/server/console-users/change-console-user";

/** Change a console user's role and/or deactivate (their sessions end at once) or reactivate them. */
export const PATCH = withConsole(
  { action: "users.manage", sessionOnly: true, params: userParamsSchema, body: updateUserSchema },
  async ({ params, body, user: me, actor }) => ({
    body: { user: await changeConsoleUser({ actor, actorId: me.id, userId: params.userId, change: body }) },
  }),
);
