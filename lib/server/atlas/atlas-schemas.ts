import "server-only";
import { z } from "zod";

// What the console reads from Atlas answers; unknown fields pass through untouched.
const id = z.string().regex(/^[a-f0-9]{24}$/);

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.looseObject({ results: z.array(item), totalCount: z.number().int().nonnegative().optional() });

export const orgSchema = z.looseObject({ id, name: z.string(), isDeleted: z.boolean().optional() });
export const teamSchema = z.looseObject({ id, name: z.string() });
export const projectSchema = z.looseObject({ id, name: z.string(), orgId: id });

export const legacyInvitationSchema = z.looseObject({
  id,
  username: z.string(),
  roles: z.array(z.string()).default([]),
  teamIds: z.array(z.string()).default([]),
  groupRoleAssignments: z.array(z.looseObject({ groupId: id, groupRole: z.string() })).default([]),
  inviterUsername: z.string().nullish(),
  createdAt: z.string(),
  expiresAt: z.string().nullish(),
});

export const orgUserSchema = z.looseObject({
  id,
  username: z.string(),
  orgMembershipStatus: z.enum(["PENDING", "ACTIVE", "INVITATION_EXPIRED", "INVITATION_REJECTED"]),
  roles: z.looseObject({
    orgRoles: z.array(z.string()).default([]),
    groupRoleAssignments: z
      .array(z.looseObject({ groupId: id, groupRoles: z.array(z.string()) }))
      .default([]),
  }),
  teamIds: z.array(z.string()).default([]),
  inviterUsername: z.string().nullish(),
  invitationCreatedAt: z.string().nullish(),
  invitationExpiresAt: z.string().nullish(),
});

export const projectInvitationSchema = z.looseObject({
  id,
  groupId: id,
  username: z.string(),
  roles: z.array(z.string()).default([]),
  inviterUsername: z.string().nullish(),
  createdAt: z.string(),
  expiresAt: z.string().nullish(),
});

/** One value of a rate-limit endpoint set: the one applied, and the default when an override is in force. */
const rateLimitValueSchema = z.looseObject({
  value: z.number().int().nonnegative(),
  defaultValue: z.number().int().nullish(),
});

/** listRateLimits / getRateLimit (2025-03-12): one endpoint set and the endpoints that share its bucket. */
export const rateLimitEndpointSetSchema = z.looseObject({
  endpointSetId: z.string(),
  endpointSetName: z.string(),
  scope: z.string(),
  capacity: rateLimitValueSchema,
  refillRate: rateLimitValueSchema,
  refillDurationSeconds: rateLimitValueSchema,
  endpoints: z.array(z.looseObject({ method: z.string(), path: z.string() })).default([]),
});

export type LegacyInvitation = z.infer<typeof legacyInvitationSchema>;
export type OrgUser = z.infer<typeof orgUserSchema>;
export type ProjectInvitation = z.infer<typeof projectInvitationSchema>;
export type RateLimitEndpointSet = z.infer<typeof rateLimitEndpointSetSchema>;
