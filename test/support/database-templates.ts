// Vitest globalSetup (vitest.config.ts): one migrated database of each kind for the whole run, which
// test/support/db.ts copies for every open() instead of creating and migrating a database each time: a PGlite
// data directory (copied as files) and, with TEST_DATABASE_URL, a PostgreSQL template database (CREATE DATABASE
// … TEMPLATE). Both are made by openDatabase(), the same path the console takes, and removed at the end.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/lib/server/db";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated, closed PGlite data directory to copy. */
    pgliteTemplateDir: string;
    /** A migrated PostgreSQL database on TEST_DATABASE_URL's server to CREATE DATABASE from (or ""). */
    postgresTemplate: string;
  }
}

async function admin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "console-db-template-"));
  const pglite = await openDatabase({ dataDir: dir });
  await pglite.close();
  project.provide("pgliteTemplateDir", dir);

  const baseUrl = process.env.TEST_DATABASE_URL || undefined;
  let template = "";
  if (baseUrl) {
    template = `console_template_${randomBytes(6).toString("hex")}`;
    await admin(baseUrl, (c) => c.query(`create database "${template}"`));
    const url = new URL(baseUrl);
    url.pathname = `/${template}`;
    // Closed again before anyone copies it: CREATE DATABASE refuses a template with open connections.
    const handle = await openDatabase({ url: url.toString() });
    await handle.close();
  }
  project.provide("postgresTemplate", template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (baseUrl && template)
      await admin(baseUrl, (c) => c.query(`drop database if exists "${template}" with (force)`));
  };
}
