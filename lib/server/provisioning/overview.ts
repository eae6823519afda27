import "server-only";
import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { ProvisioningOverview } from "@/lib/schemas/provisioning";
import { getDb } from "../db";
import { orgPresets, scimGroupMembers, scimGroups, scimRequests, scimUsers } from "../db/schema";
import { getProvisioningSettings, listGroupMaps } from "./settings";
import { listProvisioningTokens } from "./tokens";

// Everything the Provisioning page shows of one org, in one answer: settings, tokens, group maps, the
// directory's groups with the preset each applies, how far Atlas has followed the directory, who needs an
// admin, and the latest SCIM requests.

const ATTENTION_LIMIT = 200;
const REQUEST_LIMIT = 50;

export async function provisioningOverview(orgId: string): Promise<ProvisioningOverview> {
  const db = await getDb();
  const n = (where: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${where})`.mapWith(Number);
  const [settings, tokens, groupMaps, groupRows, presets, countRows, attentionRows, requestRows] =
    await Promise.all([
      getProvisioningSettings(orgId),
      listProvisioningTokens(orgId),
      listGroupMaps(orgId),
      db
        .select({
          id: scimGroups.id,
          displayName: scimGroups.displayName,
          members: count(scimGroupMembers.userId),
        })
        .from(scimGroups)
        .leftJoin(scimGroupMembers, eq(scimGroupMembers.groupId, scimGroups.id))
        .where(eq(scimGroups.orgId, orgId))
        .groupBy(scimGroups.id, scimGroups.displayName)
        .orderBy(sql`lower(${scimGroups.displayName})`),
      db.select({ name: orgPresets.name }).from(orgPresets).where(eq(orgPresets.orgId, orgId)),
      // People the directory holds now (users, active) and where Atlas is for every row the worker still has,
      // deleted ones included (their cancellation or removal may still be queued).
      db
        .select({
          users: n(sql`${scimUsers.deletedAt} is null`),
          active: n(sql`${scimUsers.deletedAt} is null and ${scimUsers.active}`),
          pending: n(sql`${scimUsers.atlasState} = 'pending'`),
          queued: n(sql`${scimUsers.atlasState} in ('queued', 'none') and ${scimUsers.dirtyAt} is not null`),
          members: n(sql`${scimUsers.atlasState} = 'member'`),
          held: n(sql`${scimUsers.atlasState} = 'held'`),
          refused: n(sql`${scimUsers.atlasState} = 'refused'`),
          failed: n(sql`${scimUsers.atlasState} = 'failed'`),
        })
        .from(scimUsers)
        .where(eq(scimUsers.orgId, orgId)),
      db
        .select({
          scimUserId: scimUsers.id,
          userName: scimUsers.userName,
          attention: scimUsers.attention,
          detail: scimUsers.attentionDetail,
          atlasState: scimUsers.atlasState,
          updatedAt: scimUsers.updatedAt,
        })
        .from(scimUsers)
        .where(and(eq(scimUsers.orgId, orgId), isNotNull(scimUsers.attention)))
        .orderBy(desc(scimUsers.updatedAt))
        .limit(ATTENTION_LIMIT),
      db
        .select({
          method: scimRequests.method,
          path: scimRequests.path,
          status: scimRequests.status,
          outcome: scimRequests.outcome,
          tokenName: scimRequests.tokenName,
          ms: scimRequests.ms,
          at: scimRequests.at,
        })
        .from(scimRequests)
        .where(eq(scimRequests.orgId, orgId))
        .orderBy(desc(scimRequests.id))
        .limit(REQUEST_LIMIT),
    ]);

  // A map names its preset explicitly, so it wins over a preset that merely has the group's name.
  const mapped = new Map(groupMaps.map((m) => [m.groupName.toLowerCase(), m]));
  const presetByName = new Map(presets.map((p) => [p.name.toLowerCase(), p.name]));
  const groups = groupRows.map((g) => {
    const key = g.displayName.toLowerCase();
    const map = mapped.get(key);
    return {
      id: g.id,
      displayName: g.displayName,
      members: Number(g.members),
      presetName: map ? map.presetName : (presetByName.get(key) ?? null),
      mapped: Boolean(map),
    };
  });
  const counts = countRows[0] ?? {
    users: 0,
    active: 0,
    pending: 0,
    queued: 0,
    members: 0,
    held: 0,
    refused: 0,
    failed: 0,
  };
  return {
    settings,
    tokens,
    groupMaps,
    groups,
    unmappedGroups: groups.filter((g) => g.presetName === null).map((g) => g.displayName),
    counts,
    attention: attentionRows.map((r) => ({
      scimUserId: r.scimUserId,
      userName: r.userName,
      attention: r.attention!,
      detail: r.detail,
      atlasState: r.atlasState,
      updatedAt: r.updatedAt.toISOString(),
    })),
    recentRequests: requestRows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}
