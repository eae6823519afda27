import "server-only";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../env";
import { logger } from "../log";
import { CryptoError, generateKeyEntry, isCryptoError, parseKeyRing } from "./key-ring";
import type { KeyRing } from "./key-ring";

export { isCryptoError } from "./key-ring";
export type { KeyRing } from "./key-ring";
export { decryptSecret, encryptSecret, keyIdOf } from "./secret-box";
export type { SecretContext } from "./secret-box";

export type KeySource = "env" | "file" | "generated";

let cached: { ring: KeyRing; source: KeySource } | null = null;

/** Production is a real deployment: NODE_ENV=production and not the demo (which runs `next start` too). */
function isProduction(): boolean {
  const e = env();
  return e.NODE_ENV === "production" && e.CONSOLE_DEMO !== "1";
}

function keyFilePath(): string {
  return path.resolve(env().DATA_DIR, "encryption.key");
}

function readKeyFile(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CryptoError("malformed_keys", `${file} cannot be read: ${(e as Error).message}`);
  }
}

function load(allowGenerate: boolean): { ring: KeyRing; source: KeySource } {
  const fromEnv = env().CONSOLE_ENCRYPTION_KEYS;
  if (fromEnv) return { ring: parseKeyRing(fromEnv), source: "env" };
  if (isProduction()) {
    throw new CryptoError(
      "malformed_keys",
      "CONSOLE_ENCRYPTION_KEYS is not set. Production refuses to start without the key that encrypts stored " +
        'Atlas secrets: set it to "v1:<base64 of 32 random bytes>" (`openssl rand -base64 32`), kept apart ' +
        "from CONSOLE_AUTH_SECRET and from the database backups.",
    );
  }
  const file = keyFilePath();
  const stored = readKeyFile(file);
  if (stored !== null) return { ring: parseKeyRing(stored, file), source: "file" };
  if (!allowGenerate) {
    throw new CryptoError(
      "malformed_keys",
      `No encryption key: CONSOLE_ENCRYPTION_KEYS is not set and ${file} does not exist.`,
    );
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // "wx": never overwrite a key another process wrote meanwhile.
  writeFileSync(file, `${generateKeyEntry("v1")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  logger.warn(
    { file },
    "generated an encryption key for stored Atlas secrets (CONSOLE_ENCRYPTION_KEYS is not set); keep this " +
      "file with the data directory, or move its content into CONSOLE_ENCRYPTION_KEYS",
  );
  return { ring: parseKeyRing(readFileSync(file, "utf8"), file), source: "generated" };
}

/**
 * The key ring of this process. Never generates a key: only the start-up check does that, and only when no
 * secret is stored yet (a lost key must stop the console, not be replaced by a new one).
 */
export function keyRing(): KeyRing {
  cached ??= load(false);
  return cached.ring;
}

/**
 * Start-up: loads the key ring, generating DATA_DIR/encryption.key outside production when no key is set and
 * `storedSecrets` is 0. Throws with a clear message when production has no key or a key is malformed.
 */
export function ensureKeyRing(storedSecrets: number): { ring: KeyRing; source: KeySource } {
  if (cached) return cached;
  try {
    cached = load(storedSecrets === 0);
  } catch (e) {
    if (isCryptoError(e) && storedSecrets > 0 && !env().CONSOLE_ENCRYPTION_KEYS && !isProduction()) {
      throw new CryptoError(
        "unknown_key",
        `The database holds ${storedSecrets} encrypted Atlas secret(s) but no key can be found ` +
          `(CONSOLE_ENCRYPTION_KEYS is not set and ${keyFilePath()} is missing). Restore the key file or set ` +
          "CONSOLE_ENCRYPTION_KEYS; the console will not create a new key over existing secrets.",
      );
    }
    throw e;
  }
  return cached;
}
