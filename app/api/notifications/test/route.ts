import { notificationTestInputSchema } from "@/lib/schemas/notifications";
import { withConsole } from "@/lib/server/api/with-console";
import { sendTestNotification } from "@/lib/server/notifications/test-send";

/**
 * POST /api/notifications/test — admins: one test e-mail (to the admin's own address) or one signed webhook
 * call, now; one per channel per minute; audited as notification.test_sent.
 */
export const POST = withConsole(
  { action: "notifications.manage", body: notificationTestInputSchema },
  async ({ body, actor }) => ({
    body: await sendTestNotification({ actor, channel: body.channel }),
  }),
);
