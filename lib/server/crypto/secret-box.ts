import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CryptoError } from "./key-ring";
import type { KeyRing } from "./key-ring";

// AES-256-GCM with a random 96-bit IV per encryption. The stored form carries the key id, so that a key ring
// with several keys knows which one to use: `<keyId>.<iv>.<tag>.<ciphertext>`, each part base64url.
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What a ciphertext is bound to (the associated data): the row and the column. A ciphertext copied into
 * another row or column fails authentication instead of decrypting to someone else's secret.
 */
export interface SecretContext {
  table: string;
  rowId: string;
  column: string;
}

const aad = (ctx: SecretContext) =>
  Buffer.from(`invite-console\u0000${ctx.table}\u0000${ctx.rowId}\u0000${ctx.column}`);

export function encryptSecret(ring: KeyRing, plaintext: string, ctx: SecretContext): string {
  const key = ring.keys.get(ring.currentId);
  if (!key)
    throw new CryptoError("unknown_key", `The current key "${ring.currentId}" is not in the key ring.`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(ctx));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [ring.currentId, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(
    ".",
  );
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ct: Buffer;
}

const PART = /^[A-Za-z0-9_-]*$/;

function parse(stored: string): Parsed {
  const parts = stored.split(".");
  if (parts.length !== 4 || !parts.every((p) => PART.test(p))) {
    throw new CryptoError(
      "malformed_ciphertext",
      "The stored secret is not in the <key id>.<iv>.<tag>.<ciphertext> form.",
    );
  }
  const [keyId, iv, tag, ct] = parts as [string, string, string, string];
  const parsed = {
    keyId,
    iv: Buffer.from(iv, "base64url"),
    tag: Buffer.from(tag, "base64url"),
    ct: Buffer.from(ct, "base64url"),
  };
  if (!keyId || parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new CryptoError("malformed_ciphertext", "The stored secret has a malformed key id, IV or tag.");
  }
  return parsed;
}

/** The id of the key a stored secret was encrypted with (for rotation), without decrypting it. */
export function keyIdOf(stored: string): string {
  return parse(stored).keyId;
}

export function decryptSecret(ring: KeyRing, stored: string, ctx: SecretContext): string {
  const { keyId, iv, tag, ct } = parse(stored);
  const key = ring.keys.get(keyId);
  if (!key) {
    throw new CryptoError(
      "unknown_key",
      `The stored secret was encrypted with key "${keyId}", which is not in CONSOLE_ENCRYPTION_KEYS ` +
        `(known: ${[...ring.keys.keys()].join(", ")}). Add that key back to the list.`,
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(ctx));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    throw new CryptoError(
      "tampered",
      `The stored secret of ${ctx.table} row ${ctx.rowId} (${ctx.column}) failed authentication: it was ` +
        `altered, copied from another row, or key "${keyId}" is not the key it was written with.`,
    );
  }
}
