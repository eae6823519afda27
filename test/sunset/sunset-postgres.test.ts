// The sunset assistant with the console's database on PostgreSQL (TEST_DATABASE_URL; skipped without it).
import { afterAll, beforeAll, describe } from "vitest";
import { TEST_DATABASE_URL, createPostgresDatabase } from "../support/db";
import { sunsetSuite } from "./sunset-suite";

let drop: (() => Promise<void>) | null = null;
describe.skipIf(!TEST_DATABASE_URL)("PostgreSQL", () => {
  beforeAll(async () => {
    const db = await createPostgresDatabase(TEST_DATABASE_URL!, { migrated: true });
    process.env.DATABASE_URL = db.url;
    drop = db.drop;
  });
  afterAll(async () => {
    await drop?.();
  });
  sunsetSuite("invitations");
});
