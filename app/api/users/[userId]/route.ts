import { updateUserSchema, userParamsSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { auditAuthEvent } from "@/lib/server/auth/audit";
import { updateConsoleUser } from "@/lib/server/auth/users";

/** Change a console user's role and/or deactivate (their sessions end at once) or reactivate them. */
export const PATCH = withConsole(
  { action: "users.manage", params: userParamsSchema, body: updateUserSchema },
  async ({ params, body, user: me, actor }) => {
    const { before, user } = await updateConsoleUser(me.id, params.userId, body);
    if (body.role && body.role !== before.role) {
      await auditAuthEvent(actor, {
        action: "user.role_changed",
        outcome: "success",
        targetEmail: user.email,
        detail: `${before.role} → ${body.role}`,
      });
    }
    if (body.active !== undefined && body.active !== before.active) {
      await auditAuthEvent(actor, {
        action: body.active ? "user.reactivated" : "user.deactivated",
        outcome: "success",
        targetEmail: user.email,
      });
    }
    return { body: { user } };
  },
);
