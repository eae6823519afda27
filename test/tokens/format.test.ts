// The token formats of lib/server/tokens/format.ts: personal API tokens (`ic_`) and provisioning tokens (`icp_`)
// share the body and CRC-32 checksum scheme, and neither is ever taken for the other.
import { describe, expect, it } from "vitest";
import {
  PROVISIONING_TOKEN_PATTERN,
  TOKEN_PATTERN,
  generateProvisioningToken,
  generateToken,
  isWellFormedProvisioningToken,
  isWellFormedToken,
  provisioningTokenPrefix,
  tokenPrefix,
} from "@/lib/server/tokens/format";

/** The token with one body character changed (the checksum no longer matches). */
function flipOne(token: string, at: number): string {
  const c = token[at]!;
  return token.slice(0, at) + (c === "a" ? "b" : "a") + token.slice(at + 1);
}

describe("token formats", () => {
  it("makes personal tokens as before: ic_, 49 base62 characters, a valid checksum", () => {
    const token = generateToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(token).toHaveLength(52);
    expect(isWellFormedToken(token)).toBe(true);
    expect(tokenPrefix(token)).toBe(token.slice(0, 7));
    expect(isWellFormedToken(flipOne(token, 10))).toBe(false);
  });

  it("makes provisioning tokens: icp_, the same body and checksum scheme", () => {
    const token = generateProvisioningToken();
    expect(token).toMatch(PROVISIONING_TOKEN_PATTERN);
    expect(token).toMatch(/^icp_[0-9A-Za-z]{49}$/);
    expect(token).toHaveLength(53);
    expect(isWellFormedProvisioningToken(token)).toBe(true);
    expect(provisioningTokenPrefix(token)).toBe(token.slice(0, 8));
    expect(provisioningTokenPrefix(token).startsWith("icp_")).toBe(true);
  });

  it("refuses a provisioning token with a typo, a wrong checksum or a wrong length", () => {
    const token = generateProvisioningToken();
    for (const at of [4, 20, 46, 50, 52])
      expect(isWellFormedProvisioningToken(flipOne(token, at))).toBe(false);
    expect(isWellFormedProvisioningToken(token.slice(0, -1))).toBe(false);
    expect(isWellFormedProvisioningToken(`${token}a`)).toBe(false);
    expect(isWellFormedProvisioningToken("")).toBe(false);
    expect(isWellFormedProvisioningToken(`icp_${"0".repeat(49)}`)).toBe(false);
  });

  it("never takes one kind of token for the other", () => {
    const personal = generateToken();
    const provisioning = generateProvisioningToken();
    expect(isWellFormedProvisioningToken(personal)).toBe(false);
    expect(isWellFormedToken(provisioning)).toBe(false);
    // The same body under the other prefix fails the checksum, which covers the prefix.
    expect(isWellFormedProvisioningToken(`icp_${personal.slice(3)}`)).toBe(false);
    expect(isWellFormedToken(`ic_${provisioning.slice(4)}`)).toBe(false);
  });

  it("makes distinct tokens", () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateProvisioningToken()));
    expect(seen.size).toBe(200);
  });
});
