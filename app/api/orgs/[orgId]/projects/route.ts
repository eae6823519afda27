import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listProjects } from "@/lib/server/atlas/directory";
import { atlasForOrg } from "@/lib/server/console/connection";

export const GET = withConsole({ action: "orgs.read", params: orgParamsSchema }, async ({ params }) => {
  const projects = await listProjects((await atlasForOrg(params.orgId)).http, params.orgId);
  return { body: { projects: projects.map((p) => ({ id: p.id, name: p.name })) } };
});
