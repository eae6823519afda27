import { approvalListQuerySchema } from "@/lib/schemas/approvals";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listApprovals } from "@/lib/server/approvals/list";

// Everyone who reads the org's invitations sees what awaits approval (the Pending tab lists it); deciding
// takes approvals.decide (./[approvalId]/approve, ./[approvalId]/deny).
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params, url }) => {
    const { status } = approvalListQuerySchema.parse({ status: url.searchParams.get("status") ?? undefined });
    return { body: await listApprovals({ orgId: params.orgId, status }) };
  },
);
