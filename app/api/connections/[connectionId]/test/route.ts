import { connectionParamsSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { testConnectionAs } from "@/lib/server/connections/service";

/** "Test connection": read-only calls to Atlas; the diagnosis names the exact problem. */
export const POST = withConsole(
  { action: "connections.manage", params: connectionParamsSchema },
  async (ctx) => {
    return { body: await testConnectionAs(ctx.actor, ctx.params.connectionId) };
  },
);
