import { z } from "zod";
import { atlasIdSchema } from "./ids";

export const orgParamsSchema = z.object({ orgId: atlasIdSchema });
export const invitationParamsSchema = z.object({ orgId: atlasIdSchema, invitationId: atlasIdSchema });

export const orgListSchema = z.object({
  orgs: z.array(z.object({ id: z.string(), name: z.string() })),
  connection: z.object({ name: z.string(), invitesApi: z.enum(["users", "invitations"]) }),
});
export type OrgList = z.infer<typeof orgListSchema>;

export const namedListSchema = z.array(z.object({ id: z.string(), name: z.string() }));
export const teamListSchema = z.object({ teams: namedListSchema });
export const projectListSchema = z.object({ projects: namedListSchema });
