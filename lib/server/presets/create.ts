import "server-only";
import { randomUUID } from "node:crypto";
import type { Preset, PresetInput } from "@/lib/schemas/presets";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { orgPresets } from "../db/schema";
import { presetOf, readOrgDirectory } from "./resolve";
import { assertGrantsInOrg, assertNameFree, clearDefault, grantsOfInput, mapUniqueViolation } from "./write";

/**
 * Saves a new preset of the org. Privileged org roles are allowed: applying the preset still goes through the
 * invite rules. Becoming the default takes it from the previous default in the same transaction.
 */
export async function createPreset({
  actor,
  orgId,
  input,
}: {
  actor: AuditActor;
  orgId: string;
  input: PresetInput;
}): Promise<Preset> {
  const id = randomUUID();
  const grants = grantsOfInput(input);
  const db = await getDb();
  const { result } = await auditedMutation({
    actor,
    action: "preset.created",
    target: { orgId, targetId: id, grants, detail: `${input.name}${input.isDefault ? " (default)" : ""}` },
    act: async () => {
      const dir = await readOrgDirectory(orgId);
      assertGrantsInOrg(grants, dir);
      const row = await db
        .transaction(async (tx) => {
          await assertNameFree(tx, orgId, input.name, null);
          const now = new Date();
          if (input.isDefault) await clearDefault(tx, orgId, now);
          const [inserted] = await tx
            .insert(orgPresets)
            .values({
              id,
              orgId,
              name: input.name,
              description: input.description,
              grants,
              isDefault: input.isDefault ?? false,
              createdByEmail: actor.email ?? null,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          return inserted!;
        })
        .catch((e: unknown) => {
          throw mapUniqueViolation(e, input.name);
        });
      return presetOf(row, dir);
    },
  });
  return result;
}
