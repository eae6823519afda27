import { consoleOrigin } from "@/lib/console-origin";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { env } from "@/lib/server/env";
import { provisioningOverview } from "@/lib/server/provisioning/overview";

/** GET /api/orgs/{orgId}/provisioning — the Provisioning page: overview and the SCIM base URL (admins, sessions). */
export const GET = withConsole(
  { action: "provisioning.manage", sessionOnly: true, params: orgParamsSchema },
  async ({ req, params }) => ({
    body: {
      overview: await provisioningOverview(params.orgId),
      baseUrl: `${consoleOrigin(req, env().CONSOLE_URL)}/scim/v2`,
    },
  }),
);
