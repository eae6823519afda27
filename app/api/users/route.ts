import { createUserSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { auditAuthEvent } from "@/lib/server/auth/audit";
import { createConsoleUser, listConsoleUsers, setPasswordUrl } from "@/lib/server/auth/users";

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
    return {
      status: 201,
      body: { user, setPasswordUrl: setPasswordToken ? setPasswordUrl(req, url, setPasswordToken) : null },
    };
  },
);
