import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { ProvisioningTokenView } from "@/lib/schemas/provisioning";
import { createProvisioningTokenSchema } from "@/lib/schemas/provisioning";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { provisioningTokens } from "../db/schema/provisioning";
import { logger } from "../log";
import {
  generateProvisioningToken,
  hashToken,
  isWellFormedProvisioningToken,
  provisioningTokenPrefix,
  sameHash,
} from "../tokens/format";

// Provisioning tokens: an identity provider's credential for one org's SCIM endpoint (/scim/v2), created,
// listed and revoked by the org's admins on the Provisioning page. Only the SHA-256 of the secret is stored;
// the secret appears in the creation answer only, never in an audit row or a log.

type TokenRow = typeof provisioningTokens.$inferSelect;

function viewOf(row: TokenRow): ProvisioningTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    createdByEmail: row.createdByEmail,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: row.lastUsedIp,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: row.revokedAt ? "revoked" : "active",
  };
}

const nameTaken = (name: string) =>
  new HttpError({
    code: "conflict",
    message: "Some fields are not valid.",
    fields: {
      name: `This org already has a provisioning token named "${name}": revoke it or choose another name.`,
    },
  });

const noSuchToken = () =>
  new HttpError({
    code: "not_found",
    message: "This org has no such provisioning token (it may have been deleted).",
  });

export async function createProvisioningToken({
  orgId,
  name,
  actor,
}: {
  orgId: string;
  name: string;
  actor: AuditActor;
}): Promise<{ token: ProvisioningTokenView; secret: string }> {
  const parsed = createProvisioningTokenSchema.safeParse({ name });
  if (!parsed.success) {
    throw new HttpError({
      code: "invalid_input",
      message: "Some fields are not valid.",
      fields: { name: parsed.error.issues[0]?.message ?? "Not a valid name." },
    });
  }
  const cleanName = parsed.data.name;
  const secret = generateProvisioningToken();
  const id = randomUUID();
  const prefix = provisioningTokenPrefix(secret);
  const db = await getDb();
  const { result } = await auditedMutation({
    actor,
    action: "provisioning.token_created",
    target: { orgId, targetId: id, detail: `token "${cleanName}" (${prefix}…)` },
    act: async () => {
      // The partial unique index (org, lower(name)) among live tokens decides a race between two admins.
      const [inserted] = await db
        .insert(provisioningTokens)
        .values({
          id,
          orgId,
          name: cleanName,
          tokenHash: hashToken(secret),
          prefix,
          createdByUserId: actor.userId,
          createdByEmail: actor.email,
        })
        .onConflictDoNothing()
        .returning();
      if (!inserted) throw nameTaken(cleanName);
      return inserted;
    },
  });
  return { token: viewOf(result), secret };
}

/** The org's provisioning tokens, newest first, revoked ones included. */
export async function listProvisioningTokens(orgId: string): Promise<ProvisioningTokenView[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(provisioningTokens)
    .where(eq(provisioningTokens.orgId, orgId))
    .orderBy(desc(provisioningTokens.createdAt));
  return rows.map(viewOf);
}

/** Revokes a token of the org (at once, on every instance); a token already revoked answers as it is. */
export async function revokeProvisioningToken({
  orgId,
  tokenId,
  actor,
}: {
  orgId: string;
  tokenId: string;
  actor: AuditActor;
}): Promise<ProvisioningTokenView> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(provisioningTokens)
    .where(and(eq(provisioningTokens.id, tokenId), eq(provisioningTokens.orgId, orgId)));
  // Another org's token answers as an unknown one.
  if (!row) throw noSuchToken();
  if (row.revokedAt) return viewOf(row);
  const { result } = await auditedMutation({
    actor,
    action: "provisioning.token_revoked",
    target: { orgId, targetId: row.id, detail: `token "${row.name}" (${row.prefix}…)` },
    act: async () => {
      const [done] = await db
        .update(provisioningTokens)
        .set({ revokedAt: new Date(), revokedBy: actor.userId ?? actor.email })
        .where(and(eq(provisioningTokens.id, row.id), isNull(provisioningTokens.revokedAt)))
        .returning();
      if (done) return done;
      // Revoked by someone else in between: the same answer.
      const [now] = await db.select().from(provisioningTokens).where(eq(provisioningTokens.id, row.id));
      return now ?? row;
    },
  });
  return viewOf(result);
}

// Per token and instance: when its last use was written (the column is written at most once a minute).
const lastWritten = new Map<string, number>();

async function noteUse(tokenId: string, ip: string | null, now: Date): Promise<void> {
  const before = lastWritten.get(tokenId) ?? 0;
  if (now.getTime() - before < 60_000) return;
  lastWritten.set(tokenId, now.getTime());
  if (lastWritten.size > 10_000) {
    for (const [id, at] of lastWritten) if (now.getTime() - at > 60_000) lastWritten.delete(id);
  }
  const db = await getDb();
  await db
    .update(provisioningTokens)
    .set({ lastUsedAt: now, lastUsedIp: ip?.slice(0, 100) ?? null })
    .where(
      and(
        eq(provisioningTokens.id, tokenId),
        or(
          isNull(provisioningTokens.lastUsedAt),
          lt(provisioningTokens.lastUsedAt, new Date(now.getTime() - 60_000)),
        ),
      ),
    )
    .catch((err: unknown) =>
      logger.warn({ err: (err as Error).message }, "could not record a provisioning token's last use"),
    );
}

/**
 * The org a SCIM request's bearer secret stands for, or null: malformed (shape or checksum), unknown or
 * revoked. Read afresh on every request, so a revocation counts at the next request on every instance.
 */
export async function authenticateProvisioningToken(
  secret: string,
  ip: string | null,
): Promise<{ tokenId: string; tokenName: string; orgId: string } | null> {
  if (typeof secret !== "string" || !isWellFormedProvisioningToken(secret)) return null;
  const hash = hashToken(secret);
  const db = await getDb();
  const [found] = await db
    .select({
      id: provisioningTokens.id,
      name: provisioningTokens.name,
      orgId: provisioningTokens.orgId,
      tokenHash: provisioningTokens.tokenHash,
      revokedAt: provisioningTokens.revokedAt,
    })
    .from(provisioningTokens)
    .where(eq(provisioningTokens.tokenHash, hash))
    .limit(1);
  if (!found || !sameHash(found.tokenHash, hash) || found.revokedAt) return null;
  await noteUse(found.id, ip, new Date());
  return { tokenId: found.id, tokenName: found.name, orgId: found.orgId };
}
