import { connectionParamsSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { testConnection } from "@/lib/server/connections/test";

/** "Test connection": read-only calls to Atlas; the diagnosis names the exact problem. */
export const POST = withConsole(
  { action: "connections.manage", sessionOnly: true, params: connectionParamsSchema },
  async (ctx) => {
    return { body: await testConnection({ actor: ctx.actor, id: ctx.params.connectionId }) };
  },
);
