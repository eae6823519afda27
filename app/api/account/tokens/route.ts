import { createTokenSchema } from "@/lib/schemas/tokens";
import { withConsole } from "@/lib/server/api/with-console";
import { createToken, listOwnTokens } from "@/lib/server/tokens/tokens";

/** GET /api/account/tokens — the caller's own API tokens (never their secrets). */
export const GET = withConsole({ action: "account.manage", sessionOnly: true }, async ({ user }) => ({
  body: { tokens: await listOwnTokens(user.id) },
}));

/** POST /api/account/tokens — a new token; its secret is in this answer only. */
export const POST = withConsole(
  { action: "account.manage", sessionOnly: true, body: createTokenSchema },
  async ({ user, body, actor }) => ({ status: 201, body: await createToken({ user, input: body, actor }) }),
);
