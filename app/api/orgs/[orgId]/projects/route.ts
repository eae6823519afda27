import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { listOrgProjects } from "@/lib/server/orgs/list-directory";

export const GET = withConsole({ action: "orgs.read", params: orgParamsSchema }, async ({ params }) => ({
  body: { projects: await listOrgProjects(params.orgId) },
}));
