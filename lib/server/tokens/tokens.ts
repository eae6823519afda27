import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { ROLES } from "@/lib/permissions";
import type { AdminTokenView, CreatedToken, TokenView } from "@/lib/schemas/tokens";
import type { createTokenSchema } from "@/lib/schemas/tokens";
import type { z } from "zod";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditAuthEvent } from "../auth/audit";
import { invalidate } from "../auth/verified-cache";
import { listOrgsWithConnections } from "../connections/list-orgs";
import { getDb } from "../db";
import { user as userTable } from "../db/schema/auth";
import { apiTokens } from "../db/schema/tokens";
import { generateToken, hashToken, tokenPrefix } from "./format";

// Personal API tokens: created, listed and revoked by their owner (a session, never a token), listed and
// revoked by admins. Every creation and revocation is audited; the secret appears only in the creation answer.

type TokenRow = typeof apiTokens.$inferSelect;
type CreateInput = z.output<typeof createTokenSchema>;

const rank = (r: Role) => ROLES.indexOf(r);

/** What a token carries now: its asked role, never more than its owner's current role. */
export function effectiveRole(asked: Role | null, owner: Role): Role {
  return asked && rank(asked) < rank(owner) ? asked : owner;
}

function stateOf(row: TokenRow, ownerActive: boolean, now = Date.now()): TokenView["state"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt.getTime() <= now) return "expired";
  if (!ownerActive) return "owner_inactive";
  return "active";
}

function viewOf(row: TokenRow, owner: { role: Role; active: boolean }): TokenView {
  const state = stateOf(row, owner.active);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    effectiveRole: state === "active" ? effectiveRole(row.role, owner.role) : null,
    orgIds: row.orgIds ?? null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state,
  };
}

async function ownerOf(userId: string): Promise<{ role: Role; active: boolean }> {
  const db = await getDb();
  const [owner] = await db
    .select({ role: userTable.role, active: userTable.active })
    .from(userTable)
    .where(eq(userTable.id, userId));
  if (!owner) throw new HttpError({ code: "unauthorized", message: "Sign in to use the console." });
  return owner;
}

export async function listOwnTokens(userId: string): Promise<TokenView[]> {
  const db = await getDb();
  const owner = await ownerOf(userId);
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((r) => viewOf(r, owner));
}

/** Org ids the console does not reach are refused by name (a typo would make a token that reads nothing). */
async function checkOrgIds(orgIds: string[]): Promise<void> {
  const known = new Set((await listOrgsWithConnections()).orgs.map((o) => o.id));
  const fields: Record<string, string> = {};
  orgIds.forEach((id, i) => {
    if (!known.has(id)) fields[`orgIds.${i}`] = `${id} is not an org this console reaches.`;
  });
  if (Object.keys(fields).length > 0) {
    throw new HttpError({ code: "invalid_input", message: "Some fields are not valid.", fields });
  }
}

export async function createToken(req: {
  user: { id: string; email: string; role: Role };
  input: CreateInput;
  actor: AuditActor;
}): Promise<CreatedToken> {
  const { user, input, actor } = req;
  if (input.role && rank(input.role) > rank(user.role)) {
    throw new HttpError({
      code: "invalid_input",
      message: "Some fields are not valid.",
      fields: { role: `A token cannot carry more than your own role (${user.role}).` },
    });
  }
  const orgIds = input.orgIds ? [...new Set(input.orgIds)] : null;
  if (orgIds) await checkOrgIds(orgIds);
  const secret = generateToken();
  const now = new Date();
  const row: typeof apiTokens.$inferInsert = {
    id: randomUUID(),
    userId: user.id,
    name: input.name,
    tokenHash: hashToken(secret),
    prefix: tokenPrefix(secret),
    role: input.role ?? null,
    orgIds,
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
  };
  const db = await getDb();
  const [inserted] = await db.insert(apiTokens).values(row).onConflictDoNothing().returning();
  if (!inserted) {
    throw new HttpError({
      code: "conflict",
      message: "Some fields are not valid.",
      fields: { name: `You already have a token named "${input.name}": revoke it or choose another name.` },
    });
  }
  await auditAuthEvent(actor, {
    action: "token.created",
    outcome: "success",
    targetEmail: user.email,
    detail: `token "${inserted.name}" (${inserted.prefix}…), role ${inserted.role ?? "the owner's"}, ${
      orgIds ? `orgs ${orgIds.join(", ")}` : "every org"
    }, expires ${inserted.expiresAt.toISOString().slice(0, 10)}`.slice(0, 2000),
  });
  return { ...viewOf(inserted, { role: user.role, active: true }), token: secret };
}

async function revoke(
  db: Awaited<ReturnType<typeof getDb>>,
  row: TokenRow,
  actor: AuditActor,
  ownerEmail: string,
) {
  const [done] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date(), revokedBy: actor.userId })
    .where(and(eq(apiTokens.id, row.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (!done) return; // revoked already: the same answer, one audit row
  invalidate(`t:${row.id}`);
  await auditAuthEvent(actor, {
    action: "token.revoked",
    outcome: "success",
    targetEmail: ownerEmail,
    detail: `token "${row.name}" (${row.prefix}…)`,
  });
}

const noSuchToken = () =>
  new HttpError({ code: "not_found", message: "There is no such token (it may have been deleted)." });

export async function revokeOwnToken(req: {
  userId: string;
  tokenId: string;
  actor: AuditActor;
  email: string;
}) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, req.tokenId), eq(apiTokens.userId, req.userId)));
  // Another person's token id answers as an unknown one.
  if (!row) throw noSuchToken();
  await revoke(db, row, req.actor, req.email);
}

export async function listAllTokens(): Promise<AdminTokenView[]> {
  const db = await getDb();
  const rows = await db
    .select({
      token: apiTokens,
      owner: {
        id: userTable.id,
        email: userTable.email,
        name: userTable.name,
        role: userTable.role,
        active: userTable.active,
      },
    })
    .from(apiTokens)
    .innerJoin(userTable, eq(userTable.id, apiTokens.userId))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(({ token, owner }) => ({
    ...viewOf(token, owner),
    owner: { id: owner.id, email: owner.email, name: owner.name },
  }));
}

export async function revokeAnyToken(req: { tokenId: string; actor: AuditActor }) {
  const db = await getDb();
  const [found] = await db
    .select({ token: apiTokens, email: userTable.email })
    .from(apiTokens)
    .innerJoin(userTable, eq(userTable.id, apiTokens.userId))
    .where(eq(apiTokens.id, req.tokenId));
  if (!found) throw noSuchToken();
  await revoke(db, found.token, req.actor, found.email);
}
