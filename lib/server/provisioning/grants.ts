import "server-only";
import { eq } from "drizzle-orm";
import type { Grants } from "@/lib/schemas/grants";
import type { Db } from "../db";
import { orgPresets, provisioningGroupMaps, scimGroupMembers, scimGroups } from "../db/schema";

// What a directory user should be granted: the presets their groups name (a group whose displayName is a
// preset's name applies it; the Provisioning page maps other group names), all of them together; else the
// org's default preset; else Organization Member. Read from the console's database only: no Atlas call.

export interface DirectoryGrants {
  grants: Grants;
  /** The presets applied, by name (empty: the default or ORG_MEMBER). */
  presets: string[];
  /** The user's groups that name no preset. */
  unmapped: string[];
  source: "groups" | "default" | "member";
}

export const MEMBER_ONLY: Grants = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };

export function unionGrants(list: Grants[]): Grants {
  const orgRoles = new Set<string>();
  const teamIds = new Set<string>();
  const projects = new Map<string, Set<string>>();
  for (const g of list) {
    g.orgRoles.forEach((r) => orgRoles.add(r));
    g.teamIds.forEach((t) => teamIds.add(t));
    for (const p of g.projectRoles) {
      const roles = projects.get(p.projectId) ?? new Set<string>();
      p.roles.forEach((r) => roles.add(r));
      projects.set(p.projectId, roles);
    }
  }
  return {
    orgRoles: orgRoles.size > 0 ? [...orgRoles].sort() : ["ORG_MEMBER"],
    teamIds: [...teamIds].sort(),
    projectRoles: [...projects.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([projectId, roles]) => ({ projectId, roles: [...roles].sort() })),
  };
}

/** Grants compared as sets (order never matters to Atlas). */
export function sameGrants(a: Grants | null | undefined, b: Grants): boolean {
  if (!a) return false;
  const x = unionGrants([a]);
  const y = unionGrants([b]);
  return JSON.stringify(x) === JSON.stringify(y);
}

export async function directoryGrants(db: Db, orgId: string, userId: string): Promise<DirectoryGrants> {
  const [groups, presets, maps] = await Promise.all([
    db
      .select({ name: scimGroups.displayName })
      .from(scimGroupMembers)
      .innerJoin(scimGroups, eq(scimGroups.id, scimGroupMembers.groupId))
      .where(eq(scimGroupMembers.userId, userId)),
    db.select().from(orgPresets).where(eq(orgPresets.orgId, orgId)),
    db.select().from(provisioningGroupMaps).where(eq(provisioningGroupMaps.orgId, orgId)),
  ]);
  const byName = new Map(presets.map((p) => [p.name.toLowerCase(), p]));
  const byId = new Map(presets.map((p) => [p.id, p]));
  const mapped = new Map(maps.map((m) => [m.groupNameLower, m.presetId]));
  const applied = new Map<string, (typeof presets)[number]>();
  const unmapped: string[] = [];
  for (const g of groups) {
    const key = g.name.toLowerCase();
    const preset = (mapped.has(key) ? byId.get(mapped.get(key)!) : undefined) ?? byName.get(key);
    if (preset) applied.set(preset.id, preset);
    else unmapped.push(g.name);
  }
  if (applied.size > 0) {
    const list = [...applied.values()];
    return {
      grants: unionGrants(list.map((p) => p.grants)),
      presets: list.map((p) => p.name).sort(),
      unmapped,
      source: "groups",
    };
  }
  const def = presets.find((p) => p.isDefault);
  if (def) return { grants: unionGrants([def.grants]), presets: [def.name], unmapped, source: "default" };
  return { grants: MEMBER_ONLY, presets: [], unmapped, source: "member" };
}
