import { createConnectionSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { createConnection } from "@/lib/server/connections/create";
import { listConnections } from "@/lib/server/connections/list";

export const GET = withConsole({ action: "connections.read" }, async () => {
  return { body: { connections: await listConnections() } };
});

/** Saves a connection and tests it (`"test": false` skips the test): `{connection, test}`. */
export const POST = withConsole(
  { action: "connections.manage", sessionOnly: true, body: createConnectionSchema },
  async (ctx) => {
    return { status: 201, body: await createConnection({ actor: ctx.actor, input: ctx.body }) };
  },
);
