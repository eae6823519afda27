import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { previewOrgDigest } from "@/lib/server/notifications/digest";

/** GET /api/orgs/{orgId}/notifications/digest-preview — admins: the org's next digest, as the job would write it. */
export const GET = withConsole(
  { action: "notifications.manage", params: orgParamsSchema },
  async ({ params }) => ({
    body: await previewOrgDigest({ orgId: params.orgId }),
  }),
);
