import { notificationPreferencesSchema } from "@/lib/schemas/notifications";
import { withConsole } from "@/lib/server/api/with-console";
import { getPreferences, setPreferences } from "@/lib/server/notifications/preferences";
import { emailConfigured } from "@/lib/server/notifications/transports";

/** GET /api/account/notifications — the caller's own notification choices. */
export const GET = withConsole({ action: "account.manage", sessionOnly: true }, async ({ user }) => ({
  body: { preferences: await getPreferences({ userId: user.id }), emailConfigured: emailConfigured() },
}));

/** PATCH /api/account/notifications — change one's own choices (audited). */
export const PATCH = withConsole(
  { action: "account.manage", sessionOnly: true, body: notificationPreferencesSchema },
  async ({ body, user, actor }) => ({
    body: {
      preferences: await setPreferences({ actor: { ...actor, userId: user.id }, prefs: body }),
      emailConfigured: emailConfigured(),
    },
  }),
);
