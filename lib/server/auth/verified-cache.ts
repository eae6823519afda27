import "server-only";
import type { Client as PgClient } from "pg";
import type { DatabaseHandle } from "../db";
import { getDatabaseHandle } from "../db";
import { forgetSessionActivity } from "./activity";
import { logger } from "../log";

// Sessions and API tokens verified against the database in the last few seconds, so that a warm request reads
// neither (docs/security.md "Sessions: the verified cache"). An entry ends before its time when the database
// says so: triggers (drizzle/0011_session-invalidation.sql) notify channel console_auth of every change that
// can end a session or token or change its user, and every instance listens. On PGlite (one process owns the
// files) the notification arrives inside the writing query, before its caller goes on. On PostgreSQL one
// dedicated connection per process listens; while it is down nothing cached is trusted.

/**
 * How long a verified session or token is trusted without the database. A page's burst of API calls (list,
 * orgs, teams, projects, notifications) falls within it; it also bounds what a lost notification could
 * leave standing, since a listener that dies is noticed within HEARTBEAT_MS.
 */
export const VERIFIED_TTL_MS = 5_000;
/** The listening connection proves itself this often (a half-open socket raises no error). */
const HEARTBEAT_MS = 5_000;
const CHANNEL = "console_auth";
/** The listening connection's application_name (pg_stat_activity shows which backend it is). */
export const LISTENER_NAME = "invite-console-session-listener";
/** Entries past this many are dropped oldest first (a burst of new sessions must not grow memory). */
const MAX_ENTRIES = 10_000;

/** What an entry stands for: "s:<session id>", "u:<user id>", "t:<token id>" (the triggers' payloads). */
export type InvalidationKey = `${"s" | "u" | "t"}:${string}`;

interface Entry {
  value: unknown;
  at: number;
  keys: InvalidationKey[];
}

interface Listener {
  stop(): Promise<void>;
}

interface State {
  handle: DatabaseHandle | null;
  /** Invalidations reach this process now: PGlite once listening, PostgreSQL while LISTEN holds. */
  live: boolean;
  /** Moves on every invalidation: a lookup that began before one does not cache what it read. */
  epoch: number;
  entries: Map<string, Entry>;
  listener: Listener | null;
  /** Bumped on rebind and stop: an old listener's late callbacks change nothing. */
  generation: number;
}

// One per process, on globalThis: Next bundles route handlers apart, and an invalidation seen by one bundle
// must end the entry every bundle reads.
const SLOT = Symbol.for("invite-console.verified-cache");
const state = ((globalThis as Record<symbol, unknown>)[SLOT] ??= {
  handle: null,
  live: false,
  epoch: 0,
  entries: new Map(),
  listener: null,
  generation: 0,
}) as State;

/** Ends every cached entry that stands for `key` (a session, every session and token of a user, a token). */
export function invalidate(...keys: InvalidationKey[]): void {
  state.epoch++;
  if (keys.length === 0) return;
  for (const [k, entry] of state.entries) {
    if (entry.keys.some((x) => keys.includes(x))) state.entries.delete(k);
  }
}

function forgetAll(): void {
  state.epoch++;
  state.entries.clear();
}

function onPayload(payload: string | undefined): void {
  if (payload && /^[sut]:/.test(payload)) {
    invalidate(payload as InvalidationKey);
    // The stored row changed (its last activity included): what this process remembers of it yields.
    if (payload.startsWith("s:")) forgetSessionActivity(payload.slice(2));
  } else forgetAll();
}

/** A ticket for one lookup: whether the cache may be read, and the epoch its result is cached under. */
export interface Ticket {
  trusted: boolean;
  epoch: number;
}

/** Binds the cache to the process's database (listening on first use) and opens one lookup. */
export async function openTicket(): Promise<Ticket> {
  const handle = await getDatabaseHandle();
  if (state.handle !== handle) bind(handle);
  return { trusted: state.live, epoch: state.epoch };
}

export function cached<T>(ticket: Ticket, key: string, now = Date.now()): T | null {
  if (!ticket.trusted) return null;
  const entry = state.entries.get(key);
  if (!entry) return null;
  if (now - entry.at >= VERIFIED_TTL_MS) {
    state.entries.delete(key);
    return null;
  }
  return entry.value as T;
}

