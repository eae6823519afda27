import "server-only";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { Db } from "../db";
import { getDb } from "../db";
import { addToOutbox } from "./outbox";
import { emailConfigured, sendEmail } from "./transports";

const isDelivery = (e: unknown): e is Error =>
  typeof e === "object" && e !== null && (e as { delivery?: boolean }).delivery === true;

export interface LinkDelivery {
  /** True when the link went out by e-mail (the admin is not shown it). */
  emailed: boolean;
  /** Why the e-mail could not be sent (the admin is shown the link to hand over instead). */
  emailError: string | null;
}

/**
 * E-mails a set-password link to a new (or locked-out) console user when SMTP is configured, right away so
 * that the admin learns at once whether it went out. Audited; the outbox keeps a row for the Notifications
 * page but never the link itself (a credential), so a failed one is not retried: the admin hands it over.
 */
export async function emailSetPasswordLink(req: {
  actor: AuditActor;
  user: { id: string; email: string };
  url: string;
  auditId?: string;
  db?: Db;
}): Promise<LinkDelivery> {
  if (!emailConfigured()) return { emailed: false, emailError: null };
  const db = req.db ?? (await getDb());
  const subject = "Set your password for the invite console";
  const text = [
    `An admin (${req.actor.email ?? "a console admin"}) gave you access to the MongoDB Atlas invite console.`,
    "",
    "Set your password with this one-time link (valid 24 hours):",
    req.url,
    "",
    "If you did not expect this, ignore this e-mail.",
    "",
  ].join("\n");
  const outboxRow = {
    key: `set_password:${req.user.id}:${Date.now()}`,
    kind: "set_password",
    channel: "email",
    recipient: req.user.email,
    recipientUserId: req.user.id,
    subject,
  } as const;
  try {
    await auditedMutation({
      db,
      actor: req.actor,
      action: "user.password_link_emailed",
      target: { targetEmail: req.user.email, targetId: req.user.id },
      act: () => sendEmail({ to: req.user.email, subject, text }),
      onError: (e) => (isDelivery(e) ? { outcome: "failure", detail: e.message } : undefined),
    });
  } catch (e) {
    const message = isDelivery(e) ? e.message : "E-mail not sent: internal error";
    await addToOutbox(db, { ...outboxRow, status: "failed", lastError: message });
    return { emailed: false, emailError: message };
  }
  await addToOutbox(db, { ...outboxRow, status: "sent" });
  return { emailed: true, emailError: null };
}
