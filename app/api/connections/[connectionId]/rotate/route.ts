import { connectionParamsSchema, rotateSecretSchema } from "@/lib/schemas/connections";
import { withConsole } from "@/lib/server/api/with-console";
import { rotateSecretAs } from "@/lib/server/connections/service";

/** Replaces the stored client secret; the cached token of the old secret is dropped. */
export const POST = withConsole(
  { action: "connections.manage", params: connectionParamsSchema, body: rotateSecretSchema },
  async (ctx) => {
    const connection = await rotateSecretAs(ctx.actor, ctx.params.connectionId, ctx.body.clientSecret);
    return { body: { connection } };
  },
);
