import { bulkCommandParamsSchema } from "@/lib/schemas/bulk";
import { withConsole } from "@/lib/server/api/with-console";
import { commandRun } from "@/lib/server/bulk/commands";

/** start | pause | resume | cancel | retry (retry answers the new, linked run). */
export const POST = withConsole(
  { action: "bulk.run", params: bulkCommandParamsSchema },
  async ({ params, user, actor }) => ({
    status: params.command === "retry" ? 201 : 200,
    body: { run: await commandRun({ ...params, actor, user }) },
  }),
);
