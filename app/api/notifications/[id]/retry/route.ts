import { outboxParamsSchema } from "@/lib/schemas/notifications";
import { withConsole } from "@/lib/server/api/with-console";
import { retryNotification } from "@/lib/server/notifications/status";

/** POST /api/notifications/{id}/retry — admins: send a failed notification again (audited). */
export const POST = withConsole(
  { action: "notifications.manage", params: outboxParamsSchema },
  async ({ params, actor }) => ({
    status: 202,
    body: { notification: await retryNotification({ actor, id: params.id }) },
  }),
);
