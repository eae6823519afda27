// The databases every database test runs on (docs/design/c-contracts.md): PGlite in a temporary directory
// always, and PostgreSQL when TEST_DATABASE_URL is set. Each open() gives a fresh, migrated, isolated
// database: a new PGlite directory, or a new PostgreSQL database created for it and dropped on close.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDatabase } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";

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

async function openPglite(): Promise<TestDatabaseHandle> {
  const dir = tempDataDir();
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

/** A fresh database on the server of TEST_DATABASE_URL (CREATE DATABASE needs the right to create one). */
export async function createPostgresDatabase(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `console_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
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
  const fresh = await createPostgresDatabase(baseUrl);
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
