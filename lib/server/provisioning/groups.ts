import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db";
import { getDb } from "../db";
import type { ScimGroupRow } from "../db/schema";
import { scimGroupMembers, scimGroups, scimUsers } from "../db/schema";
import { ScimError } from "./scim/errors";
import { GROUP_SCHEMA, live, text, uniqueViolation } from "./store";
import type { ScimCaller, WriteNote } from "./store";

// The directory's groups (SCIM /Groups) of one org. A group's members are directory users of the org; a change
// of membership, a rename or a delete marks the users concerned, whose grants follow their groups' presets
// (lib/server/provisioning/grants.ts).

export function groupResource(row: ScimGroupRow, members: { id: string; userName: string }[]) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    displayName: row.displayName,
    members: members.map((m) => ({ value: m.id, display: m.userName, type: "User" })),
    meta: {
      resourceType: "Group",
      created: row.createdAt,
      lastModified: row.updatedAt,
      version: `W/"${row.version}"`,
    },
  };
}

export async function readGroups(
  orgId: string,
  where?: { attribute: "displayName" | "externalId" | "id"; value: string },
  withMembers = true,
) {
  const db = await getDb();
  const cond =
    where?.attribute === "displayName"
      ? sql`lower(${scimGroups.displayName}) = ${where.value.toLowerCase()}`
      : where?.attribute === "externalId"
        ? eq(scimGroups.externalId, where.value)
        : where?.attribute === "id"
          ? eq(scimGroups.id, where.value)
          : undefined;
  const rows = await db
    .select()
    .from(scimGroups)
    .where(cond ? and(eq(scimGroups.orgId, orgId), cond) : eq(scimGroups.orgId, orgId))
    .orderBy(asc(scimGroups.createdAt), asc(scimGroups.id))
    .limit(10_000);
  const members = new Map<string, { id: string; userName: string }[]>();
  if (withMembers && rows.length > 0) {
    const list = await db
      .select({ groupId: scimGroupMembers.groupId, id: scimUsers.id, userName: scimUsers.userName })
      .from(scimGroupMembers)
      .innerJoin(scimUsers, eq(scimUsers.id, scimGroupMembers.userId))
      .where(
        inArray(
          scimGroupMembers.groupId,
          rows.map((r) => r.id),
        ),
      );
    for (const m of list) {
      const l = members.get(m.groupId) ?? [];
      l.push({ id: m.id, userName: m.userName });
      members.set(m.groupId, l);
    }
  }
  return rows.map((r) => groupResource(r, members.get(r.id) ?? []));
}

export async function readGroup(orgId: string, id: string, withMembers = true) {
  const [group] = await readGroups(orgId, { attribute: "id", value: id }, withMembers);
  if (!group) throw new ScimError(404, null, `Group ${id} not found.`);
  return group;
}

function displayNameOf(instance: Record<string, unknown>): string {
  const name = text(instance.displayName, 300);
  if (!name) throw new ScimError(400, "invalidValue", "displayName is required.");
  return name;
}

/** The member ids of a group write that are live users of this org (others are ignored and counted). */
async function memberIdsOf(db: Db, orgId: string, instance: Record<string, unknown>) {
  const raw = Array.isArray(instance.members) ? instance.members : [];
  const asked = [
    ...new Set(
      raw
        .map((m) => (m && typeof m === "object" ? (m as { value?: unknown }).value : null))
        .filter((v): v is string => typeof v === "string" && v.length > 0 && v.length <= 100),
    ),
  ];
  if (asked.length === 0) return { ids: [] as string[], unknown: 0 };
  const found = await db
    .select({ id: scimUsers.id })
    .from(scimUsers)
    .where(and(live(orgId), inArray(scimUsers.id, asked)));
  return { ids: found.map((f) => f.id), unknown: asked.length - found.length };
}

const groupTaken = (name: string) =>
  new ScimError(409, "uniqueness", `A group named "${name}" already exists in this organization.`);

async function markDirty(db: Db, orgId: string, userIds: string[], now: Date) {
  if (userIds.length === 0) return;
  await db
    .update(scimUsers)
    .set({ dirtyAt: now })
    .where(and(eq(scimUsers.orgId, orgId), inArray(scimUsers.id, userIds)));
}

