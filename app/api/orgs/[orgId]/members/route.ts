import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listMembers } from "@/lib/server/invitations/list-members";

// Who may invite may know who is already in the org (the invite form's check before Send).
export const GET = withConsole(
  { action: "invitations.create", params: orgParamsSchema },
  async ({ params }) => ({
    body: await listMembers(params.orgId),
  }),
);
