import "server-only";
import type { AuditAction } from "@/lib/schemas/audit";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import type { ConsoleUserRow } from "./repository";
import { consoleUserRow } from "./repository";

/** The console user a change is about, read before the change so that its row names them; 404 audited. */
export async function consoleUserTarget({
  actor,
  action,
  userId,
}: {
  actor: AuditActor;
  action: AuditAction;
  userId: string;
}): Promise<{ user: ConsoleUserRow; target: AuditTarget }> {
  const user = await consoleUserRow(await getDb(), userId);
  if (!user) {
    throw await auditedRefusal(
      actor,
      action,
      { targetId: userId },
      new HttpError({ code: "not_found", message: "No such console user." }),
    );
  }
  return { user, target: { targetId: user.id, targetEmail: user.email } };
}
