import { userParamsSchema } from "@/lib/schemas/users";
import { withConsole } from "@/lib/server/api/with-console";
import { issueSetPasswordLink } from "@/lib/server/console-users/set-password-link";

/** A fresh one-time link (24 h) for a user who lost theirs or forgot their password: e-mailed or answered. */
export const POST = withConsole(
  { action: "users.manage", sessionOnly: true, params: userParamsSchema },
  async ({ params, actor, req, url }) => ({
    status: 201,
    body: await issueSetPasswordLink({ actor, userId: params.userId, link: { req, url } }),
  }),
);
