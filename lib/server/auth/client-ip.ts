import "server-only";
import { getIPFromHeader } from "@better-auth/core/utils/ip";
import { env } from "../env";

/**
 * The caller's address for audit rows, resolved exactly as better-auth resolves it for its sign-in rate limit
 * (lib/server/auth/config.ts): X-Forwarded-For read right to left past TRUSTED_PROXIES; without trusted
 * proxies only a single address counts. Route handlers cannot see the socket; Next.js puts the socket address
 * in X-Forwarded-For when the request has none. Null when no address can be trusted.
 */
export function clientIp(headers: Headers, trustedProxies: string[] = env().TRUSTED_PROXIES): string | null {
  const forwarded = headers.get("x-forwarded-for");
  return forwarded ? getIPFromHeader(forwarded, { trustedProxies, ipv6Subnet: 128 }) : null;
}
