import "server-only";
import { eq } from "drizzle-orm";
import type { NotificationChannel, NotificationTestResult } from "@/lib/schemas/notifications";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { notificationOutbox } from "../db/schema/notifications";
import { addToOutbox } from "./outbox";
import { escapeSlackText } from "./slack-text";
import { emailConfigured, sendEmail, sendWebhook, webhookConfigured, webhookHost } from "./transports";

// "Send a test" on the Notifications page (POST /api/notifications/test): one message through the configured
// transport, now, so that an admin sees at once whether SMTP or the webhook works. The e-mail goes to the
// admin's own address only (the console is no relay). Each test is an outbox row whose unique key holds the
// channel, the admin and the minute: one test per channel per admin and minute, on every instance at once (the
// limit is that key), and the row shows on the page with what happened. Audited as notification.test_sent.

const MINUTE_MS = 60_000;

function notConfigured(channel: NotificationChannel): string {
  return channel === "email"
    ? "E-mail is not configured: set SMTP_URL and NOTIFY_FROM (docs/notifications.md), then restart the console."
    : "The webhook is not configured: set NOTIFY_WEBHOOK_URL and NOTIFY_WEBHOOK_SECRET (docs/notifications.md), then restart the console.";
}

export async function sendTestNotification({
  actor,
  channel,
  now = new Date(),
}: {
  actor: AuditActor;
  channel: NotificationChannel;
  now?: Date;
}): Promise<NotificationTestResult> {
  const configured = channel === "email" ? emailConfigured() : webhookConfigured();
  const recipient = channel === "email" ? (actor.email ?? "") : (webhookHost() ?? "webhook");
  const target = { targetEmail: channel === "email" ? recipient : null, detail: `test ${channel}` };
  if (!configured) {
    throw await auditedRefusal(
      actor,
      "notification.test_sent",
      target,
      new HttpError({ code: "conflict", message: notConfigured(channel) }),
    );
  }
  if (channel === "email" && !recipient) {
    throw await auditedRefusal(
      actor,
      "notification.test_sent",
      target,
      new HttpError({
        code: "invalid_input",
        message: "Your console account has no e-mail address to send the test to.",
      }),
    );
  }
  const db = await getDb();
  const minute = Math.floor(now.getTime() / MINUTE_MS);
  const at = now.toISOString();
  const subject = "Test from the invite console";
  const who = actor.email ?? "an admin";
  const id = await addToOutbox(db, {
    key: `test:${channel}:${actor.userId ?? "-"}:${minute}`,
    kind: "test",
    channel,
    recipient,
    recipientUserId: channel === "email" ? actor.userId : null,
    subject,
    // Kept, so that a failed test can be retried from the page once the cause is fixed.
    bodyText:
      channel === "email"
        ? `This is a test e-mail from the invite console, sent by ${who} at ${at}.\n\nIf you can read it, the console's e-mail notifications (the daily digest, set-password links) reach this address.\n`
        : null,
    payload:
      channel === "webhook"
        ? {
            text: escapeSlackText(`Test from the invite console, sent by ${who}: the digest webhook works.`),
            type: "console.test",
            at,
          }
        : null,
    status: "sending",
  });
  if (!id) {
    const wait = Math.max(1, Math.ceil(((minute + 1) * MINUTE_MS - now.getTime()) / 1000));
    throw await auditedRefusal(
      actor,
      "notification.test_sent",
      target,
      new HttpError({
        code: "rate_limited",
        message: `A test ${channel === "email" ? "e-mail" : "webhook call"} was sent moments ago; send another in ${wait} s.`,
        retryAfter: wait,
      }),
    );
  }
  const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  const { result } = await auditedMutation({
    db,
    actor,
    action: "notification.test_sent",
    target: { ...target, targetId: id },
    act: async (): Promise<NotificationTestResult> => {
      let error: string | null = null;
      try {
        if (channel === "email") await sendEmail({ to: recipient, subject, text: row!.bodyText ?? "" });
        else await sendWebhook(row!.payload);
      } catch (e) {
        // Transport errors carry no credential (lib/server/notifications/transports.ts); others say little.
        error =
          (e as { delivery?: boolean }).delivery === true
            ? (e as Error).message
            : "Not sent: internal error.";
      }
      await db
        .update(notificationOutbox)
        .set({
          status: error ? "failed" : "sent",
          attempts: 1,
          lastError: error,
          sentAt: error ? null : new Date(),
          updatedAt: new Date(),
        })
        .where(eq(notificationOutbox.id, id));
      return {
        channel,
        recipient,
        delivered: !error,
        message:
          error ??
          (channel === "email"
            ? `The mail server accepted the test for ${recipient}. Check that inbox (and its spam folder).`
            : `${recipient} answered 2xx to the signed test call.`),
      };
    },
    onSuccess: (r) => (r.delivered ? {} : { outcome: "failure", detail: r.message }),
  });
  return result;
}
