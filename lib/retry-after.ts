// Client-safe: the server reads Atlas's Retry-After (lib/server/atlas/http.ts), the browser the console's
// (lib/api-client/fetcher.ts).

/** Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); absent or unreadable → undefined. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
