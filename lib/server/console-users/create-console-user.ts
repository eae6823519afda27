import "server-only";
import type { CreateUserInput } from "@/lib/schemas/users";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { ConsoleUserRow } from "../auth/users";
import { createConsoleUser, setPasswordUrl } from "../auth/users";

/** Adds a console user (audited); without a password they get a one-time set-password link. */
export async function addConsoleUser(req: {
  actor: AuditActor;
  input: CreateUserInput;
  /** The request, for the link's origin when CONSOLE_URL is not set. */
  link: { req: Request; url: URL };
}): Promise<{ user: ConsoleUserRow; setPasswordUrl: string | null }> {
  const email = req.input.email.trim().toLowerCase();
  const created = await auditedMutation({
    actor: req.actor,
    action: "user.created",
    target: { targetEmail: email, detail: `role ${req.input.role}` },
    act: () => createConsoleUser(req.input),
    onSuccess: (r) => ({ targetId: r.user.id }),
  });
  return {
    user: created.user,
    setPasswordUrl: created.setPasswordToken
      ? setPasswordUrl(req.link.req, req.link.url, created.setPasswordToken)
      : null,
  };
}
