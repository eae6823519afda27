import { z } from "zod";
import { ROLES } from "../permissions";
import { atlasIdSchema } from "./ids";
import { plainTextSchema } from "./text";

// Personal API tokens (docs/api.md): created, listed and revoked by their owner at /api/account/tokens and on
// the Account page; listed and revoked by admins at /api/tokens. The secret is shown once, in the answer of
// the POST, and stored only as a SHA-256 hash.

export const TOKEN_EXPIRY_DAYS = { min: 1, max: 365, default: 90 } as const;
/** Requests a token may make per minute on one console instance (answered with 429 and Retry-After after). */
export const TOKEN_RATE_PER_MINUTE = 120;

export const createTokenSchema = z.object({
  name: plainTextSchema()
    .trim()
    .min(1, "Name the token (what will use it, e.g. hr-sync).")
    .max(60, "At most 60 characters."),
  expiresInDays: z
    .number("Days, as a whole number.")
    .int("Days, as a whole number.")
    .min(TOKEN_EXPIRY_DAYS.min, `At least ${TOKEN_EXPIRY_DAYS.min} day.`)
    .max(TOKEN_EXPIRY_DAYS.max, `At most ${TOKEN_EXPIRY_DAYS.max} days.`)
    .default(TOKEN_EXPIRY_DAYS.default),
  /** At most the owner's role; absent: the owner's role, whatever it becomes. */
  role: z.enum(ROLES).optional(),
  /** Absent or null: every org the owner's role reads. */
  orgIds: z
    .array(atlasIdSchema)
    .min(1, "Name at least one org, or leave the list out for every org.")
    .max(200, "At most 200 orgs.")
    .nullable()
    .optional(),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export const tokenParamsSchema = z.object({ tokenId: z.uuid("not a token id") });

export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The first characters of the secret ("ic_AbCd"), enough to recognise it, never to use it. */
  prefix: z.string(),
  /** The role the token asked for (null: the owner's); `effectiveRole` is what it carries now. */
  role: z.enum(ROLES).nullable(),
  effectiveRole: z.enum(ROLES).nullable(),
  orgIds: z.array(z.string()).nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** active, expired, revoked, or owner_inactive (the owner was deactivated: the token stops). */
  state: z.enum(["active", "expired", "revoked", "owner_inactive"]),
});
export type TokenView = z.infer<typeof tokenViewSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenViewSchema) });

/** The answer of POST /api/account/tokens: the one time the secret is shown. */
export const createdTokenSchema = tokenViewSchema.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

export const adminTokenViewSchema = tokenViewSchema.extend({
  owner: z.object({ id: z.string(), email: z.string(), name: z.string() }),
});
export type AdminTokenView = z.infer<typeof adminTokenViewSchema>;
export const adminTokenListSchema = z.object({ tokens: z.array(adminTokenViewSchema) });
