// Stored connections on every test database: secrets never leave the repository in clear, key rotation (T16),
// tamper and swap detection, the start-up key check, and no plaintext secret in the raw PGlite files (T03).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  insertStoredConnection,
  deleteStoredConnection,
  getStoredConnection,
  listStoredConnections,
  loadAtlasConnection,
  reencryptSecrets,
  rotateStoredSecret,
  updateStoredConnection,
  verifyStoredSecrets,
} from "@/lib/server/connections/repository";
import { CryptoError, generateKeyEntry, parseKeyRing } from "@/lib/server/crypto/key-ring";
import { openDatabase } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { atlasConnections } from "@/lib/server/db/schema";
import { emptyTables, tempDataDir, testDatabases } from "../support/db";
import type { TestDatabaseHandle } from "../support/db";

const V1 = generateKeyEntry("v1");
const V2 = generateKeyEntry("v2");
const ringV1 = parseKeyRing(V1);
const ringV2V1 = parseKeyRing(`${V2},${V1}`);
const ringV2 = parseKeyRing(V2);

const CANARY = "mdb_sa_sk_CANARY_7f3a9c1e5b2d4a6f";
/** One service account per connection (a client id twice is refused): the id follows from the name. */
const clientIdOf = (name: string) =>
  `mdb_sa_id_${createHash("sha256").update(name).digest("hex").slice(0, 24)}`;
