import { setOrgRouteSchema } from "@/lib/schemas/connections";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { setOrgRoute } from "@/lib/server/connections/set-org-route";

/** An admin chooses the connection that serves the org (docs/connections.md): `{connectionId}` → `{org}`. */
export const POST = withConsole(
  { action: "connections.manage", params: orgParamsSchema, body: setOrgRouteSchema },
  async (ctx) => {
    const org = await setOrgRoute({
      actor: ctx.actor,
      orgId: ctx.params.orgId,
      connectionId: ctx.body.connectionId,
    });
    return { body: { org } };
  },
);
