// RFC 6238 TOTP for tests that sign in with a second factor: the Vitest auth tests (test/support/auth-client.ts)
// and the end-to-end ones (e2e/support/auth.ts) compute codes the same way an authenticator app does.
import { createHmac } from "node:crypto";

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret (the `secret` of an otpauth:// URI). */
export function totp(secretBase32: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", bytes).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/** A six-digit code that is not valid around now for `secret` (TOTP accepts the neighbouring windows too). */
export function wrongCode(secretBase32: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secretBase32, Date.now() + d)));
  for (let n = 0; ; n++) {
    const code = String(123_456 + n * 7919)
      .padStart(6, "0")
      .slice(-6);
    if (!valid.has(code)) return code;
  }
}
