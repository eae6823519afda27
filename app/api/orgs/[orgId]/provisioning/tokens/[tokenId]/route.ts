import { provisioningTokenParamsSchema } from "@/lib/schemas/provisioning";
import { withConsole } from "@/lib/server/api/with-console";
import { revokeProvisioningToken } from "@/lib/server/provisioning/tokens";

/** DELETE /api/orgs/{orgId}/provisioning/tokens/{tokenId} — revokes the token at once, on every instance. */
export const DELETE = withConsole(
  { action: "provisioning.manage", sessionOnly: true, params: provisioningTokenParamsSchema },
  async ({ params, actor }) => ({
    body: { token: await revokeProvisioningToken({ orgId: params.orgId, tokenId: params.tokenId, actor }) },
  }),
);
