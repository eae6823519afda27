import { z } from "zod";
import {
  orgRolesInputSchema,
  projectRolesInputSchema,
  projectRolesSchema,
  refineDistinctProjects,
  teamIdsInputSchema,
} from "./grants";
import { atlasIdSchema } from "./ids";
import { plainTextSchema } from "./text";

// Onboarding presets: a named set of grants per org ("Data engineer"), applied in the invite form and by bulk
// runs. One input schema, read by the presets form (components/presets/preset-form-dialog.tsx) and the route
// handlers (app/api/orgs/[orgId]/presets/**); the grant fields are those of lib/schemas/grants.ts.

/** Preset ids are chosen by the console (lib/server/presets/create.ts): a UUID. */
export const presetIdSchema = z.uuid("not a preset id");
export const presetParamsSchema = z.object({ orgId: atlasIdSchema, presetId: presetIdSchema });

export const PRESET_NAME_MAX = 80;
export const PRESET_DESCRIPTION_MAX = 500;

/**
 * What an admin saves (POST and PATCH: PATCH replaces the whole preset). `isDefault` left out keeps the default
 * where it is on PATCH and means "not the default" on POST.
 */
export const presetInputSchema = z
  .object({
    name: plainTextSchema()
      .trim()
      .min(1, "Enter a name")
      .max(PRESET_NAME_MAX, `At most ${PRESET_NAME_MAX} characters`),
    description: plainTextSchema()
      .trim()
      .max(PRESET_DESCRIPTION_MAX, `At most ${PRESET_DESCRIPTION_MAX} characters`)
      .default(""),
    orgRoles: orgRolesInputSchema,
    teamIds: teamIdsInputSchema.default([]),
    projectRoles: projectRolesInputSchema.default([]),
    isDefault: z.boolean().optional(),
  })
  .superRefine(refineDistinctProjects);
export type PresetInput = z.output<typeof presetInputSchema>;
export type PresetFormValues = z.input<typeof presetInputSchema>;

/** A preset as the API answers it; `stale` names, in words, each team or project it lists that is gone. */
export const presetSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  orgRoles: z.array(z.string()),
  teamIds: z.array(z.string()),
  projectRoles: z.array(projectRolesSchema),
  isDefault: z.boolean(),
  stale: z.array(z.string()),
  updatedAt: z.string(),
});
export type Preset = z.infer<typeof presetSchema>;

export const presetListSchema = z.object({ presets: z.array(presetSchema) });
export type PresetList = z.infer<typeof presetListSchema>;

export const presetResponseSchema = z.object({ preset: presetSchema });
