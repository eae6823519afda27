import { leaverParamsSchema } from "@/lib/schemas/provisioning";
import { withConsole } from "@/lib/server/api/with-console";
import { removeDirectoryLeaver } from "@/lib/server/provisioning/members";

/** POST /api/orgs/{orgId}/provisioning/leavers/{scimUserId}/remove — an admin removes a person who left the directory. */
export const POST = withConsole(
  { action: "provisioning.manage", sessionOnly: true, params: leaverParamsSchema },
  async ({ params, actor }) => ({
    body: await removeDirectoryLeaver({ orgId: params.orgId, scimUserId: params.scimUserId, actor }),
  }),
);
