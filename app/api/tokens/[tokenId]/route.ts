import { tokenParamsSchema } from "@/lib/schemas/tokens";
import { withConsole } from "@/lib/server/api/with-console";
import { revokeAnyToken } from "@/lib/server/tokens/tokens";

/** DELETE /api/tokens/{tokenId} — an admin revokes anyone's token. */
export const DELETE = withConsole(
  { action: "users.manage", sessionOnly: true, params: tokenParamsSchema },
  async ({ params, actor }) => {
    await revokeAnyToken({ tokenId: params.tokenId, actor });
    return { status: 204 };
  },
);
