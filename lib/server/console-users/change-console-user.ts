import "server-only";
import type { Role } from "@/lib/permissions";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getAuth } from "../auth/config";
import { invalidate } from "../auth/verified-cache";
import { getDb } from "../db";
import type { ConsoleUserRow } from "./repository";
import {
  consoleUserRow,
  countActiveAdminsOtherThan,
  findUser,
  revokeSetPasswordLinks,
  setRoleAndActive,
} from "./repository";
import { consoleUserTarget } from "./target";

/**
 * Changes a console user's role and/or deactivates (their sessions end at once) or reactivates them: one
 * audited change per verb (user.role_changed, user.deactivated / user.reactivated), none when nothing changes.
 * The rules (not oneself, at least one active admin) live in applyChange; a refusal is a "refused" row.
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
  const found = await consoleUserTarget({ actor, action: first, userId });
  const target = found.target;
  let user = found.user;
  if (change.role !== undefined && change.role !== user.role) {
    const role = change.role;
    user = (
      await auditedMutation({
        actor,
        action: "user.role_changed",
        target: { ...target, detail: `${user.role} → ${role}` },
        act: () => applyChange(actorId, userId, { role }),
      })
    ).result.user;
  }
  if (change.active !== undefined && change.active !== user.active) {
    const active = change.active;
    user = (
      await auditedMutation({
        actor,
        action: active ? "user.reactivated" : "user.deactivated",
        target,
        act: () => applyChange(actorId, userId, { active }),
      })
    ).result.user;
  }
  return user;
}

/** Changes role and/or active flag. Deactivating ends the user's sessions at once. */
async function applyChange(
  actorId: string,
  userId: string,
  change: { role?: Role; active?: boolean },
): Promise<{ before: { role: Role; active: boolean }; user: ConsoleUserRow }> {
  const db = await getDb();
  const target = await findUser(db, userId);
  if (!target) throw new HttpError({ code: "not_found", message: "No such console user." });
  const losesAdmin =
    target.role === "admin" &&
    target.active &&
    ((change.role !== undefined && change.role !== "admin") || change.active === false);
  if (losesAdmin && userId === actorId) {
    throw new HttpError({
      code: "conflict",
      message: "You cannot remove your own admin role or deactivate yourself.",
    });
  }
  if (losesAdmin && (await countActiveAdminsOtherThan(db, userId)) === 0) {
    throw new HttpError({ code: "conflict", message: "The console needs at least one active admin." });
  }
  await setRoleAndActive(db, userId, change);
  if (change.active === false) {
    const ctx = await (await getAuth()).$context;
    await ctx.internalAdapter.deleteUserSessions(userId);
    invalidate(`u:${userId}`);
    await revokeSetPasswordLinks(db, userId);
  }
  const row = (await consoleUserRow(db, userId))!;
  return { before: { role: target.role, active: target.active }, user: row };
}
