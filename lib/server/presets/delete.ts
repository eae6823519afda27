import "server-only";
import { and, eq } from "drizzle-orm";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { orgPresets } from "../db/schema";
import { presetNotFound } from "./list";

/** Deletes a preset of the org (the default too: the org is then without one). */
export async function deletePreset({
  actor,
  orgId,
  presetId,
}: {
  actor: AuditActor;
  orgId: string;
  presetId: string;
}): Promise<void> {
  const db = await getDb();
  const mine = and(eq(orgPresets.orgId, orgId), eq(orgPresets.id, presetId));
  // Read first, so that the row names what was deleted (its name and grants).
  const [row] = await db.select().from(orgPresets).where(mine);
  const target = { orgId, targetId: presetId };
  if (!row) throw await auditedRefusal(actor, "preset.deleted", target, presetNotFound());
  await auditedMutation({
    actor,
    action: "preset.deleted",
    target: { ...target, grants: row.grants, detail: row.name },
    act: async () => {
      const [gone] = await db.delete(orgPresets).where(mine).returning({ id: orgPresets.id });
      if (!gone) throw presetNotFound();
    },
  });
}