const input = (name: string, clientSecret = `${CANARY}_${name}`) => ({
  name,
  baseUrl: "https://cloud.mongodb.com",
  clientId: clientIdOf(name),
  clientSecret,
  invitesApi: "users" as const,
});

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe.each(testDatabases())("stored connections on $name", (database) => {
  let handle: TestDatabaseHandle;
  let db: DatabaseHandle["db"];
  // One database per kind; each test starts from empty tables, as from a fresh database.
  beforeAll(async () => {
    handle = await database.open();
    db = handle.db;
  });
  beforeEach(() => emptyTables(db));
  afterAll(async () => {
    await handle.close();
  });

  const rawRow = async (id: string) =>
    (await db.select().from(atlasConnections).where(eq(atlasConnections.id, id)))[0]!;

  it("never returns the secret: views carry hasSecret and the last 4 characters only", async () => {
    const created = await insertStoredConnection(db, input("Prod"), ringV1);
    const views = [created, await getStoredConnection(db, created.id), ...(await listStoredConnections(db))];
    for (const v of views) {
      expect(JSON.stringify(v)).not.toContain(CANARY);
      expect(v).toMatchObject({ hasSecret: true, secretLast4: "Prod".slice(-4), source: "stored" });
      expect(Object.keys(v!)).not.toContain("secretCiphertext");
    }
    const row = await rawRow(created.id);
    expect(row.secretCiphertext).toMatch(/^v1\./);
    expect(row.secretKeyId).toBe("v1");
    expect(row.secretCiphertext).not.toContain(CANARY);
    // Only the Atlas client gets the secret back.
    expect((await loadAtlasConnection(db, created.id, ringV1))!.clientSecret).toBe(`${CANARY}_Prod`);
  });

  it("refuses a base URL that is not Atlas, Atlas for Government or (outside production) loopback", async () => {
    await expect(
      insertStoredConnection(db, { ...input("Evil"), baseUrl: "https://evil.example" }, ringV1),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_input",
      fields: { baseUrl: expect.any(String) },
    });
    const gov = await insertStoredConnection(
      db,
      { ...input("Gov"), baseUrl: "https://cloud.mongodbgov.com" },
      ringV1,
    );
    expect(gov.baseUrl).toBe("https://cloud.mongodbgov.com");
    expect(await listStoredConnections(db)).toHaveLength(1);
  });

  it("names are unique (409 on the name field)", async () => {
    await insertStoredConnection(db, input("Same"), ringV1);
    await expect(
      insertStoredConnection(db, { ...input("Same"), clientId: clientIdOf("Other") }, ringV1),
    ).rejects.toMatchObject({
      status: 409,
      code: "conflict",
      fields: { name: expect.any(String) },
    });
  });

  it("the same client id saved twice at once: one is stored, the other is a 409 on the client id field", async () => {
    // Both saves pass the check in code before either inserts; the unique index on lower(client_id) decides.
    const clientId = clientIdOf("Twice");
    const results = await Promise.allSettled([
      insertStoredConnection(db, { ...input("Twice A"), clientId }, ringV1),
      insertStoredConnection(db, { ...input("Twice B"), clientId: clientId.toUpperCase() }, ringV1),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({
      status: 409,
      code: "conflict",
      fields: { clientId: expect.any(String) },
    });
    expect(await listStoredConnections(db)).toHaveLength(1);

    // An edit that races the same way is refused alike.
    const other = await insertStoredConnection(db, input("Twice C"), ringV1);
    const edits = await Promise.allSettled([
      updateStoredConnection(db, other.id, { clientId: clientIdOf("Twice D") }, ringV1),
      insertStoredConnection(db, { ...input("Twice D") }, ringV1),
    ]);
    expect(edits.filter((r) => r.status === "rejected")).toHaveLength(1);
    expect(edits.find((r) => r.status === "rejected")).toMatchObject({
      reason: { status: 409, fields: { clientId: expect.any(String) } },
    });
  });

  it("edits, rotates and deletes; a new secret resets the last test", async () => {
    const c = await insertStoredConnection(db, input("Edit"), ringV1);
    const renamed = await updateStoredConnection(
      db,
      c.id,
      { name: "Edited", invitesApi: "invitations" },
      ringV1,
    );
    expect(renamed).toMatchObject({ name: "Edited", invitesApi: "invitations", secretLast4: "Edit" });
    const rotated = await rotateStoredSecret(db, c.id, "mdb_sa_sk_new_secret_wxyz", ringV1);
    expect(rotated).toMatchObject({ secretLast4: "wxyz", lastTest: null });
    expect((await loadAtlasConnection(db, c.id, ringV1))!.clientSecret).toBe("mdb_sa_sk_new_secret_wxyz");
    expect(await deleteStoredConnection(db, c.id)).toMatchObject({ id: c.id });
    expect(await getStoredConnection(db, c.id)).toBeNull();
    expect(await rotateStoredSecret(db, c.id, "mdb_sa_sk_whatever", ringV1)).toBeNull();
  });

  describe("T16: key rotation and tamper", () => {
    it("old rows decrypt after a key is added; rotate re-encrypts them and is idempotent", async () => {
      const a = await insertStoredConnection(db, input("A"), ringV1);
      const b = await insertStoredConnection(db, input("B"), ringV1);
      // A new key in front: old rows still decrypt, new rows use v2.
      expect((await loadAtlasConnection(db, a.id, ringV2V1))!.clientSecret).toBe(`${CANARY}_A`);
      const c = await insertStoredConnection(db, input("C"), ringV2V1);
      expect((await rawRow(c.id)).secretKeyId).toBe("v2");

      expect(await reencryptSecrets(db, ringV2V1)).toEqual({ total: 3, reencrypted: 2, alreadyCurrent: 1 });
      for (const id of [a.id, b.id, c.id]) {
        const row = await rawRow(id);
        expect(row.secretCiphertext).toMatch(/^v2\./);
        expect(row.secretKeyId).toBe("v2");
      }
      const before = (await rawRow(a.id)).secretCiphertext;
      expect(await reencryptSecrets(db, ringV2V1)).toEqual({ total: 3, reencrypted: 0, alreadyCurrent: 3 });
      expect((await rawRow(a.id)).secretCiphertext).toBe(before);
      // v1 may now be dropped.
      expect((await loadAtlasConnection(db, b.id, ringV2))!.clientSecret).toBe(`${CANARY}_B`);
      expect(await verifyStoredSecrets(db, ringV2)).toBe(3);
    });

    it("without the old key, reading and the start-up check fail loudly, naming the key", async () => {
      const a = await insertStoredConnection(db, input("A"), ringV1);
      await expect(loadAtlasConnection(db, a.id, ringV2)).rejects.toThrow(
        /key "v1".*not in CONSOLE_ENCRYPTION_KEYS/,
      );
      await expect(verifyStoredSecrets(db, ringV2)).rejects.toThrow(/Atlas connection “A”.*key "v1"/);
      await expect(reencryptSecrets(db, ringV2)).rejects.toBeInstanceOf(CryptoError);
    });

    it("a flipped ciphertext byte in the database fails loudly", async () => {
      const a = await insertStoredConnection(db, input("A"), ringV1);
      const [id, iv, tag, ct] = (await rawRow(a.id)).secretCiphertext.split(".") as [
        string,
        string,
        string,
        string,
      ];
      const bytes = Buffer.from(ct, "base64url");
      bytes[0]! ^= 0x80;
      const flipped = [id, iv, tag, bytes.toString("base64url")].join(".");
      await db
        .update(atlasConnections)
        .set({ secretCiphertext: flipped })
        .where(eq(atlasConnections.id, a.id));
      const error = await loadAtlasConnection(db, a.id, ringV1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CryptoError);
      expect((error as CryptoError).reason).toBe("tampered");
      await expect(verifyStoredSecrets(db, ringV1)).rejects.toThrow(/failed authentication/);
    });

    it("a ciphertext swapped between two rows fails for both (associated data binds the row)", async () => {
      const a = await insertStoredConnection(db, input("A"), ringV1);
      const b = await insertStoredConnection(db, input("B"), ringV1);
      const ca = (await rawRow(a.id)).secretCiphertext;
      const cb = (await rawRow(b.id)).secretCiphertext;
      await db.update(atlasConnections).set({ secretCiphertext: cb }).where(eq(atlasConnections.id, a.id));
      await db.update(atlasConnections).set({ secretCiphertext: ca }).where(eq(atlasConnections.id, b.id));
      for (const id of [a.id, b.id]) {
        const error = await loadAtlasConnection(db, id, ringV1).catch((e: unknown) => e);
        expect((error as CryptoError).reason).toBe("tampered");
      }
    });
  });

  it("T03: the canary secret is not in the database in plain text", async () => {
    for (let i = 0; i < 3; i++) await insertStoredConnection(db, input(`Canary ${i}`), ringV1);
    const rows = await db.execute(sql`select * from atlas_connections`);
    expect(JSON.stringify(rows)).not.toContain(CANARY);
  });
});

describe("T03: raw PGlite files", () => {
  it("hold no plaintext secret after creates, a rotation and a close", async () => {
    const dir = tempDataDir("console-canary-");
    try {
      const opened = await openDatabase({ dataDir: dir });
      for (let i = 0; i < 5; i++) await insertStoredConnection(opened.db, input(`Canary ${i}`), ringV1);
      const first = (await listStoredConnections(opened.db))[0]!;
      await rotateStoredSecret(opened.db, first.id, `${CANARY}_rotated`, ringV1);
      await reencryptSecrets(opened.db, ringV2V1);
      await opened.close(); // flushes what PGlite holds in memory to its files
      const needle = Buffer.from("CANARY_7f3a9c1e5b2d4a6f");
      const files = filesUnder(dir);
      expect(files.length).toBeGreaterThan(10);
      // The check can fail: the ciphertext (not the secret) is there.
      const reopened = await openDatabase({ dataDir: dir });
      const stored = (await reopened.db.select().from(atlasConnections))[0]!.secretCiphertext;
      await reopened.close();
      expect(files.some((f) => readFileSync(f).includes(Buffer.from(stored)))).toBe(true);
      expect(files.filter((f) => readFileSync(f).includes(needle))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
