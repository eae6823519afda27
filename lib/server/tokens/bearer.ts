import "server-only";
import { eq } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { ROLES } from "@/lib/permissions";
import { TOKEN_RATE_PER_MINUTE } from "@/lib/schemas/tokens";
import { HttpError } from "../api/errors";
import { noteTokenUse } from "../auth/activity";
import { clientIp } from "../auth/client-ip";
import { sessionCookie } from "../auth/session";
import { cached, openTicket, remember } from "../auth/verified-cache";
import { getDb } from "../db";
import { user as userTable } from "../db/schema/auth";
import { apiTokens } from "../db/schema/tokens";
import { effectiveRole } from "./tokens";
import { hashToken, isWellFormedToken, sameHash } from "./format";

// `Authorization: Bearer ic_…` on the console's JSON routes (lib/server/api/with-console.ts): the token's owner
// is the caller, with at most the owner's current role, limited to the token's orgs. Read as a session is
// (lib/server/auth/session.ts): from the verified cache while nothing changed, else one indexed query; a
// revoked or expired token, or a deactivated or demoted owner, counts at the very next request on every
// instance. Its last use is written later, off the request path (lib/server/auth/activity.ts).

/** Who a token request acts for: what handlers and audit rows see. */
export interface TokenScope {
  id: string;
  name: string;
  /** null: every org. */
  orgIds: string[] | null;
}

export interface BearerCaller {
  user: { id: string; email: string; role: Role };
  token: TokenScope;
}

const ROLE_SET = new Set<string>(ROLES);

const unauthorized = (message: string) => new HttpError({ code: "unauthorized", message });

/** The bearer credential of a request: null without an Authorization header; a refusal for any other scheme. */
export function bearerOf(headers: Headers): string | null {
  const header = headers.get("authorization");
  if (header === null) return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized("The Authorization header must be `Bearer ic_…` (a console API token).");
  return m[1]!;
}

/** A request that sends the session cookie and a token: which person acts would be ambiguous. */
export async function hasSessionCookie(headers: Headers): Promise<boolean> {
  const cookieHeader = headers.get("cookie");
  if (!cookieHeader) return false;
  const { name } = await sessionCookie();
  const names = new Set([
    name,
    "console.session_token",
    "__Host-console.session_token",
    "__Secure-console.session_token",
  ]);
  return cookieHeader.split(";").some((part) => names.has(part.split("=", 1)[0]!.trim()));
}

// Per token and instance: a bucket of TOKEN_RATE_PER_MINUTE requests refilled continuously.
const buckets = new Map<string, { level: number; at: number }>();

/** Seconds to wait before the token's next request is accepted (0: go now, and it is counted). */
export function takeFromBucket(tokenId: string, now = Date.now()): number {
  const perMs = TOKEN_RATE_PER_MINUTE / 60_000;
  const b = buckets.get(tokenId) ?? { level: TOKEN_RATE_PER_MINUTE, at: now };
  const level = Math.min(TOKEN_RATE_PER_MINUTE, b.level + (now - b.at) * perMs);
  if (level < 1) {
    buckets.set(tokenId, { level, at: now });
    return Math.max(1, Math.ceil((1 - level) / perMs / 1000));
  }
  buckets.set(tokenId, { level: level - 1, at: now });
  if (buckets.size > 10_000) {
    // Forget full buckets (tokens idle for a minute or more): the map stays small.
    for (const [id, v] of buckets) if (now - v.at > 60_000) buckets.delete(id);
  }
  return 0;
}

type FoundToken = {
  token: {
    id: string;
    name: string;
    tokenHash: string;
    role: Role | null;
    orgIds: string[] | null;
    expiresAt: Date;
    revokedAt: Date | null;
  };
  user: { id: string; email: string; role: string; active: boolean };
};

/**
 * The token and its owner by the token's hash: from the verified cache (lib/server/auth/verified-cache.ts)
 * when it was read in the last seconds and nothing changed since, else one indexed query. Only a live token
 * is cached: a refusal is read afresh each time.
 */
async function findToken(hash: string): Promise<FoundToken | undefined> {
  const ticket = await openTicket();
  const key = `t:${hash}`;
  const hit = cached<FoundToken>(ticket, key);
  if (hit) return hit;
  const db = await getDb();
  const [found] = await db
    .select({
      token: {
        id: apiTokens.id,
        name: apiTokens.name,
        tokenHash: apiTokens.tokenHash,
        role: apiTokens.role,
        orgIds: apiTokens.orgIds,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
      },
      user: { id: userTable.id, email: userTable.email, role: userTable.role, active: userTable.active },
    })
    .from(apiTokens)
    .innerJoin(userTable, eq(userTable.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, hash))
    .limit(1);
  if (found && !found.token.revokedAt && found.user.active) {
    remember(ticket, key, found, [`t:${found.token.id}`, `u:${found.user.id}`]);
  }
  return found;
}

/**
 * The caller a bearer token stands for, or a 401 that says why (an unknown, revoked or expired token, or an
 * owner who was deactivated); a 429 with Retry-After past the token's rate.
 */
export async function authenticateBearer(secret: string, headers: Headers): Promise<BearerCaller> {
  if (!isWellFormedToken(secret))
    throw unauthorized("This is not a console API token (ic_…), or it was mistyped.");
  const hash = hashToken(secret);
  const found = await findToken(hash);
  if (!found || !sameHash(found.token.tokenHash, hash))
    throw unauthorized("This API token is not known to the console.");
  const { token, user } = found;
  if (token.revokedAt) throw unauthorized(`The API token "${token.name}" was revoked.`);
  const now = new Date();
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw unauthorized(
      `The API token "${token.name}" expired on ${token.expiresAt.toISOString().slice(0, 10)}.`,
    );
  }
  if (!user.active || !ROLE_SET.has(String(user.role))) {
    throw unauthorized("The owner of this API token is no longer an active console user.");
  }
  const wait = takeFromBucket(token.id, now.getTime());
  if (wait > 0) {
    throw new HttpError({
      code: "rate_limited",
      message: `This token made more than ${TOKEN_RATE_PER_MINUTE} requests in a minute: try again in ${wait} s.`,
      retryAfter: wait,
    });
  }
  noteTokenUse(token.id, clientIp(headers), now.getTime());
  return {
    user: { id: user.id, email: user.email, role: effectiveRole(token.role, user.role as Role) },
    token: { id: token.id, name: token.name, orgIds: token.orgIds ?? null },
  };
}
