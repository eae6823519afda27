import { createUserSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { auditAuthEvent } from "@/lib/server/auth/audit";
import { createConsoleUser, listConsoleUsers, setPasswordPath } from "@/lib/server/auth/users";

/** The console's own origin as the browser addressed it (for the one-time link shown to the admin). */
const originOf = (req: Request, url: URL) => `${url.protocol}//${req.headers.get("host") ?? url.host}`;

export const GET = withConsole({ action: "users.manage" }, async () => {
  return { body: { users: await listConsoleUsers() } };
});

export const POST = withConsole(
  { action: "users.manage", body: createUserSchema },
  async ({ body, actor, req, url }) => {
    const { user, setPasswordToken } = await createConsoleUser(body);
    await auditAuthEvent(actor, {
      action: "user.created",
      outcome: "success",
      targetEmail: user.email,
      detail: `role ${user.role}`,
    });
    const setPasswordUrl = setPasswordToken
      ? `${originOf(req, url)}${setPasswordPath(setPasswordToken)}`
      : null;
    return { status: 201, body: { user, setPasswordUrl } };
  },
);
