import { connectionParamsSchema, updateConnectionSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { connectionView, deleteConnectionAs, updateConnectionAs } from "@/lib/server/connections/service";

export const GET = withConsole(
  { action: "connections.read", params: connectionParamsSchema },
  async ({ params }) => {
    return { body: { connection: await connectionView(params.connectionId) } };
  },
);

export const PATCH = withConsole(
  { action: "connections.manage", params: connectionParamsSchema, body: updateConnectionSchema },
  async (ctx) => {
    const connection = await updateConnectionAs(ctx.actor, ctx.params.connectionId, ctx.body);
    return { body: { connection } };
  },
);

export const DELETE = withConsole(
  { action: "connections.manage", params: connectionParamsSchema },
  async (ctx) => {
    await deleteConnectionAs(ctx.actor, ctx.params.connectionId);
    return { status: 204 };
  },
);
