import { connectionParamsSchema, updateConnectionSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { deleteConnection } from "@/lib/server/connections/delete";
import { getConnection } from "@/lib/server/connections/get";
import { updateConnection } from "@/lib/server/connections/update";

export const GET = withConsole(
  { action: "connections.read", params: connectionParamsSchema },
  async ({ params }) => {
    return { body: { connection: await getConnection({ id: params.connectionId }) } };
  },
);

export const PATCH = withConsole(
  {
    action: "connections.manage",
    sessionOnly: true,
    params: connectionParamsSchema,
    body: updateConnectionSchema,
  },
  async (ctx) => {
    const connection = await updateConnection({
      actor: ctx.actor,
      id: ctx.params.connectionId,
      changes: ctx.body,
    });
    return { body: { connection } };
  },
);

export const DELETE = withConsole(
  { action: "connections.manage", sessionOnly: true, params: connectionParamsSchema },
  async (ctx) => {
    await deleteConnection({ actor: ctx.actor, id: ctx.params.connectionId });
    return { status: 204 };
  },
);
