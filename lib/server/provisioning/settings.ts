import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { DeprovisionMode, GroupMapView, ProvisioningSettings } from "@/lib/schemas/provisioning";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedNoop, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { orgPresets, provisioningGroupMaps, provisioningOrgs } from "../db/schema";
import { markOrgDirty } from "./dirty";

// An org's provisioning settings (what a person who left the directory loses) and its group → preset maps,
// changed by admins on the Provisioning page. Each change is audited and marks the org for the worker, which
// then brings the directory's people in line with it.

export async function getProvisioningSettings(orgId: string): Promise<ProvisioningSettings> {
  const db = await getDb();
  const [row] = await db
    .select({ deprovision: provisioningOrgs.deprovision })
    .from(provisioningOrgs)
    .where(eq(provisioningOrgs.orgId, orgId));
  return { deprovision: row?.deprovision ?? "never" };
}

export async function updateProvisioningSettings({
  orgId,
  deprovision,
  actor,
}: {
  orgId: string;
  deprovision: DeprovisionMode;
  actor: AuditActor;
}): Promise<ProvisioningSettings> {
  const before = await getProvisioningSettings(orgId);
  const target = { orgId, detail: `deprovision: ${before.deprovision} → ${deprovision}` };
  if (before.deprovision === deprovision) {
    await auditedNoop(actor, "provisioning.settings_changed", target, {
      detail: `deprovision: ${deprovision} (unchanged)`,
    });
    return before;
  }
  const db = await getDb();
  await auditedMutation({
    actor,
    action: "provisioning.settings_changed",
    target,
    act: async () => {
      const now = new Date();
      // The lease columns belong to the worker: an upsert that names only the settings leaves them alone.
      await db
        .insert(provisioningOrgs)
        .values({ orgId, deprovision, updatedAt: now, updatedBy: actor.email })
        .onConflictDoUpdate({
          target: provisioningOrgs.orgId,
          set: { deprovision, updatedAt: now, updatedBy: actor.email },
        });
    },
  });
  await markOrgDirty(orgId);
  return { deprovision };
}

export async function listGroupMaps(orgId: string): Promise<GroupMapView[]> {
  const db = await getDb();
  const rows = await db
    .select({
      groupName: provisioningGroupMaps.groupName,
      presetId: provisioningGroupMaps.presetId,
      presetName: orgPresets.name,
      createdAt: provisioningGroupMaps.createdAt,
    })
    .from(provisioningGroupMaps)
    .leftJoin(
      orgPresets,
      and(
        eq(orgPresets.id, provisioningGroupMaps.presetId),
        eq(orgPresets.orgId, provisioningGroupMaps.orgId),
      ),
    )
    .where(eq(provisioningGroupMaps.orgId, orgId))
    .orderBy(asc(provisioningGroupMaps.groupNameLower));
  return rows.map((r) => ({ ...r, presetName: r.presetName ?? null, createdAt: r.createdAt.toISOString() }));
}

const unknownPreset = () =>
  new HttpError({
    code: "invalid_input",
    message: "Some fields are not valid.",
    fields: { presetId: "This org has no such preset (it may have been deleted)." },
  });

/** Maps a directory group name (matched without regard to case) to one of the org's presets. */
export async function putGroupMap({
  orgId,
  groupName,
  presetId,
  actor,
}: {
  orgId: string;
  groupName: string;
  presetId: string;
  actor: AuditActor;
}): Promise<GroupMapView> {
  const name = groupName.trim();
  const lower = name.toLowerCase();
  const db = await getDb();
  const [preset] = await db
    .select({ id: orgPresets.id, name: orgPresets.name })
    .from(orgPresets)
    .where(and(eq(orgPresets.orgId, orgId), eq(orgPresets.id, presetId)));
  const target = { orgId, detail: `group "${name}" → preset "${preset?.name ?? presetId}"` };
  if (!preset) {
    throw await auditedRefusal(actor, "provisioning.group_mapped", target, unknownPreset());
  }
  const { result } = await auditedMutation({
    actor,
    action: "provisioning.group_mapped",
    target,
    act: async () => {
      const now = new Date();
      const [row] = await db
        .insert(provisioningGroupMaps)
        .values({
          orgId,
          groupName: name,
          groupNameLower: lower,
          presetId,
          createdAt: now,
          createdBy: actor.email,
        })
        .onConflictDoUpdate({
          target: [provisioningGroupMaps.orgId, provisioningGroupMaps.groupNameLower],
          set: { groupName: name, presetId, createdAt: now, createdBy: actor.email },
        })
        .returning();
      return row!;
    },
  });
  await markOrgDirty(orgId);
  return {
    groupName: result.groupName,
    presetId: result.presetId,
    presetName: preset.name,
    createdAt: result.createdAt.toISOString(),
  };
}

/** Removes a group's map (its members then get the preset named like the group, or the org's default). */
export async function deleteGroupMap({
  orgId,
  groupName,
  actor,
}: {
  orgId: string;
  groupName: string;
  actor: AuditActor;
}): Promise<void> {
  const lower = groupName.trim().toLowerCase();
  const db = await getDb();
  const [existing] = await db
    .select()
    .from(provisioningGroupMaps)
    .where(and(eq(provisioningGroupMaps.orgId, orgId), eq(provisioningGroupMaps.groupNameLower, lower)));
  if (!existing) {
    throw new HttpError({ code: "not_found", message: "This group is not mapped to a preset." });
  }
  await auditedMutation({
    actor,
    action: "provisioning.group_unmapped",
    target: { orgId, detail: `group "${existing.groupName}"` },
    act: async () => {
      await db
        .delete(provisioningGroupMaps)
        .where(and(eq(provisioningGroupMaps.orgId, orgId), eq(provisioningGroupMaps.groupNameLower, lower)));
    },
  });
  await markOrgDirty(orgId);
}
