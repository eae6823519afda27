import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "../db";
import { session as sessionTable } from "../db/schema/auth";
import { apiTokens } from "../db/schema/tokens";
import { logger } from "../log";
import { sessionLimits } from "./settings";

// Last activity of sessions and API tokens, kept in memory by the request that saw it and written later, in
// one batch, off the request path: a successful read writes nothing. The idle rule (session.ts) judges a
// session by the later of its stored updatedAt and what this process saw; another instance sees the stored
// one, which trails the last activity by at most slideMs() + flushMs().

interface Seen {
  at: number;
  /** The updatedAt the database holds (as far as this process knows). */
  stored: number;
}

interface TokenUse {
  at: number;
  ip: string | null;
  written: number;
}

interface State {
  sessions: Map<string, Seen>;
  tokens: Map<string, TokenUse>;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
}

const SLOT = Symbol.for("invite-console.activity");
const state = ((globalThis as Record<symbol, unknown>)[SLOT] ??= {
  sessions: new Map(),
  tokens: new Map(),
  timer: null,
  flushing: null,
}) as State;

/** Activity newer than the stored updatedAt by this much is written (as before: at most 30 s, a quarter of idle). */
function slideMs(): number {
  return Math.min(30, sessionLimits().idleSeconds / 4) * 1000;
}

/** How soon recorded activity reaches the database. */
function flushMs(): number {
  return Math.min(5_000, slideMs());
}

const TOKEN_USE_EVERY_MS = 60_000;

function schedule(): void {
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    // Off any request: a database that cannot be had now (closed at stop, or its directory held by another
    // process) is logged, never an unhandled rejection; the activity stays recorded for the next flush.
    flushActivity().catch((err: unknown) =>
      logger.warn({ err: (err as Error).message }, "could not record sessions' last activity"),
    );
  }, flushMs());
  state.timer.unref();
}

/** The session's last activity as this process knows it (the stored value, or later). */
export function lastActivity(sessionId: string, stored: number): number {
  const seen = state.sessions.get(sessionId);
  return seen ? Math.max(seen.at, stored) : stored;
}

/** A request used the session now. */
export function noteSessionActivity(sessionId: string, stored: number, now = Date.now()): void {
  const seen = state.sessions.get(sessionId);
  if (seen) {
    seen.at = Math.max(seen.at, now);
    seen.stored = Math.max(seen.stored, stored);
  } else state.sessions.set(sessionId, { at: now, stored });
  if (now - Math.max(stored, seen?.stored ?? 0) > slideMs()) schedule();
}

/** The session ended: nothing of it is written any more. */
export function forgetSessionActivity(sessionId: string): void {
  state.sessions.delete(sessionId);
}

/** A request used the token now (written at most once a minute per token). */
export function noteTokenUse(tokenId: string, ip: string | null, now = Date.now()): void {
  const use = state.tokens.get(tokenId);
  if (use) {
    use.at = now;
    use.ip = ip;
  } else state.tokens.set(tokenId, { at: now, ip, written: 0 });
  if (now - (use?.written ?? 0) >= TOKEN_USE_EVERY_MS) schedule();
}

/** Writes what is due: one UPDATE for every session, one per token. Called by the timer, at stop and by tests. */
export async function flushActivity(): Promise<void> {
  if (state.flushing) await state.flushing;
  state.flushing = write().finally(() => (state.flushing = null));
  await state.flushing;
}

async function write(): Promise<void> {
  const now = Date.now();
  const slide = slideMs();
  const idle = sessionLimits().idleSeconds * 1000;
  const due: { id: string; at: number }[] = [];
  for (const [id, seen] of state.sessions) {
    if (seen.at - seen.stored > slide) due.push({ id, at: seen.at });
    // Nothing more to write, and nothing this process could still add to the idle rule: forget it.
    else if (now - seen.at > idle) state.sessions.delete(id);
  }
  const tokens: [string, TokenUse][] = [];
  for (const [id, use] of state.tokens) {
    if (use.at - use.written >= TOKEN_USE_EVERY_MS) tokens.push([id, use]);
    else if (now - use.at > TOKEN_USE_EVERY_MS) state.tokens.delete(id);
  }
  if (due.length === 0 && tokens.length === 0) return;
  const db = await getDb();
  if (due.length > 0) {
    const rows = sql.join(
      due.map((d) => sql`(${d.id}, ${new Date(d.at).toISOString()}::timestamptz)`),
      sql`, `,
    );
    try {
      await db.execute(
        sql`update ${sessionTable} set updated_at = v.at from (values ${rows}) as v(id, at)
            where ${sessionTable.id} = v.id and ${sessionTable.updatedAt} < v.at`,
      );
      for (const d of due) {
        const seen = state.sessions.get(d.id);
        if (seen) seen.stored = Math.max(seen.stored, d.at);
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "could not record sessions' last activity");
    }
  }
  for (const [id, use] of tokens) {
    const at = new Date(use.at);
    use.written = use.at;
    await db
      .update(apiTokens)
      .set({ lastUsedAt: at, lastUsedIp: use.ip?.slice(0, 100) ?? null })
      .where(
        and(
          eq(apiTokens.id, id),
          or(
            isNull(apiTokens.lastUsedAt),
            lt(apiTokens.lastUsedAt, new Date(at.getTime() - TOKEN_USE_EVERY_MS)),
          ),
        ),
      )
      .catch((err: unknown) =>
        logger.warn({ err: (err as Error).message }, "could not record a token's last use"),
      );
  }
  // Activity recorded while this ran, or not yet due, is written by a later round.
  if ([...state.sessions.values()].some((s) => s.at - s.stored > slide)) schedule();
}
