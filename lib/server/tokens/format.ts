import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

// A personal API token: `ic_` + 32 random bytes in base62 (43 characters) + a 6-character base62 CRC-32 of
// what precedes it. The fixed prefix and the checksum let secret scanners recognise a token (and reject a
// look-alike) without asking the console; only the SHA-256 of the whole token is stored.

export const TOKEN_PREFIX = "ic_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LENGTH = 43;
const CHECKSUM_LENGTH = 6;
export const TOKEN_PATTERN = /^ic_[0-9A-Za-z]{49}$/;
// A provisioning token (an identity provider's SCIM credential for one org): the same body and checksum
// after its own prefix, so that neither kind of token is ever taken for the other.
export const PROVISIONING_TOKEN_PREFIX = "icp_";
export const PROVISIONING_TOKEN_PATTERN = /^icp_[0-9A-Za-z]{49}$/;

function base62(value: bigint, length: number): string {
  let out = "";
  let v = value;
  while (v > 0n) {
    out = ALPHABET[Number(v % 62n)]! + out;
    v /= 62n;
  }
  return out.padStart(length, "0");
}

function checksum(head: string): string {
  return base62(BigInt(crc32(head)), CHECKSUM_LENGTH);
}

function generateWithPrefix(prefix: string): string {
  const body = base62(BigInt(`0x${randomBytes(32).toString("hex")}`), BODY_LENGTH);
  const head = `${prefix}${body}`;
  return `${head}${checksum(head)}`;
}

function isWellFormedWith(token: string, prefix: string, pattern: RegExp): boolean {
  if (!pattern.test(token)) return false;
  const head = token.slice(0, prefix.length + BODY_LENGTH);
  return checksum(head) === token.slice(head.length);
}

export function generateToken(): string {
  return generateWithPrefix(TOKEN_PREFIX);
}

/** Shape and checksum: a typo or a look-alike is refused without a database query. */
export function isWellFormedToken(token: string): boolean {
  return isWellFormedWith(token, TOKEN_PREFIX, TOKEN_PATTERN);
}

export function generateProvisioningToken(): string {
  return generateWithPrefix(PROVISIONING_TOKEN_PREFIX);
}

/** As isWellFormedToken, for `icp_…`. */
export function isWellFormedProvisioningToken(token: string): boolean {
  return isWellFormedWith(token, PROVISIONING_TOKEN_PREFIX, PROVISIONING_TOKEN_PATTERN);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Hashes compared in constant time (both are 64 hex characters). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What people see of a token after creation: enough to recognise it, never to use it. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 4);
}

/** As tokenPrefix, for a provisioning token ("icp_AbCd"). */
export function provisioningTokenPrefix(token: string): string {
  return token.slice(0, PROVISIONING_TOKEN_PREFIX.length + 4);
}
