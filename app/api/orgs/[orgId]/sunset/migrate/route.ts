import { orgParamsSchema } from "@/lib/schemas/params";
import { migrateInputSchema } from "@/lib/schemas/sunset";
import { withConsole } from "@/lib/server/api/with-console";
import { migrateLegacyInvitations } from "@/lib/server/sunset/migrate";

/** Migrates legacy invitations to the users API (`{ids}` or `{all: true}`); one result per invitation. */
export const POST = withConsole(
  { action: "invitations.migrate", params: orgParamsSchema, body: migrateInputSchema },
  async ({ params, body, actor }) => ({
    body: { results: await migrateLegacyInvitations(params.orgId, body, actor) },
  }),
);
