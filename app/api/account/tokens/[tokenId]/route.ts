import { tokenParamsSchema } from "@/lib/schemas/tokens";
import { withConsole } from "@/lib/server/api/with-console";
import { revokeOwnToken } from "@/lib/server/tokens/tokens";

/** DELETE /api/account/tokens/{tokenId} — revokes one of the caller's own tokens (at once, on every instance). */
export const DELETE = withConsole(
  { action: "account.manage", sessionOnly: true, params: tokenParamsSchema },
  async ({ user, params, actor }) => {
    await revokeOwnToken({ userId: user.id, email: user.email, tokenId: params.tokenId, actor });
    return { status: 204 };
  },
);