/** Keeps what a lookup read, unless an invalidation came while it read or the listener is down. */
export function remember(ticket: Ticket, key: string, value: unknown, keys: InvalidationKey[]): void {
  if (!state.live || state.epoch !== ticket.epoch) return;
  if (state.entries.size >= MAX_ENTRIES) {
    const oldest = state.entries.keys().next();
    if (!oldest.done) state.entries.delete(oldest.value);
  }
  state.entries.delete(key);
  state.entries.set(key, { value, at: Date.now(), keys });
}

/** The entry under `key` whatever its age (to learn whose it is), or null. */
export function peek<T>(key: string): T | null {
  return (state.entries.get(key)?.value as T | undefined) ?? null;
}

/** Ends every entry (when whose they are is not known). */
export function invalidateAll(): void {
  forgetAll();
}

export function forget(key: string): void {
  state.entries.delete(key);
}

function bind(handle: DatabaseHandle): void {
  const old = state.listener;
  state.listener = null;
  state.generation++;
  state.handle = handle;
  state.live = false;
  forgetAll();
  void old?.stop().catch(() => undefined);
  const generation = state.generation;
  if (handle.raw.kind === "pglite") {
    const client = handle.raw.client;
    let unlisten: (() => Promise<void>) | null = null;
    // The old database may be closed by the time it is let go (tests close one and install the next): UNLISTEN
    // on a closed PGlite rejects, with nothing left to stop.
    const quietly = (u: () => Promise<void>) => u().catch(() => undefined);
    state.listener = {
      stop: async () => {
        if (unlisten) await quietly(unlisten);
      },
    };
    void client
      .listen(CHANNEL, onPayload)
      .then((u) => {
        unlisten = u;
        if (state.generation === generation) state.live = true;
        else void quietly(u);
      })
      .catch((err: unknown) =>
        logger.error({ err: (err as Error).message }, "session cache: PGlite LISTEN failed"),
      );
  } else {
    state.listener = listenOnPostgres(handle.raw.url, generation);
  }
}

/**
 * One connection of its own (LISTEN holds a connection for good; a pooled one would be handed to a query).
 * On error, end or a missed heartbeat: nothing cached is trusted, and it reconnects (1 s, doubling to 30 s);
 * once LISTEN holds again the cache starts empty (what changed meanwhile was never heard).
 */
function listenOnPostgres(url: string, generation: number): Listener {
  let stopped = false;
  let client: PgClient | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let delay = 1_000;
  const current = () => !stopped && state.generation === generation;

  const down = (why: string) => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    const was = client;
    client = null;
    if (was) void was.end().catch(() => undefined);
    if (!current()) return;
    if (state.live) logger.warn({ why }, "session cache: listener down, reading sessions from the database");
    state.live = false;
    forgetAll();
    if (!retry) {
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, delay);
      retry.unref();
      delay = Math.min(delay * 2, 30_000);
    }
  };

  const connect = async () => {
    if (!current()) return;
    const { Client } = await import("pg");
    const c = new Client({
      connectionString: url,
      keepAlive: true,
      query_timeout: HEARTBEAT_MS,
      application_name: LISTENER_NAME,
    });
    client = c;
    c.on("notification", (m) => {
      if (m.channel === CHANNEL && current()) onPayload(m.payload);
    });
    c.on("error", (err) => {
      if (client === c) down(err.message);
    });
    c.on("end", () => {
      if (client === c) down("connection ended");
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      if (client === c) down((err as Error).message);
      return;
    }
    if (!current() || client !== c) {
      void c.end().catch(() => undefined);
      return;
    }
    delay = 1_000;
    forgetAll();
    state.live = true;
    heartbeat = setInterval(() => {
      c.query("select 1").catch((err: unknown) => {
        if (client === c) down((err as Error).message);
      });
    }, HEARTBEAT_MS);
    heartbeat.unref();
  };

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}

/** Stops listening and forgets everything (graceful stop, tests that close their database). */
export async function stopVerifiedCache(): Promise<void> {
  const old = state.listener;
  state.listener = null;
  state.generation++;
  state.handle = null;
  state.live = false;
  forgetAll();
  await old?.stop();
}

/** Tests: whether invalidations currently reach this process (the cache is read only then). */
export function verifiedCacheLive(): boolean {
  return state.live;
}
