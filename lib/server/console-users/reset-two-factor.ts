import "server-only";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { invalidate } from "../auth/verified-cache";
import { getAuth } from "../auth/config";
import { getDb } from "../db";
import type { ConsoleUserRow } from "./repository";
import { clearTwoFactor, consoleUserRow, findUser } from "./repository";
import { consoleUserTarget } from "./target";

/**
 * Erases a user's TOTP secret and recovery codes and ends their sessions, audited; at their next sign-in they
 * set up two-factor again (admins must). For a person who lost their authenticator and recovery codes. Not for
 * oneself (a stolen session must not be able to drop the second factor): another admin, or, with `actorId`
 * null, the CLI on the server (`npm run console -- admin reset-2fa`), the way out for a locked-out last admin.
 */
export async function resetConsoleUserTwoFactor(req: {
  actor: AuditActor;
  actorId: string | null;
  userId: string;
}): Promise<ConsoleUserRow> {
  const { target } = await consoleUserTarget({
    actor: req.actor,
    action: "user.two_factor_reset",
    userId: req.userId,
  });
  const { result } = await auditedMutation({
    actor: req.actor,
    action: "user.two_factor_reset",
    target,
    act: () => resetTwoFactor(req.actorId, req.userId),
  });
  return result;
}

async function resetTwoFactor(actorId: string | null, userId: string): Promise<ConsoleUserRow> {
  const db = await getDb();
  const target = await findUser(db, userId);
  if (!target) throw new HttpError({ code: "not_found", message: "No such console user." });
  if (actorId !== null && userId === actorId) {
    throw new HttpError({
      code: "conflict",
      message:
        "You cannot reset your own two-factor authentication: ask another admin, or run `npm run console -- admin reset-2fa` on the server.",
    });
  }
  if (!target.twoFactorEnabled) {
    throw new HttpError({
      code: "conflict",
      message: `${target.email} has no two-factor authentication to reset.`,
    });
  }
  await clearTwoFactor(db, userId);
  const ctx = await (await getAuth()).$context;
  await ctx.internalAdapter.deleteUserSessions(userId);
  invalidate(`u:${userId}`);
  return (await consoleUserRow(db, userId))!;
}
