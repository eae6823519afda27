import "server-only";
import { eq } from "drizzle-orm";
import type { NotificationPreferences } from "@/lib/schemas/notifications";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { Db } from "../db";
import { getDb } from "../db";
import { notificationPreferences } from "../db/schema/notifications";

/** A console user's notification choices (defaults when they never chose). */
export async function getPreferences({ userId }: { userId: string }): Promise<NotificationPreferences> {
  return readPreferences(await getDb(), userId);
}

async function readPreferences(db: Db, userId: string): Promise<NotificationPreferences> {
  const [row] = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .limit(1);
  return { digest: row?.digest ?? true };
}

/** One's own choice (Account page), audited. */
export async function setPreferences({
  actor,
  prefs,
}: {
  actor: AuditActor & { userId: string };
  prefs: NotificationPreferences;
}): Promise<NotificationPreferences> {
  const db = await getDb();
  const { result } = await auditedMutation({
    db,
    actor,
    action: "notification.preference_changed",
    target: { targetId: actor.userId, detail: `daily digest ${prefs.digest ? "on" : "off"}` },
    act: async () => {
      await db
        .insert(notificationPreferences)
        .values({ userId: actor.userId, digest: prefs.digest, updatedAt: new Date() })
        .onConflictDoUpdate({
          target: notificationPreferences.userId,
          set: { digest: prefs.digest, updatedAt: new Date() },
        });
      return readPreferences(db, actor.userId);
    },
  });
  return result;
}
