// The databases every database test runs on (docs/design/c-contracts.md): PGlite in a temporary directory
// always, and PostgreSQL when TEST_DATABASE_URL is set. Each open() gives a fresh, migrated, isolated
// database: a new PGlite directory, or a new PostgreSQL database created for it and dropped on close. Both are
// copies of the run's migrated templates (./database-templates.ts) when the run has them; opening a copy still
// goes through openDatabase() and its migrate step, which then finds nothing to apply.
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase } from "@/lib/server/db";
import type { DatabaseHandle, Db } from "@/lib/server/db";

export interface TestDatabase {
  name: "pglite" | "postgres";
  open(): Promise<TestDatabaseHandle>;
}

export interface TestDatabaseHandle extends DatabaseHandle {
  /** PGlite: the data directory; PostgreSQL: the connection URL of the fresh database. */
  location: string;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function tempDataDir(prefix = "console-db-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A migrated template of the run, or undefined (a run without ./database-templates.ts as globalSetup). */
function template<K extends "pgliteTemplateDir" | "postgresTemplate">(key: K): string | undefined {
  try {
    return inject(key) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A temporary data directory holding a copy of the run's migrated PGlite database (`<dir>/pglite`), as
 * openDatabase({ dataDir }) or the console's getDb() would have created it; empty in a run without templates.
 */
export function migratedDataDir(prefix = "console-db-"): string {
  const dir = tempDataDir(prefix);
  const from = template("pgliteTemplateDir");
  if (from && existsSync(from)) cpSync(from, dir, { recursive: true });
  return dir;
}

async function openPglite(): Promise<TestDatabaseHandle> {
  const dir = migratedDataDir();
  const handle = await openDatabase({ dataDir: dir });
  return {
    ...handle,
    location: dir,
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A fresh database on the server of TEST_DATABASE_URL (CREATE DATABASE needs the right to create one): empty,
 * or with `migrated` a copy of the run's migrated template when there is one.
 */
export async function createPostgresDatabase(
  baseUrl: string,
  opts: { migrated?: boolean; prefix?: string } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${opts.prefix ?? "console_test"}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const from = opts.migrated ? template("postgresTemplate") : undefined;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"${from ? ` template "${from}"` : ""}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function openPostgres(baseUrl: string): Promise<TestDatabaseHandle> {
  const fresh = await createPostgresDatabase(baseUrl, { migrated: true });
  const handle = await openDatabase({ url: fresh.url }).catch(async (e: unknown) => {
    await fresh.drop();
    throw e;
  });
  return {
    ...handle,
    location: fresh.url,
    async close() {
      await handle.close();
      await fresh.drop();
    },
  };
}

export function testDatabases(): TestDatabase[] {
  const out: TestDatabase[] = [{ name: "pglite", open: openPglite }];
  const url = TEST_DATABASE_URL;
  if (url) out.push({ name: "postgres", open: () => openPostgres(url) });
  return out;
}

/**
 * Empties every table of the console's schema as a fresh database has them (sequences restarted), for a file
 * that opens its database once and starts each test from nothing.
 */
export async function emptyTables(db: Db): Promise<void> {
  const tables = await db.execute<{ name: string }>(
    sql`select tablename as name from pg_tables where schemaname = 'public' order by 1`,
  );
  const names = tables.rows.map((t) => `"${t.name}"`);
  if (names.length) await db.execute(sql.raw(`truncate ${names.join(", ")} restart identity cascade`));
}
