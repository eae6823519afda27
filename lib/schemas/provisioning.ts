import { z } from "zod";
import { atlasIdSchema } from "./ids";
import { plainTextSchema } from "./text";

// Provisioning from the identity provider (docs/provisioning.md): what the org's Provisioning page sends and
// reads at /api/orgs/{orgId}/provisioning/**. One schema per input, read by the page's forms
// (components/provisioning/*) and by the route handlers.

export const PROVISIONING_TOKEN_NAME_MAX = 60;
export const GROUP_NAME_MAX = 256;

export const createProvisioningTokenSchema = z.object({
  name: plainTextSchema()
    .trim()
    .min(1, "Name the token (the identity provider that will use it, e.g. okta).")
    .max(PROVISIONING_TOKEN_NAME_MAX, `At most ${PROVISIONING_TOKEN_NAME_MAX} characters.`),
});
export type CreateProvisioningTokenInput = z.input<typeof createProvisioningTokenSchema>;

export const provisioningTokenParamsSchema = z.object({
  orgId: atlasIdSchema,
  tokenId: z.uuid("not a token id"),
});

export const provisioningTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the secret ("icp_AbCd"), enough to recognise it, never to use it. */
  prefix: z.string(),
  createdAt: z.string(),
  createdByEmail: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.string().nullable(),
  state: z.enum(["active", "revoked"]),
});
export type ProvisioningTokenView = z.infer<typeof provisioningTokenViewSchema>;

export const provisioningTokenListSchema = z.object({ tokens: z.array(provisioningTokenViewSchema) });

/** The answer of POST …/provisioning/tokens: the one time the secret is shown. */
export const createdProvisioningTokenSchema = z.object({
  token: provisioningTokenViewSchema,
  secret: z.string(),
});
export type CreatedProvisioningToken = z.infer<typeof createdProvisioningTokenSchema>;

export const DEPROVISION_MODES = ["never", "approval", "always"] as const;
export type DeprovisionMode = (typeof DEPROVISION_MODES)[number];

export const provisioningSettingsSchema = z.object({
  deprovision: z.enum(DEPROVISION_MODES, "Choose never, approval or always."),
});
export type ProvisioningSettings = z.infer<typeof provisioningSettingsSchema>;

const groupNameSchema = plainTextSchema()
  .trim()
  .min(1, "Enter the group's name as the identity provider sends it.")
  .max(GROUP_NAME_MAX, `At most ${GROUP_NAME_MAX} characters.`);

export const putGroupMapSchema = z.object({
  groupName: groupNameSchema,
  presetId: z.uuid("Choose one of the org's presets."),
});
export type PutGroupMapInput = z.input<typeof putGroupMapSchema>;

export const deleteGroupMapSchema = z.object({ groupName: groupNameSchema });
export type DeleteGroupMapInput = z.input<typeof deleteGroupMapSchema>;

export const groupMapViewSchema = z.object({
  groupName: z.string(),
  presetId: z.string(),
  /** null: the preset was deleted since (the map then applies nothing). */
  presetName: z.string().nullable(),
  createdAt: z.string(),
});
export type GroupMapView = z.infer<typeof groupMapViewSchema>;
export const groupMapListSchema = z.object({ groupMaps: z.array(groupMapViewSchema) });
export const groupMapResponseSchema = z.object({ groupMap: groupMapViewSchema });
export const provisioningSettingsResponseSchema = z.object({ settings: provisioningSettingsSchema });
export const revokedProvisioningTokenSchema = z.object({ token: provisioningTokenViewSchema });

/** A directory user's id as the console made it (the SCIM resource id). */
export const scimUserIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "not a directory user id");
export const leaverParamsSchema = z.object({ orgId: atlasIdSchema, scimUserId: scimUserIdSchema });

export const removedLeaverSchema = z.object({ removed: z.literal(true) });

export const SCIM_ATLAS_STATES = [
  "none",
  "queued",
  "pending",
  "member",
  "cancelled",
  "removed",
  "held",
  "refused",
  "failed",
] as const;

export const provisioningOverviewSchema = z.object({
  settings: provisioningSettingsSchema,
  tokens: z.array(provisioningTokenViewSchema),
  groupMaps: z.array(groupMapViewSchema),
  groups: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      members: z.number(),
      /** The preset the group applies: the mapped one, else one named like the group; null: none. */
      presetName: z.string().nullable(),
      mapped: z.boolean(),
    }),
  ),
  /** Names of directory groups that apply no preset (their members get the org's default). */
  unmappedGroups: z.array(z.string()),
  counts: z.object({
    users: z.number(),
    active: z.number(),
    pending: z.number(),
    queued: z.number(),
    members: z.number(),
    held: z.number(),
    refused: z.number(),
    failed: z.number(),
  }),
  attention: z.array(
    z.object({
      scimUserId: z.string(),
      userName: z.string(),
      /** `left` (deactivated or deleted in the directory, still a member), `roles`, …. */
      attention: z.string(),
      detail: z.string().nullable(),
      atlasState: z.enum(SCIM_ATLAS_STATES),
      updatedAt: z.string(),
    }),
  ),
  recentRequests: z.array(
    z.object({
      method: z.string(),
      path: z.string(),
      status: z.number(),
      outcome: z.string().nullable(),
      tokenName: z.string().nullable(),
      ms: z.number(),
      at: z.string(),
    }),
  ),
});
export type ProvisioningOverview = z.infer<typeof provisioningOverviewSchema>;

/** GET /api/orgs/{orgId}/provisioning. */
export const provisioningPageSchema = z.object({
  overview: provisioningOverviewSchema,
  /** What the identity provider is given as the SCIM base URL. */
  baseUrl: z.string(),
});
export type ProvisioningPage = z.infer<typeof provisioningPageSchema>;
