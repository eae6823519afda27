import { orgParamsSchema } from "@/lib/schemas/params";
import { policyInputSchema } from "@/lib/schemas/policy";
import { withConsole } from "@/lib/server/api/with-console";
import { getPolicy } from "@/lib/server/guardrails/read-policy";
import { updatePolicy } from "@/lib/server/guardrails/update-policy";

export const GET = withConsole({ action: "policy.manage", params: orgParamsSchema }, async ({ params }) => ({
  body: await getPolicy({ orgId: params.orgId }),
}));

export const PUT = withConsole(
  { action: "policy.manage", sessionOnly: true, params: orgParamsSchema, body: policyInputSchema },
  async ({ params, body, actor }) => ({
    body: await updatePolicy({ actor, orgId: params.orgId, policy: body }),
  }),
);
