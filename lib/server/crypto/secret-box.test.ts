// The secret box and key ring (docs/security.md 11, T16 without a database): format, rotation, tamper, swap.
import { describe, expect, it } from "vitest";
import { CryptoError, generateKeyEntry, parseKeyRing } from "./key-ring";
import { decryptSecret, encryptSecret, keyIdOf } from "./secret-box";

const K1 = generateKeyEntry("v1");
const K2 = generateKeyEntry("v2");
const row = (rowId: string, column = "client_secret") => ({ table: "atlas_connections", rowId, column });
const SECRET = "mdb_sa_sk_canary_0123456789abcdef";

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CryptoError);
    return (e as CryptoError).reason;
  }
  throw new Error("expected a CryptoError");
}

describe("key ring", () => {
  it("the first key encrypts, all listed keys decrypt", () => {
    const ring = parseKeyRing(`${K2}, ${K1}`);
    expect(ring.currentId).toBe("v2");
    expect([...ring.keys.keys()]).toEqual(["v2", "v1"]);
    expect(keyIdOf(encryptSecret(ring, SECRET, row("a")))).toBe("v2");
  });

  it.each([
    ["", /empty/],
    ["v1", /<key id>:<base64 key>/],
    ["v1:", /32 bytes/],
    ["v1:c2hvcnQ=", /32 bytes/],
    ["v 1:" + K1.slice(3), /key id/],
    [`${K1},${K1}`, /listed twice/],
    ["v1:!!!!not base64!!!!", /32 bytes/],
  ])("refuses %j with a clear message that never echoes the key", (value, message) => {
    let error: unknown;
    try {
      parseKeyRing(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CryptoError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/CONSOLE_ENCRYPTION_KEYS/);
    expect((error as Error).message).not.toContain(K1.slice(3));
  });
});

describe("secret box", () => {
  const ring = parseKeyRing(K1);

  it("round-trips, with a fresh IV each time and no plaintext in the stored form", () => {
    const a = encryptSecret(ring, SECRET, row("a"));
    const b = encryptSecret(ring, SECRET, row("a"));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain("canary");
    expect(decryptSecret(ring, a, row("a"))).toBe(SECRET);
    expect(decryptSecret(ring, b, row("a"))).toBe(SECRET);
  });

  it("old ciphertexts decrypt after a new key is added in front", () => {
    const old = encryptSecret(ring, SECRET, row("a"));
    const rotated = parseKeyRing(`${K2},${K1}`);
    expect(decryptSecret(rotated, old, row("a"))).toBe(SECRET);
    expect(keyIdOf(encryptSecret(rotated, SECRET, row("a")))).toBe("v2");
  });

  it("a removed key is named when a ciphertext needs it", () => {
    const old = encryptSecret(ring, SECRET, row("a"));
    const without = parseKeyRing(K2);
    expect(reason(() => decryptSecret(without, old, row("a")))).toBe("unknown_key");
    expect(() => decryptSecret(without, old, row("a"))).toThrow(/key "v1".*not in CONSOLE_ENCRYPTION_KEYS/);
  });

  it("every flipped byte of IV, tag or ciphertext fails loudly", () => {
    const stored = encryptSecret(ring, SECRET, row("a"));
    const [id, ...parts] = stored.split(".");
    parts.forEach((part, i) => {
      const bytes = Buffer.from(part, "base64url");
      for (let at = 0; at < bytes.length; at++) {
        const flipped = Buffer.from(bytes);
        flipped[at]! ^= 0x01;
        const copy = [...parts];
        copy[i] = flipped.toString("base64url");
        expect(reason(() => decryptSecret(ring, [id, ...copy].join("."), row("a")))).toBe("tampered");
      }
    });
  });

  it("a ciphertext moved to another row or column fails (associated data)", () => {
    const stored = encryptSecret(ring, SECRET, row("a"));
    expect(reason(() => decryptSecret(ring, stored, row("b")))).toBe("tampered");
    expect(reason(() => decryptSecret(ring, stored, row("a", "other_column")))).toBe("tampered");
  });

  it("a key with the same id but other bytes fails as tamper, not as garbage", () => {
    const stored = encryptSecret(ring, SECRET, row("a"));
    const impostor = parseKeyRing(generateKeyEntry("v1"));
    expect(reason(() => decryptSecret(impostor, stored, row("a")))).toBe("tampered");
  });

  it.each(["", "plain-text-secret", "v1.a.b", "v1.AAAA.AAAA.AAAA.AAAA", ".AAAAAAAAAAAAAAAA.AAAA.AAAA"])(
    "refuses malformed stored value %j",
    (value) => {
      expect(reason(() => decryptSecret(ring, value, row("a")))).toBe("malformed_ciphertext");
    },
  );
});
