import "server-only";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { emailSetPasswordLink } from "../notifications/set-password-email";
import { createSetPasswordToken, setPasswordUrl } from "./set-password-token";
import { consoleUserTarget } from "./target";

/**
 * A fresh one-time link (24 h) for a user who lost theirs or forgot their password; audited. E-mailed when
 * SMTP is configured; the link itself is answered only when it was not e-mailed.
 */
export async function issueSetPasswordLink(req: {
  actor: AuditActor;
  userId: string;
  link: { req: Request; url: URL };
}): Promise<{ setPasswordUrl: string | null; emailed: boolean; emailError: string | null }> {
  const { user, target } = await consoleUserTarget({
    actor: req.actor,
    action: "user.password_link_created",
    userId: req.userId,
  });
  const { result: token } = await auditedMutation({
    actor: req.actor,
    action: "user.password_link_created",
    target,
    act: async () => {
      if (!user.active) throw new HttpError({ code: "conflict", message: "Reactivate this user first." });
      return createSetPasswordToken(user.id);
    },
  });
  const url = setPasswordUrl(req.link.req, req.link.url, token);
  const delivery = await emailSetPasswordLink({ actor: req.actor, user, url });
  return { setPasswordUrl: delivery.emailed ? null : url, ...delivery };
}
