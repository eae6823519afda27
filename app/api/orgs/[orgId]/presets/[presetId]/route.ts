import { presetInputSchema, presetParamsSchema } from "@/lib/schemas/presets";
import { withConsole } from "@/lib/server/api/with-console";
import { deletePreset } from "@/lib/server/presets/delete";
import { updatePreset } from "@/lib/server/presets/update";

/** Replaces the preset (the body is the whole preset, as on POST). */
export const PATCH = withConsole(
  { action: "presets.manage", params: presetParamsSchema, body: presetInputSchema },
  async ({ params, body, actor }) => ({
    body: {
      preset: await updatePreset({ actor, orgId: params.orgId, presetId: params.presetId, input: body }),
    },
  }),
);

export const DELETE = withConsole(
  { action: "presets.manage", params: presetParamsSchema },
  async ({ params, actor }) => {
    await deletePreset({ actor, orgId: params.orgId, presetId: params.presetId });
    return { status: 204 };
  },
);
