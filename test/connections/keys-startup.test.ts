// docs/security.md 11 and T16 end to end, each step a real process: production refuses to start without keys, the
// demo generates DATA_DIR/encryption.key (0600) and says so, a lost or wrong key stops the start instead of
// re-initialising, and `npm run console -- keys rotate` re-encrypts idempotently.
import { existsSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { insertStoredConnection, listStoredConnections } from "@/lib/server/connections/repository";
import { generateKeyEntry, parseKeyRing } from "@/lib/server/crypto/key-ring";
import { openDatabase } from "@/lib/server/db";
import { spawnTs } from "../support/child";
import { tempDataDir } from "../support/db";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const fresh = () => {
  const d = tempDataDir("console-keys-");
  dirs.push(d);
  return d;
};

// Only the variables each case sets: nothing inherited from the test runner's own configuration (an undefined
// value leaves the variable out of the child's environment).
const UNSET = undefined as unknown as string;
const CLEAN: Record<string, string> = {
  CONSOLE_ENCRYPTION_KEYS: UNSET,
  DATABASE_URL: UNSET,
  ATLAS_CLIENT_ID: UNSET,
  ATLAS_CLIENT_SECRET: UNSET,
  ATLAS_BASE_URL: "https://cloud.mongodb.com",
  CONSOLE_DEMO: "0",
  NODE_ENV: "development",
  LOG_LEVEL: "info",
  CONSOLE_AUTH_SECRET: "vitest-auth-secret-not-for-production-0123456789",
  CONSOLE_URL: "http://127.0.0.1:3999",
};

async function startConsole(env: Record<string, string>) {
  const child = spawnTs("test/support/start-child.ts", [], { ...CLEAN, ...env });
  const { code } = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

async function keysCli(args: string[], env: Record<string, string>) {
  const child = spawnTs("scripts/console.ts", ["keys", ...args], { ...CLEAN, LOG_LEVEL: "silent", ...env });
  const { code } = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

async function storeSecret(dataDir: string, keys: string, name = "Prod") {
  const { db, close } = await openDatabase({ dataDir });
  try {
    await insertStoredConnection(
      db,
      {
        name,
        baseUrl: "https://cloud.mongodb.com",
        // One service account per connection: the client id follows from the name.
        clientId: `mdb_sa_id_${Buffer.from(name.padEnd(12, "_").slice(0, 12)).toString("hex")}`,
        clientSecret: `mdb_sa_sk_secret_of_${name}`,
        invitesApi: "users",
      },
      parseKeyRing(keys),
    );
  } finally {
    await close();
  }
}

// Each case starts real processes (tsx, a PGlite cluster created in a child process): several of them on 2
// busy cores take well over a minute.
describe("encryption keys at start-up", { timeout: 180_000 }, () => {
  it("production refuses to start without CONSOLE_ENCRYPTION_KEYS", async () => {
    const dir = fresh();
    const res = await startConsole({ NODE_ENV: "production", DATA_DIR: dir });
    expect(res.code).toBe(3);
    expect(res.err).toMatch(/CONSOLE_ENCRYPTION_KEYS is not set\. Production refuses to start/);
    expect(existsSync(path.join(dir, "encryption.key"))).toBe(false);
  });

  it("production refuses a malformed key with a message naming the variable", async () => {
    const res = await startConsole({
      NODE_ENV: "production",
      DATA_DIR: fresh(),
      CONSOLE_ENCRYPTION_KEYS: "v1:short",
    });
    expect(res.code).toBe(3);
    expect(res.err).toMatch(/CONSOLE_ENCRYPTION_KEYS, entry 1: key "v1" must be 32 bytes/);
  });

  it("the demo generates DATA_DIR/encryption.key (0600), says so, and reuses it; a lost key stops the start", async () => {
    const dir = fresh();
    const first = await startConsole({ NODE_ENV: "production", CONSOLE_DEMO: "1", DATA_DIR: dir });
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/generated an encryption key/);
    const file = path.join(dir, "encryption.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, "utf8").trim();
    expect(parseKeyRing(key).currentId).toBe("v1");

    const second = await startConsole({ NODE_ENV: "production", CONSOLE_DEMO: "1", DATA_DIR: dir });
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/generated an encryption key/);
    expect(readFileSync(file, "utf8").trim()).toBe(key);

    await storeSecret(dir, key);
    unlinkSync(file);
    const lost = await startConsole({ NODE_ENV: "production", CONSOLE_DEMO: "1", DATA_DIR: dir });
    expect(lost.code).toBe(3);
    expect(lost.err).toMatch(/holds 1 encrypted Atlas secret\(s\) but no key can be found/);
    expect(existsSync(file)).toBe(false); // never silently re-initialised
  });

  it("a wrong key stops the start, naming the connection", async () => {
    const dir = fresh();
    const right = generateKeyEntry("v1");
    await storeSecret(dir, right, "Billing org");
    const wrong = await startConsole({ DATA_DIR: dir, CONSOLE_ENCRYPTION_KEYS: generateKeyEntry("v1") });
    expect(wrong.code).toBe(3);
    expect(wrong.err).toMatch(/Atlas connection “Billing org”.*failed authentication/);
    const missing = await startConsole({ DATA_DIR: dir, CONSOLE_ENCRYPTION_KEYS: generateKeyEntry("v2") });
    expect(missing.code).toBe(3);
    expect(missing.err).toMatch(/key "v1", which is not in CONSOLE_ENCRYPTION_KEYS/);
    expect((await startConsole({ DATA_DIR: dir, CONSOLE_ENCRYPTION_KEYS: right })).code).toBe(0);
  });
});

describe("npm run console -- keys rotate (T16)", { timeout: 180_000 }, () => {
  it("re-encrypts every stored secret with the newest key, prints counts, and is idempotent", async () => {
    const dir = fresh();
    const v1 = generateKeyEntry("v1");
    const v2 = generateKeyEntry("v2");
    await storeSecret(dir, v1, "A");
    await storeSecret(dir, v1, "B");

    const rotated = await keysCli(["rotate"], { DATA_DIR: dir, CONSOLE_ENCRYPTION_KEYS: `${v2},${v1}` });
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toMatch(/Stored Atlas secrets: 2; re-encrypted with key "v2": 2; already on it: 0\./);
    const again = await keysCli(["rotate"], { DATA_DIR: dir, CONSOLE_ENCRYPTION_KEYS: `${v2},${v1}` });
    expect(again.out).toMatch(/re-encrypted with key "v2": 0; already on it: 2\./);
    expect(again.out).toMatch(/Nothing to do/);
    for (const out of [rotated.out, again.out]) expect(out).not.toMatch(/mdb_sa_sk_|v[12]:[A-Za-z0-9+/]{20}/);

    // v1 can now go: the console starts with v2 alone and every secret decrypts.
    expect((await startConsole({ DATA_DIR: dir, CONSOLE_ENCRYPTION_KEYS: v2 })).code).toBe(0);
    const { db, close } = await openDatabase({ dataDir: dir });
    try {
      expect((await listStoredConnections(db)).map((c) => c.name)).toEqual(["A", "B"]);
    } finally {
      await close();
    }
  });

  it("without a key, rotate stops with the reason", async () => {
    const res = await keysCli(["rotate"], { DATA_DIR: fresh(), NODE_ENV: "production" });
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/CONSOLE_ENCRYPTION_KEYS is not set/);
  });

  it("keys generate prints a usable entry", async () => {
    const res = await keysCli(["generate", "--id", "v3"], {});
    expect(res.code).toBe(0);
    expect(parseKeyRing(res.out.trim()).currentId).toBe("v3");
  });
});
