import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listTeams } from "@/lib/server/atlas/directory";
import { atlasForOrg } from "@/lib/server/console/connection";

export const GET = withConsole({ action: "orgs.read", params: orgParamsSchema }, async ({ params }) => {
  const teams = await listTeams((await atlasForOrg(params.orgId)).http, params.orgId);
  return { body: { teams: teams.map((t) => ({ id: t.id, name: t.name })) } };
});
