import "server-only";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { createSetPasswordToken, setPasswordUrl } from "../auth/users";
import { consoleUserTarget } from "./target";

/** A fresh one-time link (24 h) for a user who lost theirs or forgot their password; audited. */
export async function issueSetPasswordLink(req: {
  actor: AuditActor;
  userId: string;
  link: { req: Request; url: URL };
}): Promise<string> {
  const { user, target } = await consoleUserTarget(req.actor, "user.password_link_created", req.userId);
  const token = await auditedMutation({
    actor: req.actor,
    action: "user.password_link_created",
    target,
    act: async () => {
      if (!user.active) throw new HttpError("conflict", "Reactivate this user first.");
      return createSetPasswordToken(user.id);
    },
  });
  return setPasswordUrl(req.link.req, req.link.url, token);
}
