import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { AccountSession } from "@/lib/schemas/account";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { lastActivity } from "../auth/activity";
import { auditAuthEvent } from "../auth/audit";
import { getAuth } from "../auth/config";
import { invalidate } from "../auth/verified-cache";
import { getDb } from "../db";
import { session as sessionTable } from "../db/schema/auth";

// A console user's own sessions. Listed without their tokens (a token is a bearer secret; the browser
// names a session by its id), ended by id, each end audited.

export async function listOwnSessions({
  userId,
  currentId,
}: {
  userId: string;
  currentId: string;
}): Promise<AccountSession[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(sessionTable)
    .where(eq(sessionTable.userId, userId))
    .orderBy(desc(sessionTable.updatedAt));
  const now = Date.now();
  return rows
    .filter((r) => r.expiresAt.getTime() > now)
    .map((r) => ({
      id: r.id,
      current: r.id === currentId,
      userAgent: r.userAgent,
      ip: r.ipAddress,
      createdAt: r.createdAt.toISOString(),
      // What this process saw may be newer than what its last batch wrote (lib/server/auth/activity.ts).
      lastActiveAt: new Date(lastActivity(r.id, r.updatedAt.getTime())).toISOString(),
      expiresAt: r.expiresAt.toISOString(),
    }));
}

export async function revokeOwnSession({
  actor,
  currentId,
  sessionId,
}: {
  actor: AuditActor & { userId: string };
  currentId: string;
  sessionId: string;
}): Promise<void> {
  if (sessionId === currentId) {
    throw new HttpError({
      code: "invalid_input",
      message: "This is the session you are using: sign out instead.",
    });
  }
  const db = await getDb();
  const [row] = await db
    .select({ token: sessionTable.token, userAgent: sessionTable.userAgent, ip: sessionTable.ipAddress })
    .from(sessionTable)
    .where(and(eq(sessionTable.id, sessionId), eq(sessionTable.userId, actor.userId)));
  // Another user's session id answers the same as an unknown one.
  if (!row)
    throw new HttpError({
      code: "not_found",
      message: "There is no such session (it may have ended already).",
    });
  const ctx = await (await getAuth()).$context;
  await ctx.internalAdapter.deleteSession(row.token);
  invalidate(`s:${sessionId}`);
  await auditAuthEvent(actor, {
    action: "auth.session_revoked",
    outcome: "success",
    targetEmail: actor.email,
    detail: `one session${row.ip ? ` from ${row.ip}` : ""}`,
  });
}
