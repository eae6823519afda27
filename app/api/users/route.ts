import { createUserSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { listConsoleUsers } from "@/lib/server/console-users/list-console-users";
import { addConsoleUser } from "@/lib/server/console-users/create-console-user";

export const GET = withConsole({ action: "users.manage", sessionOnly: true }, async () => {
  return { body: { users: await listConsoleUsers() } };
});

export const POST = withConsole(
  { action: "users.manage", sessionOnly: true, body: createUserSchema },
  async ({ body, actor, req, url }) => ({
    status: 201,
    body: await addConsoleUser({ actor, input: body, link: { req, url } }),
  }),
);
