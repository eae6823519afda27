import "server-only";
import type { Role } from "@/lib/permissions";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { ConsoleUserRow } from "../auth/users";
import { updateConsoleUser } from "../auth/users";
import { consoleUserTarget } from "./target";

/**
 * Changes a console user's role and/or deactivates (their sessions end at once) or reactivates them: one
 * audited change per verb (user.role_changed, user.deactivated / user.reactivated), none when nothing changes.
 * The rules (not oneself, at least one active admin) live in updateConsoleUser; a refusal is a "refused" row.
 */
export async function changeConsoleUser(req: {
  actor: AuditActor;
  actorId: string;
  userId: string;
  change: { role?: Role | undefined; active?: boolean | undefined };
}): Promise<ConsoleUserRow> {
  const { actor, actorId, userId, change } = req;
  const first =
    change.role !== undefined ? "user.role_changed" : change.active ? "user.reactivated" : "user.deactivated";
  const found = await consoleUserTarget(actor, first, userId);
  const target = found.target;
  let user = found.user;
  if (change.role !== undefined && change.role !== user.role) {
    const role = change.role;
    user = (
      await auditedMutation({
        actor,
        action: "user.role_changed",
        target: { ...target, detail: `${user.role} → ${role}` },
        act: () => updateConsoleUser(actorId, userId, { role }),
      })
    ).user;
  }
  if (change.active !== undefined && change.active !== user.active) {
    const active = change.active;
    user = (
      await auditedMutation({
        actor,
        action: active ? "user.reactivated" : "user.deactivated",
        target,
        act: () => updateConsoleUser(actorId, userId, { active }),
      })
    ).user;
  }
  return user;
}
