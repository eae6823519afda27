import { setOrgRouteSchema } from "@/lib/schemas/connections";
import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { setOrgRouteAs } from "@/lib/server/console/connection";

/** An admin chooses the connection that serves the org (docs/connections.md): `{connectionId}` → `{org}`. */
export const POST = withConsole(
  { action: "connections.manage", params: orgParamsSchema, body: setOrgRouteSchema },
  async (ctx) => {
    return { body: { org: await setOrgRouteAs(ctx.actor, ctx.params.orgId, ctx.body.connectionId) } };
  },
);
