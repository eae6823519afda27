import { z } from "zod";
import { INVITES_APIS } from "./connections";
import { atlasIdSchema } from "./ids";

export const orgParamsSchema = z.object({ orgId: atlasIdSchema });
export const invitationParamsSchema = z.object({ orgId: atlasIdSchema, invitationId: atlasIdSchema });

/** GET /api/orgs: every org every Atlas connection sees, with the connection that serves it. */
export const orgListSchema = z.object({
  orgs: z.array(
    z.object({ id: z.string(), name: z.string(), connectionId: z.string(), connectionName: z.string() }),
  ),
  connections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      invitesApi: z.enum(INVITES_APIS),
      /** Why this connection's orgs could not be listed just now (its last known orgs are shown). */
      error: z.string().nullable(),
    }),
  ),
});
export type OrgList = z.infer<typeof orgListSchema>;

export const namedListSchema = z.array(z.object({ id: z.string(), name: z.string() }));
export const teamListSchema = z.object({ teams: namedListSchema });
export const projectListSchema = z.object({ projects: namedListSchema });
