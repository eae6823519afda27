import { withConsole } from "@/lib/server/api/with-console";
import { notificationsStatus } from "@/lib/server/notifications/status";

/** GET /api/notifications — admins: configured transports (no credential), recent sends and failures. */
export const GET = withConsole({ action: "notifications.manage" }, async () => ({
  body: await notificationsStatus(),
}));
