// Whose address an audit row records, and the one the sign-in rate limit counts: X-Forwarded-For read right to
// left past TRUSTED_PROXIES, so that addresses a client put in front of the chain are never believed.
import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/server/auth/client-ip";
import { parseEnv } from "@/lib/server/env";

const xff = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

describe("clientIp", () => {
  it("without trusted proxies: the rightmost address, the socket's that scripts/server.mjs appended", () => {
    expect(clientIp(xff("127.0.0.1"), [])).toBe("127.0.0.1");
    expect(clientIp(xff("::ffff:192.0.2.7"), [])).toBe("192.0.2.7");
    // IPv6 is written out in full (one spelling per address, so filters and counts agree).
    expect(clientIp(xff("2001:db8::1"), [])).toBe("2001:0db8:0000:0000:0000:0000:0000:0001");
    // What a client wrote is left of the socket address: never read.
    expect(clientIp(xff("6.6.6.6, 192.0.2.7"), [])).toBe("192.0.2.7");
    expect(clientIp(xff("6.6.6.6, 10.0.0.5, 192.0.2.7"), [])).toBe("192.0.2.7");
    expect(clientIp(xff("not an address"), [])).toBeNull();
    expect(clientIp(xff(), [])).toBeNull();
  });

  it("behind trusted proxies: the first address right of them, whatever the client prepended", () => {
    const proxies = ["10.0.0.5", "10.1.0.0/16"];
    expect(clientIp(xff("203.0.113.9, 10.0.0.5"), proxies)).toBe("203.0.113.9");
    expect(clientIp(xff("6.6.6.6, 203.0.113.9, 10.1.2.3, 10.0.0.5"), proxies)).toBe("203.0.113.9");
    // A forged entry that is not an address ends the walk with no answer rather than a guess.
    expect(clientIp(xff("203.0.113.9, junk, 10.0.0.5"), proxies)).toBeNull();
    // Only proxies: no client address in the chain.
    expect(clientIp(xff("10.0.0.5"), proxies)).toBeNull();
  });
});

describe("TRUSTED_PROXIES", () => {
  it("is a comma-separated list of addresses and CIDR ranges; anything else stops start-up naming it", () => {
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.5 , 10.1.0.0/16,2001:db8::/32" }).TRUSTED_PROXIES).toEqual([
      "10.0.0.5",
      "10.1.0.0/16",
      "2001:db8::/32",
    ]);
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.5,proxy.internal" })).toThrow(
      /TRUSTED_PROXIES: not an IP address or CIDR range: proxy\.internal/,
    );
  });
});
