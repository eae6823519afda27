import "server-only";
import { and, eq } from "drizzle-orm";
import type { Preset, PresetInput } from "@/lib/schemas/presets";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { orgPresets } from "../db/schema";
import { presetNotFound } from "./list";
import { presetOf, readOrgDirectory } from "./resolve";
import { assertGrantsInOrg, assertNameFree, clearDefault, grantsOfInput, mapUniqueViolation } from "./write";

/**
 * Replaces a preset's name, description and grants. `isDefault: true` makes it the org's default (the previous
 * one loses it in the same transaction), `false` leaves the org without one, left out keeps things as they are.
 */
export async function updatePreset({
  actor,
  orgId,
  presetId,
  input,
}: {
  actor: AuditActor;
  orgId: string;
  presetId: string;
  input: PresetInput;
}): Promise<Preset> {
  const grants = grantsOfInput(input);
  const db = await getDb();
  const defaultNote =
    input.isDefault === true ? " (made the default)" : input.isDefault === false ? " (not the default)" : "";
  const { result } = await auditedMutation({
    actor,
    action: "preset.updated",
    target: { orgId, targetId: presetId, grants, detail: `${input.name}${defaultNote}` },
    act: async () => {
      const dir = await readOrgDirectory(orgId);
      assertGrantsInOrg(grants, dir);
      const row = await db
        .transaction(async (tx) => {
          const mine = and(eq(orgPresets.orgId, orgId), eq(orgPresets.id, presetId));
          const [before] = await tx.select({ id: orgPresets.id }).from(orgPresets).where(mine).for("update");
          if (!before) throw presetNotFound();
          await assertNameFree(tx, orgId, input.name, presetId);
          const now = new Date();
          if (input.isDefault) await clearDefault(tx, orgId, now);
          const [updated] = await tx
            .update(orgPresets)
            .set({
              name: input.name,
              description: input.description,
              grants,
              ...(input.isDefault === undefined ? {} : { isDefault: input.isDefault }),
              updatedAt: now,
            })
            .where(mine)
            .returning();
          return updated!;
        })
        .catch((e: unknown) => {
          throw mapUniqueViolation(e, input.name);
        });
      return presetOf(row, dir);
    },
  });
  return result;
}