export async function createGroup(caller: ScimCaller, instance: Record<string, unknown>, note: WriteNote) {
  const db = await getDb();
  const displayName = displayNameOf(instance);
  const id = randomUUID();
  const now = new Date();
  const { ids, unknown } = await memberIdsOf(db, caller.orgId, instance);
  try {
    await db.transaction(async (tx) => {
      await tx.insert(scimGroups).values({
        id,
        orgId: caller.orgId,
        displayName,
        externalId: text(instance.externalId, 300),
        createdAt: now,
        updatedAt: now,
      });
      if (ids.length > 0) {
        await tx.insert(scimGroupMembers).values(ids.map((userId) => ({ groupId: id, userId })));
      }
    });
  } catch (e) {
    if (uniqueViolation(e)) throw groupTaken(displayName);
    throw e;
  }
  await markDirty(db, caller.orgId, ids, now);
  note.outcome = `created group ${displayName} with ${ids.length} member(s)${unknown ? `; ${unknown} unknown member id(s) ignored` : ""}`;
  return readGroup(caller.orgId, id);
}

/** The org's group `id` and its members' ids; a SCIM 404 when the org has no such group. */
async function existingGroup(db: Db, orgId: string, id: string) {
  const [group] = await db
    .select()
    .from(scimGroups)
    .where(and(eq(scimGroups.orgId, orgId), eq(scimGroups.id, id)))
    .limit(1);
  if (!group) throw new ScimError(404, null, `Group ${id} not found.`);
  const memberIds = (
    await db
      .select({ userId: scimGroupMembers.userId })
      .from(scimGroupMembers)
      .where(eq(scimGroupMembers.groupId, id))
  ).map((r) => r.userId);
  return { group, memberIds };
}

export async function replaceGroup(
  caller: ScimCaller,
  id: string,
  instance: Record<string, unknown>,
  note: WriteNote,
) {
  const db = await getDb();
  const { group: before, memberIds: had } = await existingGroup(db, caller.orgId, id);
  const displayName = displayNameOf(instance);
  const { ids, unknown } = await memberIdsOf(db, caller.orgId, instance);
  const hadSet = new Set(had);
  const next = new Set(ids);
  const added = ids.filter((u) => !hadSet.has(u));
  const removed = had.filter((u) => !next.has(u));
  const renamed = displayName.toLowerCase() !== before.displayName.toLowerCase();
  const now = new Date();
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(scimGroups)
        .set({
          displayName,
          externalId: text(instance.externalId, 300),
          updatedAt: now,
          version: sql`${scimGroups.version} + 1`,
        })
        .where(eq(scimGroups.id, id));
      if (removed.length > 0) {
        await tx
          .delete(scimGroupMembers)
          .where(and(eq(scimGroupMembers.groupId, id), inArray(scimGroupMembers.userId, removed)));
      }
      if (added.length > 0) {
        await tx
          .insert(scimGroupMembers)
          .values(added.map((userId) => ({ groupId: id, userId })))
          .onConflictDoNothing();
      }
    });
  } catch (e) {
    if (uniqueViolation(e)) throw groupTaken(displayName);
    throw e;
  }
  await markDirty(db, caller.orgId, renamed ? [...new Set([...had, ...ids])] : [...added, ...removed], now);
  note.outcome = `group ${displayName}: ${added.length} added, ${removed.length} removed${renamed ? `, renamed from ${before.displayName}` : ""}${unknown ? `; ${unknown} unknown member id(s) ignored` : ""}`;
  return readGroup(caller.orgId, id);
}

export async function deleteGroup(caller: ScimCaller, id: string, note: WriteNote): Promise<void> {
  const db = await getDb();
  const { group: before, memberIds: had } = await existingGroup(db, caller.orgId, id);
  await db.delete(scimGroups).where(eq(scimGroups.id, id));
  await markDirty(db, caller.orgId, had, new Date());
  note.outcome = `deleted group ${before.displayName} (${had.length} member(s) follow)`;
}
