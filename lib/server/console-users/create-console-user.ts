import "server-only";
import type { CreateUserInput } from "@/lib/schemas/users";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { ConsoleUserRow } from "../auth/users";
import { createConsoleUser, setPasswordUrl } from "../auth/users";
import { emailSetPasswordLink } from "../notifications/set-password-email";

/**
 * Adds a console user (audited); without a password they get a one-time set-password link, e-mailed when
 * SMTP is configured (lib/server/notifications/set-password-email.ts), else shown to the admin to hand over.
 */
export async function addConsoleUser(req: {
  actor: AuditActor;
  input: CreateUserInput;
  /** The request, for the link's origin when CONSOLE_URL is not set. */
  link: { req: Request; url: URL };
}): Promise<{
  user: ConsoleUserRow;
  setPasswordUrl: string | null;
  emailed: boolean;
  emailError: string | null;
}> {
  const email = req.input.email.trim().toLowerCase();
  const created = await auditedMutation({
    actor: req.actor,
    action: "user.created",
    target: { targetEmail: email, detail: `role ${req.input.role}` },
    act: () => createConsoleUser(req.input),
    onSuccess: (r) => ({ targetId: r.user.id }),
  });
  if (!created.setPasswordToken) {
    return { user: created.user, setPasswordUrl: null, emailed: false, emailError: null };
  }
  const url = setPasswordUrl(req.link.req, req.link.url, created.setPasswordToken);
  const delivery = await emailSetPasswordLink({ actor: req.actor, user: created.user, url });
  return { user: created.user, setPasswordUrl: delivery.emailed ? null : url, ...delivery };
}
