import { userParamsSchema } from "@/lib/schemas/users";
import { HttpError } from "@/lib/server/api/errors";
import { withConsole } from "@/lib/server/api/with-console";
import { auditAuthEvent } from "@/lib/server/auth/audit";
import { createSetPasswordToken, listConsoleUsers, setPasswordUrl } from "@/lib/server/auth/users";

/** A fresh one-time link (24 h) for a user who lost theirs or forgot their password. */
export const POST = withConsole(
  { action: "users.manage", params: userParamsSchema },
  async ({ params, actor, req, url }) => {
    const target = (await listConsoleUsers()).find((u) => u.id === params.userId);
    if (!target) throw new HttpError("not_found", "No such console user.");
    if (!target.active) throw new HttpError("conflict", "Reactivate this user first.");
    const token = await createSetPasswordToken(target.id);
    await auditAuthEvent(actor, {
      action: "user.password_link_created",
      outcome: "success",
      targetEmail: target.email,
    });
    return { status: 201, body: { setPasswordUrl: setPasswordUrl(req, url, token) } };
  },
);
