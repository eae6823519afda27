import "server-only";
import { getIPFromHeader } from "@better-auth/core/utils/ip";
import { env } from "../env";

/**
 * better-auth believes a forwarded chain of several addresses only when it is given trusted proxies (it then
 * walks right to left past them). With none configured, the one hop to believe is the console's own server
 * (scripts/server.mjs), which appends the socket address: a range that no peer can have (the unspecified
 * address) makes the walk stop at that rightmost entry.
 */
const NO_PROXY = "0.0.0.0/32";

/** The trusted-proxy list both resolvers use: TRUSTED_PROXIES, or none (see NO_PROXY). */
export function forwardedChainProxies(trustedProxies: string[] = env().TRUSTED_PROXIES): string[] {
  return trustedProxies.length > 0 ? trustedProxies : [NO_PROXY];
}

/**
 * The caller's address for audit rows, resolved exactly as better-auth resolves it for its sign-in rate limit
 * (lib/server/auth/config.ts): X-Forwarded-For read right to left past TRUSTED_PROXIES. scripts/server.mjs
 * appends the socket address as a proxy does, so without trusted proxies it is the socket address, and with
 * them the first address left of the last trusted proxy; whatever a client wrote further left is never read.
 * Null when no address can be trusted (only proxies, or an entry that is not an address).
 */
export function clientIp(headers: Headers, trustedProxies: string[] = env().TRUSTED_PROXIES): string | null {
  const forwarded = headers.get("x-forwarded-for");
  return forwarded
    ? getIPFromHeader(forwarded, { trustedProxies: forwardedChainProxies(trustedProxies), ipv6Subnet: 128 })
    : null;
}
