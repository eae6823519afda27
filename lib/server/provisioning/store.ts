import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { emailSchema } from "@/lib/schemas/invitations";
import type { Db } from "../db";
import { getDb } from "../db";
import type { ScimUserRow } from "../db/schema";
import { scimGroupMembers, scimGroups, scimUsers } from "../db/schema";
import { domainAllowed, readPolicy } from "../guardrails/check";
import { ScimError } from "./scim/errors";

// The directory as the identity provider sent it: users and groups of one org. Writes decide what Atlas must
// follow (a user marked dirty is picked up by the worker, lib/server/provisioning/worker.ts); nothing here calls
// Atlas, so a SCIM answer never waits on Atlas's rate limit.

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** The SCIM caller: the org its token names, and the token (the actor "provisioning: <name>"). */
export interface ScimCaller {
  orgId: string;
  tokenId: string;
  tokenName: string;
}

/** What one write changed, in words, for the request log ("created alice@example.com; invitation queued"). */
export interface WriteNote {
  outcome: string;
}

const OWN = new Set([
  "schemas",
  "id",
  "meta",
  "userName",
  "externalId",
  "active",
  "displayName",
  "groups",
  "password",
]);

function attributesOf(instance: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(instance).filter(([k, v]) => !OWN.has(k) && v !== undefined));
}

function userNameOf(instance: Record<string, unknown>): string {
  const raw = instance.userName;
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new ScimError(400, "invalidValue", "userName is required.");
  }
  const userName = raw.trim();
  // Atlas invites by e-mail: the directory's userName is that address (docs/provisioning.md).
  if (!emailSchema.safeParse(userName).success) {
    throw new ScimError(
      400,
      "invalidValue",
      `userName "${userName.slice(0, 200)}" is not an e-mail address: Atlas invites people by e-mail. Map userName to the user's e-mail in the identity provider.`,
    );
  }
  return userName;
}

/**
 * The org's guardrail on addresses, at once: an address outside its allowed domains is refused with a SCIM error
 * when the org refuses them (an org that has them approved takes the user, and the worker files the request).
 */
async function refuseOutsideDomain(orgId: string, userName: string): Promise<void> {
  const policy = await readPolicy({ orgId });
  if (domainAllowed(policy, userName.toLowerCase()) || policy.outsideDomains !== "refuse") return;
  throw new ScimError(
    400,
    "invalidValue",
    `${userName} is outside this organization's allowed e-mail domains (${policy.allowedDomains.join(", ")}): not provisioned.`,
  );
}

export const text = (v: unknown, max = 500): string | null =>
  typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, max) : null;

export function uniqueViolation(e: unknown): boolean {
  const code =
    (e as { code?: unknown; cause?: { code?: unknown } })?.code ??
    (e as { cause?: { code?: unknown } })?.cause?.code;
  return code === "23505";
}

const userTaken = (userName: string) =>
  new ScimError(409, "uniqueness", `A user with userName "${userName}" already exists in this organization.`);

/** The SCIM resource of a stored user (SCIMMY adds schemas and checks it against the schema). */
export function userResource(row: ScimUserRow, groups: { id: string; displayName: string }[]) {
  return {
    ...row.attributes,
    schemas: [USER_SCHEMA],
    id: row.id,
    ...(row.externalId !== null ? { externalId: row.externalId } : {}),
    userName: row.userName,
    ...(row.displayName !== null ? { displayName: row.displayName } : {}),
    active: row.active,
    groups: groups.map((g) => ({ value: g.id, display: g.displayName, type: "direct" })),
    meta: {
      resourceType: "User",
      created: row.createdAt,
      lastModified: row.updatedAt,
      version: `W/"${row.version}"`,
    },
  };
}

export const live = (orgId: string) => and(eq(scimUsers.orgId, orgId), isNull(scimUsers.deletedAt));

/** Users of the org, with their groups; `where` narrows it (an indexed equality). */
export async function readUsers(
  orgId: string,
  where?: { attribute: "userName" | "externalId" | "id"; value: string },
) {
  const db = await getDb();
  const cond =
    where?.attribute === "userName"
      ? sql`lower(${scimUsers.userName}) = ${where.value.toLowerCase()}`
      : where?.attribute === "externalId"
        ? eq(scimUsers.externalId, where.value)
        : where?.attribute === "id"
          ? eq(scimUsers.id, where.value)
          : undefined;
  const rows = await db
    .select()
    .from(scimUsers)
    .where(cond ? and(live(orgId), cond) : live(orgId))
    .orderBy(asc(scimUsers.createdAt), asc(scimUsers.id))
    .limit(50_000);
  const groups = await groupsOfUsers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => userResource(r, groups.get(r.id) ?? []));
}

