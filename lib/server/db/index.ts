import "server-only";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { letPgliteBreathe } from "./pglite-breathe";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { env } from "../env";
import { logger } from "../log";
import { securePrivateDir, withPrivateUmask } from "./file-modes";
import { acquireDataDirLock } from "./lock";
import { initPgliteInChild } from "./pglite-init";
import * as schema from "./schema";

export type Schema = typeof schema;
/** What db.execute() answers on both drivers (PGlite's Results and pg's QueryResult both carry rows). */
export interface DbQueryResultHKT extends PgQueryResultHKT {
  readonly type: DbRows<this["row"]>;
}
export interface DbRows<T> {
  rows: T[];
}
/** One Drizzle type for both drivers: PGlite (embedded) and node-postgres share every query we write. */
export type Db = PgDatabase<DbQueryResultHKT, Schema>;

export interface OpenOptions {
  /** postgres:// URL: node-postgres. Absent: PGlite in dataDir. */
  url?: string;
  /** PGlite's directory (default env().DATA_DIR); the database files live in <dataDir>/pglite. */
  dataDir?: string;
  /** Take DATA_DIR's lock file (default true). Only for PGlite. */
  lock?: boolean;
  /** PGlite: create a fresh cluster in a child process (./pglite-init.ts). The console's server does. */
  initInChild?: boolean;
}

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** The driver's own client, for the job layer (lib/server/jobs): PGlite's instance or the pg pool's URL. */
  raw: { kind: "pglite"; client: PGlite } | { kind: "postgres"; url: string };
  close(): Promise<void>;
}

// Generated SQL, committed (npm run db:generate). Resolved from the working directory: `next start`, the
// console CLI and the tests all run from the project root.
const migrationsFolder = () => path.join(process.cwd(), "drizzle");

// PGlite runs PostgreSQL inside this process's WebAssembly heap, which only grows: PostgreSQL's defaults
// (128 MB of shared buffers) are sized for a server, not for a console's few thousand rows. 16 MB of buffers
// hold its whole working set and keep the process much smaller. PGlite writes these
// lines as the data directory's postgresql.conf at every start.
const PGLITE_CONF = [
  "shared_buffers = 16MB",
  "work_mem = 2MB",
  "maintenance_work_mem = 16MB",
  "temp_buffers = 2MB",
];

async function openPglite(dataDir: string, lock: boolean, initInChild: boolean): Promise<DatabaseHandle> {
  const held = lock ? acquireDataDirLock(dataDir) : null;
  try {
    if (initInChild) {
      const dir = path.resolve(dataDir, "pglite");
      await withPrivateUmask(() => initPgliteInChild(dir, PGLITE_CONF));
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    const client = letPgliteBreathe(
      await withPrivateUmask(() =>
        PGlite.create(path.resolve(dataDir, "pglite"), { postgresqlconf: PGLITE_CONF }),
      ),
    );
    const pdb = drizzle({ client, schema });
    try {
      await migrate(pdb, { migrationsFolder: migrationsFolder() });
    } catch (e) {
      await client.close();
      throw e;
    }
    securePrivateDir(dataDir);
    let closed = false;
    return {
      db: pdb as unknown as Db,
      kind: "pglite",
      raw: { kind: "pglite", client },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await client.close();
          securePrivateDir(dataDir);
        } finally {
          held?.release();
        }
      },
    };
  } catch (e) {
    held?.release();
    throw e;
  }
}

// Several instances may start at once against one PostgreSQL: migrate under an advisory lock.
const MIGRATION_LOCK = 7_420_311;

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const { migrate } = await import("drizzle-orm/node-postgres/migrator");
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the process.
  pool.on("error", (err) => logger.error({ err: err.message }, "PostgreSQL pool error"));
  try {
    const conn = await pool.connect();
    try {
      await conn.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
      try {
        await migrate(drizzle({ client: conn, schema }), { migrationsFolder: migrationsFolder() });
      } finally {
        await conn.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
      }
    } finally {
      conn.release();
    }
  } catch (e) {
    await pool.end();
    throw e;
  }
  let closed = false;
  return {
    db: drizzle({ client: pool, schema }) as unknown as Db,
    kind: "postgres",
    raw: { kind: "postgres", url },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Opens and migrates a database: for tests and the CLI. The console itself uses getDb(). */
export function openDatabase(opts: OpenOptions = {}): Promise<DatabaseHandle> {
  if (opts.url) return openPostgres(opts.url);
  return openPglite(opts.dataDir ?? env().DATA_DIR, opts.lock ?? true, opts.initInChild ?? false);
}

// Kept on globalThis: Next.js may evaluate this module once for instrumentation and again for the routes,
// and both must share the one database (a second PGlite on the same directory would be the very bug the
// lock prevents).
const SLOT = Symbol.for("invite-console.db");
type Slot = { current: Promise<DatabaseHandle> | null; initInChild?: boolean };
const slot = ((globalThis as Record<symbol, unknown>)[SLOT] ??= { current: null }) as Slot;

/**
 * The console's server (lib/server/startup.ts) asks for a fresh PGlite cluster to be created by a child process
 * (./pglite-init.ts: less memory held); tests, which open many fresh databases, do not.
 */
export function createPgliteInChildProcess(): void {
  slot.initInChild = true;
}

/** The process-wide database, opened (and migrated) on first use from env(). */
export async function getDb(): Promise<Db> {
  return (await getDatabaseHandle()).db;
}

export function getDatabaseHandle(): Promise<DatabaseHandle> {
  if (!slot.current) {
    const e = env();
    const opening = openDatabase(
      e.DATABASE_URL
        ? { url: e.DATABASE_URL }
        : { dataDir: e.DATA_DIR, initInChild: slot.initInChild === true },
    );
    // On PostgreSQL too, DATA_DIR may hold a generated key or sign-in secret from an earlier start.
    if (e.DATABASE_URL) void opening.then(() => securePrivateDir(e.DATA_DIR)).catch(() => {});
    slot.current = opening;
    // A failed open is not cached: the next request reports the problem again instead of a stale promise.
    opening.catch(() => {
      if (slot.current === opening) slot.current = null;
    });
  }
  return slot.current;
}

/** Tests: make an already opened database the process-wide one (null forgets it without closing it). */
export function installDb(handle: DatabaseHandle | null): void {
  slot.current = handle ? Promise.resolve(handle) : null;
}

/** Closes the process-wide database (SIGTERM / SIGINT); the next getDb() would open it again. */
export async function closeDb(): Promise<void> {
  const current = slot.current;
  slot.current = null;
  if (!current) return;
  const handle = await current.catch(() => null);
  await handle?.close();
}
