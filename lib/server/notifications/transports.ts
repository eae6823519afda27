import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { env } from "../env";

// The two ways a notification leaves the console (docs/notifications.md): e-mail through SMTP (nodemailer)
// and a JSON webhook signed with HMAC-SHA256. Both have timeouts; neither ever reports the SMTP password or
// the webhook secret in an error, a log line or the Notifications page.

export function emailConfigured(): boolean {
  return !!env().SMTP_URL && !!env().NOTIFY_FROM;
}

export function webhookConfigured(): boolean {
  return !!env().NOTIFY_WEBHOOK_URL && !!env().NOTIFY_WEBHOOK_SECRET;
}

/** "mail.example.com:587", for the status page: never the user name or password. */
export function smtpServerLabel(): string | null {
  const url = env().SMTP_URL;
  if (!url) return null;
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
}

export function webhookHost(): string | null {
  const url = env().NOTIFY_WEBHOOK_URL;
  return url ? new URL(url).host : null;
}

/** An error message with every credential of the configuration removed. */
export function redact(message: string): string {
  let out = message;
  const secrets: string[] = [];
  const smtp = env().SMTP_URL;
  if (smtp) {
    const u = new URL(smtp);
    if (u.password) secrets.push(u.password, decodeURIComponent(u.password));
    if (u.username) secrets.push(decodeURIComponent(u.username));
  }
  const secret = env().NOTIFY_WEBHOOK_SECRET;
  if (secret) secrets.push(secret);
  for (const s of secrets.filter((x) => x.length >= 3)) out = out.split(s).join("***");
  return out.slice(0, 500);
}

/** Marks an error as a delivery failure (its message is safe to store and show). */
export class DeliveryError extends Error {
  readonly delivery = true;
}

let transporter: { url: string; t: Transporter } | null = null;

function smtp(): Transporter {
  const url = env().SMTP_URL;
  if (!url) throw new DeliveryError("E-mail is not configured (SMTP_URL).");
  if (transporter?.url !== url) {
    const timeout = env().NOTIFY_TIMEOUT_MS;
    transporter = {
      url,
      t: nodemailer.createTransport(url, {
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        logger: false,
        debug: false,
      } as Record<string, unknown>),
    };
  }
  return transporter.t;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends one e-mail; throws a DeliveryError whose message carries no credential. */
export async function sendEmail(msg: EmailMessage): Promise<void> {
  const from = env().NOTIFY_FROM;
  if (!from) throw new DeliveryError("E-mail is not configured (NOTIFY_FROM).");
  try {
    await smtp().sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text });
  } catch (e) {
    const err = e as { message?: string; code?: string; responseCode?: number };
    const parts = [err.code, err.responseCode ? `SMTP ${err.responseCode}` : null, err.message]
      .filter(Boolean)
      .join(": ");
    throw new DeliveryError(redact(`E-mail not sent: ${parts || "unknown error"}`));
  }
}

/** The signature header (docs/notifications.md): t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">. */
const SIGNATURE_HEADER = "X-Console-Signature";

function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver does (and the tests do): recompute the HMAC over "<t>.<body>" with the shared secret,
 * compare in constant time, and refuse a timestamp older than `toleranceSeconds` (a replayed request).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null,
  body: string,
  opts: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[a-f0-9]{64}$/.test(parts.v1 ?? "")) return false;
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const given = Buffer.from(parts.v1!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Posts the JSON body to NOTIFY_WEBHOOK_URL, signed; no redirects, a timeout, headers built from scratch. */
export async function sendWebhook(payload: unknown): Promise<void> {
  const url = env().NOTIFY_WEBHOOK_URL;
  const secret = env().NOTIFY_WEBHOOK_SECRET;
  if (!url || !secret) throw new DeliveryError("The webhook is not configured (NOTIFY_WEBHOOK_URL).");
  const body = JSON.stringify(payload);
  const t = Math.floor(Date.now() / 1000);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      redirect: "error",
      signal: AbortSignal.timeout(env().NOTIFY_TIMEOUT_MS),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "invite-console-notifications",
        [SIGNATURE_HEADER]: signWebhook(secret, body, t),
      },
      body,
    });
  } catch (e) {
    const err = e as { name?: string; message?: string; cause?: { code?: string } };
    const why =
      err.name === "TimeoutError"
        ? `no answer within ${env().NOTIFY_TIMEOUT_MS} ms`
        : (err.cause?.code ?? err.message ?? "network error");
    throw new DeliveryError(redact(`Webhook not delivered: ${why}`));
  }
  // The body is drained and ignored: a receiver's answer is not shown anywhere.
  await res.body?.cancel().catch(() => {});
  if (res.status >= 300) throw new DeliveryError(`Webhook not delivered: HTTP ${res.status}`);
}
