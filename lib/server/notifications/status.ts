import "server-only";
import type { NotificationsStatus } from "@/lib/schemas/notifications";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { env } from "../env";
import { queueOutbox } from "../jobs/notify";
import { digestCron, lastDigestRun } from "./digest";
import {
  countOutbox,
  getOutboxRow,
  isStaleClaim,
  outboxView,
  recentOutbox,
  requeueOutboxRow,
} from "./outbox";
import type { OutboxRowView } from "@/lib/schemas/notifications";
import { emailConfigured, smtpServerLabel, webhookConfigured, webhookHost } from "./transports";

/** The Notifications page: what is configured (never a credential), recent sends and failures. */
export async function notificationsStatus(): Promise<NotificationsStatus> {
  const db = await getDb();
  return {
    email: {
      configured: emailConfigured(),
      from: emailConfigured() ? (env().NOTIFY_FROM ?? null) : null,
      server: smtpServerLabel(),
    },
    webhook: { configured: webhookConfigured(), host: webhookHost() },
    digest: {
      cron: digestCron(),
      lastRunAt: (await lastDigestRun(db))?.toISOString() ?? null,
    },
    counts: await countOutbox(db),
    recent: (await recentOutbox(db)).map(outboxView),
  };
}

/** An admin's retry of a failed notification: back to the queue, sent by the job layer; audited. */
export async function retryNotification({
  actor,
  id,
}: {
  actor: AuditActor;
  id: string;
}): Promise<OutboxRowView> {
  const db = await getDb();
  const row = await getOutboxRow(db, id);
  if (!row) throw new HttpError({ code: "not_found", message: "No such notification." });
  const { result } = await auditedMutation({
    db,
    actor,
    action: "notification.retried",
    target: { orgId: row.orgId, targetEmail: row.channel === "email" ? row.recipient : null, targetId: id },
    act: async () => {
      if (row.status === "sent")
        throw new HttpError({ code: "conflict", message: "This notification was already sent." });
      // A claim past its lease is a sender that died mid-delivery: retried like a failed row.
      if (row.status === "sending" && !isStaleClaim(row))
        throw new HttpError({ code: "conflict", message: "This notification is being sent right now." });
      if (row.channel === "email" && row.bodyText === null) {
        throw new HttpError({
          code: "conflict",
          message:
            "A set-password link is never stored, so it cannot be sent again: issue a new link on the Users page.",
        });
      }
      const queued = await requeueOutboxRow(db, id);
      if (!queued)
        throw new HttpError({
          code: "conflict",
          message: "This notification changed meanwhile; reload the page.",
        });
      await queueOutbox([id]);
      return outboxView(queued);
    },
  });
  return result;
}
