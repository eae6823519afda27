import { createConnectionSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { createConnectionAs, listConnectionViews } from "@/lib/server/connections/service";

export const GET = withConsole({ action: "connections.read" }, async () => {
  return { body: { connections: await listConnectionViews() } };
});

/** Saves a connection and tests it (`"test": false` skips the test): `{connection, test}`. */
export const POST = withConsole(
  { action: "connections.manage", body: createConnectionSchema },
  async (ctx) => {
    return { status: 201, body: await createConnectionAs(ctx.actor, ctx.body) };
  },
);
