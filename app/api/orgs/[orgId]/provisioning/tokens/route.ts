import { orgParamsSchema } from "@/lib/schemas/params";
import { createProvisioningTokenSchema } from "@/lib/schemas/provisioning";
import { withConsole } from "@/lib/server/api/with-console";
import { createProvisioningToken, listProvisioningTokens } from "@/lib/server/provisioning/tokens";

/** GET /api/orgs/{orgId}/provisioning/tokens — the org's provisioning tokens (never their secrets). */
export const GET = withConsole(
  { action: "provisioning.manage", sessionOnly: true, params: orgParamsSchema },
  async ({ params }) => ({ body: { tokens: await listProvisioningTokens(params.orgId) } }),
);

/** POST /api/orgs/{orgId}/provisioning/tokens — a new token for an identity provider; its secret is in this answer only. */
export const POST = withConsole(
  {
    action: "provisioning.manage",
    sessionOnly: true,
    params: orgParamsSchema,
    body: createProvisioningTokenSchema,
  },
  async ({ params, body, actor }) => ({
    status: 201,
    body: await createProvisioningToken({ orgId: params.orgId, name: body.name, actor }),
  }),
);
