import "server-only";
import { getDb } from "../db";
import { env } from "../env";
import { logger } from "../log";
import { buildDigests, digestCron, digestDay } from "../notifications/digest";
import { sendOutboxRow, staleOutboxIds, unsentOutboxIds } from "../notifications/outbox";
import { emailConfigured, webhookConfigured } from "../notifications/transports";
import type { JobDefinition } from "./types";

// Notifications on the job layer (docs/notifications.md): the digest is built once per cron tick across
// instances (pg-boss's schedule), each outbox row is sent by its own job, retried with back-off.

/** Queues a send job per outbox row; two jobs for one row send it once (the claim in outbox.ts). */
export async function queueOutbox(ids: string[]): Promise<void> {
  // Imported when used: ./index imports the registry, which imports this file.
  const { sendJob } = await import("./index");
  for (const outboxId of ids) {
    await sendJob("notify-send", { outboxId }).catch((err: unknown) =>
      // Left "queued": the next digest run queues it again.
      logger.warn({ outboxId, err: err instanceof Error ? err.message : String(err) }, "send not queued"),
    );
  }
}

export const notifySendJob: JobDefinition<{ outboxId: string }> = {
  name: "notify-send",
  get retryLimit() {
    return env().NOTIFY_RETRY_LIMIT;
  },
  get retryDelaySeconds() {
    return env().NOTIFY_RETRY_SECONDS;
  },
  pollingIntervalSeconds: 2,
  async handler({ outboxId }) {
    await sendOutboxRow(await getDb(), outboxId);
  },
};

export const notifyDigestJob: JobDefinition<{ day?: string }> = {
  name: "notify-digest",
  schedule: digestCron,
  retryLimit: 3,
  async handler(data, { log }) {
    if (!emailConfigured() && !webhookConfigured()) return;
    const db = await getDb();
    const day = data.day && /^\d{4}-\d{2}-\d{2}$/.test(data.day) ? data.day : digestDay(new Date());
    const created = await buildDigests(db, day);
    // Also rows an earlier run could not queue.
    const ids = [...new Set([...created, ...(await unsentOutboxIds(db))])];
    await queueOutbox(ids);
    log.info({ day, notifications: created.length }, "digest built");
  },
};

/**
 * Every five minutes: rows whose sender died mid-delivery (a claim past its lease, lib/server/notifications/
 * outbox.ts) get a send job again, instead of staying "sending" until an admin notices.
 */
export const notifySweepJob: JobDefinition<Record<string, never>> = {
  name: "notify-sweep",
  policy: "stately",
  schedule: () => "*/5 * * * *",
  retryLimit: 2,
  async handler(_data, { log }) {
    const ids = await staleOutboxIds(await getDb());
    if (ids.length === 0) return;
    await queueOutbox(ids);
    log.info({ notifications: ids.length }, "notifications whose sender died queued again");
  },
};