async function groupsOfUsers(db: Db, userIds: string[]) {
  const out = new Map<string, { id: string; displayName: string }[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: scimGroupMembers.userId, id: scimGroups.id, displayName: scimGroups.displayName })
    .from(scimGroupMembers)
    .innerJoin(scimGroups, eq(scimGroups.id, scimGroupMembers.groupId))
    .where(userIds.length > 500 ? undefined : inArray(scimGroupMembers.userId, userIds));
  const wanted = new Set(userIds);
  for (const r of rows) {
    if (!wanted.has(r.userId)) continue;
    const list = out.get(r.userId) ?? [];
    list.push({ id: r.id, displayName: r.displayName });
    out.set(r.userId, list);
  }
  return out;
}

export async function readUser(orgId: string, id: string) {
  const [user] = await readUsers(orgId, { attribute: "id", value: id });
  if (!user) throw new ScimError(404, null, `User ${id} not found.`);
  return user;
}

async function userRow(db: Db, orgId: string, id: string): Promise<ScimUserRow> {
  const [row] = await db
    .select()
    .from(scimUsers)
    .where(and(live(orgId), eq(scimUsers.id, id)))
    .limit(1);
  if (!row) throw new ScimError(404, null, `User ${id} not found.`);
  return row;
}

/** POST /Users: the user is recorded; an active one is queued for an Atlas invitation. */
export async function createUser(caller: ScimCaller, instance: Record<string, unknown>, note: WriteNote) {
  const db = await getDb();
  const userName = userNameOf(instance);
  const active = instance.active !== false;
  await refuseOutsideDomain(caller.orgId, userName);
  const now = new Date();
  const id = randomUUID();
  try {
    await db.insert(scimUsers).values({
      id,
      orgId: caller.orgId,
      userName,
      externalId: text(instance.externalId, 300),
      displayName: text(instance.displayName),
      active,
      attributes: attributesOf(instance),
      createdAt: now,
      updatedAt: now,
      createdByTokenId: caller.tokenId,
      atlasState: active ? "queued" : "none",
      dirtyAt: active ? now : null,
    });
  } catch (e) {
    if (uniqueViolation(e)) throw userTaken(userName);
    throw e;
  }
  note.outcome = active
    ? `created ${userName}; invitation queued`
    : `created ${userName} (inactive; nothing sent to Atlas)`;
  return readUser(caller.orgId, id);
}

/**
 * PUT /Users/{id}, and PATCH after SCIMMY applied the operations: the user becomes `instance`. Only a change of
 * `active` or of `userName` concerns Atlas; a repeated `active: true` changes nothing and sends nothing.
 */
export async function replaceUser(
  caller: ScimCaller,
  id: string,
  instance: Record<string, unknown>,
  note: WriteNote,
) {
  const db = await getDb();
  const before = await userRow(db, caller.orgId, id);
  const userName = userNameOf(instance);
  const active = typeof instance.active === "boolean" ? instance.active : before.active;
  const moved = userName.toLowerCase() !== before.userName.toLowerCase();
  const activeChanged = active !== before.active;
  if (moved) await refuseOutsideDomain(caller.orgId, userName);
  const now = new Date();
  try {
    await db
      .update(scimUsers)
      .set({
        userName,
        externalId: text(instance.externalId, 300),
        displayName: text(instance.displayName),
        active,
        attributes: attributesOf(instance),
        updatedAt: now,
        version: sql`${scimUsers.version} + 1`,
        ...(moved || activeChanged ? { dirtyAt: now } : {}),
        ...(activeChanged && active && !["pending", "member", "held"].includes(before.atlasState)
          ? { atlasState: "queued" as const, atlasMessage: null }
          : {}),
      })
      .where(and(eq(scimUsers.id, id), eq(scimUsers.orgId, caller.orgId)));
  } catch (e) {
    if (uniqueViolation(e)) throw userTaken(userName);
    throw e;
  }
  const changes = [
    moved ? `userName ${before.userName} → ${userName}` : null,
    activeChanged ? (active ? "reactivated" : "deactivated") : null,
  ].filter(Boolean);
  note.outcome =
    changes.length > 0
      ? `${userName}: ${changes.join(", ")}; Atlas follows`
      : `${userName}: profile updated (nothing for Atlas)`;
  return readUser(caller.orgId, id);
}

/** DELETE /Users/{id}: gone for the IdP at once; Atlas follows (its pending invitation is cancelled). */
export async function deleteUser(caller: ScimCaller, id: string, note: WriteNote): Promise<void> {
  const db = await getDb();
  const before = await userRow(db, caller.orgId, id);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.delete(scimGroupMembers).where(eq(scimGroupMembers.userId, id));
    await tx
      .update(scimUsers)
      .set({ deletedAt: now, updatedAt: now, dirtyAt: now, version: sql`${scimUsers.version} + 1` })
      .where(eq(scimUsers.id, id));
  });
  note.outcome = `deleted ${before.userName}; Atlas follows`;
}

/** Users of the org the worker still has to bring Atlas in line with. */
export async function backlogOf(orgId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(scimUsers)
    .where(and(eq(scimUsers.orgId, orgId), sql`${scimUsers.dirtyAt} is not null`));
  return row?.n ?? 0;
}
