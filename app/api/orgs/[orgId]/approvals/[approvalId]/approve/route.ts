import { approvalParamsSchema, decisionInputSchema } from "@/lib/schemas/approvals";
import { withConsole } from "@/lib/server/api/with-console";
import { approveApproval } from "@/lib/server/approvals/decide";

export const POST = withConsole(
  { action: "approvals.decide", sessionOnly: true, params: approvalParamsSchema, body: decisionInputSchema },
  async ({ params, body, actor, user }) => {
    const approval = await approveApproval({
      actor,
      role: user.role,
      orgId: params.orgId,
      id: params.approvalId,
      reason: body.reason,
    });
    return { status: approval.status === "sent" ? 201 : 200, body: { approval } };
  },
);
