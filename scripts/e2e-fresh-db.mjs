// Used by playwright.config.ts when the end-to-end suite runs on PostgreSQL (E2E_DATABASE_URL set by
// scripts/run-tests.mjs from TEST_DATABASE_URL): drops and re-creates the one database a console server
// uses, so that every run starts empty, as the PGlite runs do. Usage: node scripts/e2e-fresh-db.mjs <url>
import pg from "pg";

const target = process.argv[2];
if (!target) {
  console.error("usage: node scripts/e2e-fresh-db.mjs <postgres url of the database to re-create>");
  process.exit(2);
}
const url = new URL(target);
const name = decodeURIComponent(url.pathname.slice(1));
if (!/^console_e2e_[a-z0-9_]{1,40}$/.test(name)) {
  console.error(`refusing to re-create ${JSON.stringify(name)}: only console_e2e_* databases are ours`);
  process.exit(2);
}
const admin = new URL(url);
admin.pathname = "/postgres";
const client = new pg.Client({ connectionString: admin.toString() });
try {
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
} catch (e) {
  console.error(`could not re-create database ${name}: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
} finally {
  await client.end().catch(() => undefined);
}
