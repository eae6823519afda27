import { connectionParamsSchema, rotateSecretSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { rotateConnectionSecret } from "@/lib/server/connections/rotate-secret";

/** Replaces the stored client secret; the cached token of the old secret is dropped. */
export const POST = withConsole(
  {
    action: "connections.manage",
    sessionOnly: true,
    params: connectionParamsSchema,
    body: rotateSecretSchema,
  },
  async (ctx) => {
    const connection = await rotateConnectionSecret({
      actor: ctx.actor,
      id: ctx.params.connectionId,
      clientSecret: ctx.body.clientSecret,
    });
    return { body: { connection } };
  },
);
