import { withConsole } from "@/lib/server/api/with-console";
import { listAllTokens } from "@/lib/server/tokens/tokens";

/** GET /api/tokens — every console user's API tokens, with their owners (admins). */
export const GET = withConsole({ action: "users.manage", sessionOnly: true }, async () => ({
  body: { tokens: await listAllTokens() },
}));
