import "server-only";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { ConsoleUserRow } from "../auth/users";
import { resetTwoFactor } from "../auth/users";
import { consoleUserTarget } from "./target";

/**
 * Erases a user's TOTP secret and recovery codes and ends their sessions, audited. `actorId` null: the CLI
 * on the server (`npm run console -- admin reset-2fa`), the way out for a locked-out last admin.
 */
export async function resetConsoleUserTwoFactor(req: {
  actor: AuditActor;
  actorId: string | null;
  userId: string;
}): Promise<ConsoleUserRow> {
  const { target } = await consoleUserTarget(req.actor, "user.two_factor_reset", req.userId);
  return auditedMutation({
    actor: req.actor,
    action: "user.two_factor_reset",
    target,
    act: () => resetTwoFactor(req.actorId, req.userId),
  });
}
