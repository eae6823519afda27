import { approvalParamsSchema, decisionInputSchema } from "@/lib/schemas/approvals";
import { withConsole } from "@/lib/server/api/with-console";
import { denyApproval } from "@/lib/server/approvals/decide";

export const POST = withConsole(
  { action: "approvals.decide", sessionOnly: true, params: approvalParamsSchema, body: decisionInputSchema },
  async ({ params, body, actor, user }) => {
    const approval = await denyApproval({
      actor,
      role: user.role,
      orgId: params.orgId,
      id: params.approvalId,
      reason: body.reason,
    });
    return { status: 200, body: { approval } };
  },
);
