// The notification tests' shared set-up (test/notifications/*.test.ts): the console's e-mail and webhook
// settings pointed at a real SMTP server and webhook receiver in this process (./mail.ts), and a fresh
// database per test.
import { afterAll, afterEach, beforeAll } from "vitest";
import { installDb } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { startJobs, stopJobs } from "@/lib/server/jobs";
import { startSmtp, startWebhookReceiver } from "./mail";
import type { TestSmtp, TestWebhookReceiver } from "./mail";
import { useDefaultHeaders } from "./routes";
import { prepareTestAuth } from "./session";

/**
 * For this file: a test SMTP server, and with `webhookSecret` a webhook receiver, with the console's settings
 * pointed at them plus `env`, all set before anything reads env(). The digest cron is off: tests send the job.
 * The objects returned are filled in by beforeAll; a test that restarts SMTP assigns the new server into `smtp`.
 */
export function useNotifyTransports(opts: { webhookSecret?: string; env?: Record<string, string> } = {}): {
  smtp: TestSmtp;
  hook: TestWebhookReceiver;
} {
  const smtp = {} as TestSmtp;
  const hook = {} as TestWebhookReceiver;
  beforeAll(async () => {
    Object.assign(smtp, await startSmtp());
    process.env.SMTP_URL = `smtp://notify:s3cret-pass@127.0.0.1:${smtp.port}`;
    process.env.NOTIFY_FROM = "Invite console <console@notify.test>";
    process.env.NOTIFY_DIGEST_CRON = "off";
    if (opts.webhookSecret) {
      Object.assign(hook, await startWebhookReceiver());
      process.env.NOTIFY_WEBHOOK_URL = hook.url;
      process.env.NOTIFY_WEBHOOK_SECRET = opts.webhookSecret;
    }
    Object.assign(process.env, opts.env);
    prepareTestAuth();
  });
  afterAll(async () => {
    await smtp.close();
    if (opts.webhookSecret) await hook.close();
  });
  return { smtp, hook };
}

/**
 * Per test: the function returned opens a fresh database with `open`, installs it as the console's and, with
 * `jobs`, starts the job layer on it. After each test the jobs stop, the default headers are cleared and every
 * database it opened is closed.
 */
export function useDatabasePerTest(): (
  open: () => Promise<DatabaseHandle>,
  opts?: { jobs?: boolean },
) => Promise<DatabaseHandle> {
  const opened: DatabaseHandle[] = [];
  afterEach(async () => {
    await stopJobs();
    useDefaultHeaders({});
    installDb(null);
    for (const h of opened.splice(0).reverse()) await h.close();
  });
  return async (open, opts = {}) => {
    const handle = await open();
    opened.push(handle);
    installDb(handle);
    if (opts.jobs) await startJobs(handle);
    return handle;
  };
}
