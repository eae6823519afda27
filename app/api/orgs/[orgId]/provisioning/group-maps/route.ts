import { orgParamsSchema } from "@/lib/schemas/params";
import { deleteGroupMapSchema, putGroupMapSchema } from "@/lib/schemas/provisioning";
import { withConsole } from "@/lib/server/api/with-console";
import { deleteGroupMap, putGroupMap } from "@/lib/server/provisioning/settings";

// The group name travels in the body, not the path: directory group names hold any character ("/" and "%"
// included), and a path segment would have to survive encoding through every proxy.

/** PUT /api/orgs/{orgId}/provisioning/group-maps — maps a directory group (any case) to one of the org's presets. */
export const PUT = withConsole(
  { action: "provisioning.manage", sessionOnly: true, params: orgParamsSchema, body: putGroupMapSchema },
  async ({ params, body, actor }) => ({
    body: { groupMap: await putGroupMap({ orgId: params.orgId, ...body, actor }) },
  }),
);

/** DELETE /api/orgs/{orgId}/provisioning/group-maps — removes a group's map. */
export const DELETE = withConsole(
  { action: "provisioning.manage", sessionOnly: true, params: orgParamsSchema, body: deleteGroupMapSchema },
  async ({ params, body, actor }) => {
    await deleteGroupMap({ orgId: params.orgId, groupName: body.groupName, actor });
    return { status: 204 };
  },
);
