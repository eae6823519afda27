import { z } from "zod";

// Notifications (lib/server/notifications, docs/notifications.md): one source for each enum, shared by the
// database schema, the route handlers and the UI.

/** What a notification is about. */
export const NOTIFICATION_KINDS = ["digest", "set_password", "test"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ["email", "webhook"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * queued → sending → sent; a failed attempt → retrying (pg-boss retries it with back-off) and, once the
 * retries are spent, failed (an admin may retry it from the Notifications page).
 */
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "retrying", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const notificationPreferencesSchema = z.object({
  /** Receive the daily invitations digest (the inviter's own invitations; admins: every invitation). */
  digest: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const accountNotificationsSchema = z.object({
  preferences: notificationPreferencesSchema,
  /** Whether e-mail can be sent at all (SMTP configured): the toggle says so when it is not. */
  emailConfigured: z.boolean(),
});
export type AccountNotifications = z.infer<typeof accountNotificationsSchema>;

export const outboxRowSchema = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  orgId: z.string().nullable(),
  /** An e-mail address, or the webhook's host. */
  recipient: z.string(),
  subject: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** False when the row keeps no body to send again (set-password links are never stored). */
  retryable: z.boolean(),
});

/** What retrying a notification answers. */
export const retriedNotificationSchema = z.object({ notification: outboxRowSchema });
export type OutboxRowView = z.infer<typeof outboxRowSchema>;

export const notificationsStatusSchema = z.object({
  email: z.object({ configured: z.boolean(), from: z.string().nullable(), server: z.string().nullable() }),
  webhook: z.object({ configured: z.boolean(), host: z.string().nullable() }),
  digest: z.object({ cron: z.string().nullable(), lastRunAt: z.string().nullable() }),
  counts: z.record(z.enum(OUTBOX_STATUSES), z.number()),
  recent: z.array(outboxRowSchema),
});
export type NotificationsStatus = z.infer<typeof notificationsStatusSchema>;

export const outboxParamsSchema = z.object({
  id: z.string().regex(/^[a-zA-Z0-9-]{1,64}$/, "not a notification id"),
});

/** POST /api/notifications/test: which transport an admin tries (the e-mail goes to that admin's own address). */
export const notificationTestInputSchema = z.object({
  channel: z.enum(NOTIFICATION_CHANNELS, { error: "choose e-mail or webhook" }),
});
export type NotificationTestInput = z.infer<typeof notificationTestInputSchema>;

export const notificationTestResultSchema = z.object({
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** The admin's address, or the webhook's host. */
  recipient: z.string(),
  delivered: z.boolean(),
  /** What happened, in words: accepted by the server, or why not (never a credential). */
  message: z.string(),
});
export type NotificationTestResult = z.infer<typeof notificationTestResultSchema>;

/** GET /api/orgs/{orgId}/notifications/digest-preview: what the next digest of an org would say. */
export const digestPreviewSchema = z.object({
  orgId: z.string(),
  /** The day the next digest is built for (UTC): today, or tomorrow once today's is built. */
  day: z.string(),
  /** Nothing to report: no e-mail and no webhook call would go out for this org. */
  empty: z.boolean(),
  subject: z.string(),
  /** The admins' e-mail text, exactly as the job would write it. */
  text: z.string(),
  /** The webhook's `text` (Slack), when a webhook is configured. */
  webhookText: z.string().nullable(),
  /** Console users who would get an e-mail (admins, and inviters with their own invitations). */
  recipients: z.array(z.string()),
  /** Whether anything can be sent (SMTP or webhook configured). */
  transports: z.object({ email: z.boolean(), webhook: z.boolean() }),
});
export type DigestPreview = z.infer<typeof digestPreviewSchema>;

/** The answer of POST /api/notifications/{id}/retry (202): the row queued again. */
export const notificationRetryResponseSchema = z.object({ notification: outboxRowSchema });
