import "server-only";
import { randomBytes } from "node:crypto";

const CRYPTO_ERROR_BRAND = "invite-console/CryptoError";

/**
 * Why a key ring or a ciphertext was refused; the message never contains key material or plaintext. Classify
 * with `isCryptoError`, never `instanceof` (Next.js bundles instrumentation and routes apart: the class can
 * exist twice in one process).
 */
export class CryptoError extends Error {
  readonly brand = CRYPTO_ERROR_BRAND;
  constructor(
    readonly reason: "malformed_keys" | "unknown_key" | "malformed_ciphertext" | "tampered",
    message: string,
  ) {
    super(message);
    this.name = "CryptoError";
  }
}

export function isCryptoError(e: unknown): e is CryptoError {
  return typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === CRYPTO_ERROR_BRAND;
}

export interface KeyRing {
  /** The key new ciphertexts are written with (the first one listed). */
  readonly currentId: string;
  /** Every key that may decrypt, by id. */
  readonly keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Parses `v2:<base64 32 bytes>,v1:<base64 32 bytes>` (CONSOLE_ENCRYPTION_KEYS or DATA_DIR/encryption.key): the
 * first key encrypts, all of them decrypt. `source` names where the value came from in error messages.
 */
export function parseKeyRing(value: string, source = "CONSOLE_ENCRYPTION_KEYS"): KeyRing {
  const entries = value
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) {
    throw new CryptoError("malformed_keys", `${source} is empty: expected "v1:<base64 of 32 random bytes>".`);
  }
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(":");
    const id = colon < 0 ? "" : entry.slice(0, colon);
    const material = colon < 0 ? "" : entry.slice(colon + 1);
    const where = `${source}, entry ${i + 1}`;
    if (!KEY_ID.test(id)) {
      throw new CryptoError(
        "malformed_keys",
        `${where}: expected "<key id>:<base64 key>" with a key id of letters, digits, - or _ (like v2).`,
      );
    }
    if (keys.has(id)) throw new CryptoError("malformed_keys", `${where}: key id "${id}" is listed twice.`);
    const key = BASE64.test(material) ? Buffer.from(material, "base64") : Buffer.alloc(0);
    if (key.length !== 32) {
      throw new CryptoError(
        "malformed_keys",
        `${where}: key "${id}" must be 32 bytes in base64 (44 characters); generate one with ` +
          "`openssl rand -base64 32`.",
      );
    }
    keys.set(id, key);
  });
  return { currentId: entries[0]!.slice(0, entries[0]!.indexOf(":")), keys };
}

/** A new key ring entry, `<id>:<base64 of 32 random bytes>`. */
export function generateKeyEntry(id = "v1"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}
