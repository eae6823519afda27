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

export type LegacyInvitation = z.infer<typeof legacyInvitationSchema>;
export type OrgUser = z.infer<typeof orgUserSchema>;
export type ProjectInvitation = z.infer<typeof projectInvitationSchema>;
