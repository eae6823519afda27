import { orgParamsSchema } from "@/lib/schemas/params";
import { provisioningSettingsSchema } from "@/lib/schemas/provisioning";
import { withConsole } from "@/lib/server/api/with-console";
import { updateProvisioningSettings } from "@/lib/server/provisioning/settings";

/** PUT /api/orgs/{orgId}/provisioning/settings — what a member who left the directory loses. */
export const PUT = withConsole(
  {
    action: "provisioning.manage",
    sessionOnly: true,
    params: orgParamsSchema,
    body: provisioningSettingsSchema,
  },
  async ({ params, body, actor }) => ({
    body: {
      settings: await updateProvisioningSettings({
        orgId: params.orgId,
        deprovision: body.deprovision,
        actor,
      }),
    },
  }),
);
