import { z } from "zod";
import { atlasIdSchema } from "./ids";

export const orgParamsSchema = z.object({ orgId: atlasIdSchema });
export const invitationParamsSchema = z.object({ orgId: atlasIdSchema, invitationId: atlasIdSchema });

// GET /api/orgs (every org every connection sees, with the connection that serves it) is defined beside the
// connections it names, in ./connections.
export { orgListSchema } from "./connections";
export type { OrgList } from "./connections";

const namedListSchema = z.array(z.object({ id: z.string(), name: z.string() }));
export const teamListSchema = z.object({ teams: namedListSchema });
export const projectListSchema = z.object({ projects: namedListSchema });
