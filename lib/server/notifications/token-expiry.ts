import "server-only";
import { and, asc, eq, gt, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { user as userTable } from "../db/schema/auth";
import { notificationPreferences } from "../db/schema/notifications";
import { apiTokens } from "../db/schema/tokens";
import { env } from "../env";
import { addToOutbox } from "./outbox";
import { tokenSection } from "./digest-text";
import type { ExpiringToken } from "./digest-text";

// "API tokens expiring soon" in the digest: each digest recipient's own live tokens that expire within 7 days,
// at most once per token and UTC day. `api_tokens.expiry_notice_at` is when the owner was last told; it is
// written in the transaction that queues the digest (outbox row) mentioning the token, so the outbox's
// once-per-key delivery (./outbox.ts) and this mark go together. A token is told again the next day while it
// still expires soon, like an expiring invitation. The owner's org digests carry the section (digest.ts);
// an opted-in owner who gets no org digest that day gets it alone (buildTokenNotices).

const WINDOW_MS = 7 * 24 * 3600_000;

const expiringSoon = (now: Date) =>
  and(
    isNull(apiTokens.revokedAt),
    gt(apiTokens.expiresAt, now),
    lte(apiTokens.expiresAt, new Date(now.getTime() + WINDOW_MS)),
  );

/** Not yet told on `day` (YYYY-MM-DD, UTC). */
const notToldOn = (day: string) =>
  or(isNull(apiTokens.expiryNoticeAt), lt(apiTokens.expiryNoticeAt, new Date(`${day}T00:00:00.000Z`)));

/**
 * The owner's tokens to mention in the digest of `day`, locked until the caller's transaction ends, so that
 * two digests built at once (two orgs, two instances) mention a token once: the second waits, then reads it
 * as told. Call inside a transaction, then markTokensTold with the ids once the outbox row is written.
 */
export async function tokensToTell(
  tx: Db,
  userId: string,
  day: string,
  now: Date,
): Promise<(ExpiringToken & { id: string })[]> {
  const rows = await tx
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), expiringSoon(now), notToldOn(day)))
    .orderBy(asc(apiTokens.id))
    .for("update");
  return rows
    .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
    .map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, expiresAt: r.expiresAt.toISOString() }));
}

/**
 * Marks tokens told in the digest of `day`: at `now`, or at the start of `day` when it is built ahead (a run
 * queued by hand for a later day), so that the day counts them as told.
 */
export async function markTokensTold(tx: Db, ids: string[], day: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  const at = new Date(Math.max(now.getTime(), Date.parse(`${day}T00:00:00.000Z`)));
  await tx.update(apiTokens).set({ expiryNoticeAt: at }).where(inArray(apiTokens.id, ids));
}

/** The e-mail for an owner whose tokens expire soon on a day without an org digest for them. */
export function tokenNoticeText(day: string, tokens: ExpiringToken[]): { subject: string; text: string } {
  const base = env().CONSOLE_URL?.replace(/\/$/, "");
  return {
    subject: `API tokens: ${tokens.length} expiring soon`,
    text: [
      `Daily digest, ${day}.`,
      "",
      ...tokenSection(tokens),
      `You receive this because you own these tokens. Turn the digest off on your Account page${
        base ? `: ${base}/account` : "."
      }`,
      "",
    ].join("\n"),
  };
}

/**
 * After the org digests of `day`: every active, opted-in console user with tokens not yet told that day gets
 * them in a digest of their own (outbox key "digest:<day>:tokens:<userId>"). Answers the new outbox rows' ids.
 */
export async function buildTokenNotices(db: Db, day: string, now = new Date()): Promise<string[]> {
  const owners = await db
    .selectDistinct({ userId: userTable.id, email: userTable.email })
    .from(apiTokens)
    .innerJoin(userTable, eq(userTable.id, apiTokens.userId))
    .leftJoin(notificationPreferences, eq(notificationPreferences.userId, userTable.id))
    .where(
      and(
        eq(userTable.active, true),
        sql`${notificationPreferences.digest} is distinct from false`,
        expiringSoon(now),
        notToldOn(day),
      ),
    )
    .orderBy(asc(userTable.email), asc(userTable.id));
  const created: string[] = [];
  for (const owner of owners) {
    const id = await db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const tokens = await tokensToTell(t, owner.userId, day, now);
      if (tokens.length === 0) return null;
      const { subject, text } = tokenNoticeText(day, tokens);
      const rowId = await addToOutbox(t, {
        key: `digest:${day}:tokens:${owner.userId}`,
        kind: "digest",
        channel: "email",
        recipient: owner.email,
        recipientUserId: owner.userId,
        subject,
        bodyText: text,
      });
      // A row under this key exists already (told earlier that day): the newer tokens wait for tomorrow.
      if (rowId)
        await markTokensTold(
          t,
          tokens.map((x) => x.id),
          day,
          now,
        );
      return rowId;
    });
    if (id) created.push(id);
  }
  return created;
}
