import { orgParamsSchema } from "@/lib/schemas/params";
import { presetInputSchema } from "@/lib/schemas/presets";
import { withConsole } from "@/lib/server/api/with-console";
import { createPreset } from "@/lib/server/presets/create";
import { listPresets } from "@/lib/server/presets/list";

/** The org's presets, each checked against its live teams and projects (anyone who sees invitations). */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params }) => ({
    body: { presets: await listPresets({ orgId: params.orgId }) },
  }),
);

export const POST = withConsole(
  { action: "presets.manage", params: orgParamsSchema, body: presetInputSchema },
  async ({ params, body, actor }) => ({
    status: 201,
    body: { preset: await createPreset({ actor, orgId: params.orgId, input: body }) },
  }),
);
