import { z } from "zod";

/** Atlas ids (orgId, groupId, teamId, userId, invitationId): 24 lowercase hex. */
export const ATLAS_ID = /^[a-f0-9]{24}$/;

export const atlasIdSchema = z
  .string()
  .regex(ATLAS_ID, "must be a 24-character lowercase hexadecimal Atlas id");
