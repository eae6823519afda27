// The console-origin rule, in one place for route handlers (lib/server/api/with-console.ts), better-auth's own
// endpoints (trustedOrigins in lib/server/auth/config.ts) and the links the console hands out. No env read and
// no server import: callers pass CONSOLE_URL, so the rule also runs in the browser or at the edge.
//
// The console's own origin is CONSOLE_URL's when set: a request's Host header is the caller's to write. Unset
// (loopback, development), it is the origin the browser addressed: the request's scheme with its Host header
// (Next reports request.url as "localhost" even when bound to 127.0.0.1).

/** The origin the console answers on, for `req` (null: no CONSOLE_URL and no request to judge by). */
export function consoleOrigin(req: Request, configuredUrl: string | undefined): string;
export function consoleOrigin(req: Request | undefined, configuredUrl: string | undefined): string | null;
export function consoleOrigin(req: Request | undefined, configuredUrl: string | undefined): string | null {
  if (configuredUrl) return new URL(configuredUrl).origin;
  if (!req) return null;
  const url = new URL(req.url);
  return `${url.protocol}//${req.headers.get("host") ?? url.host}`;
}

/** True when `req` says it comes from the console's own origin (an absent Origin is not). */
export function isFromConsoleOrigin(req: Request, configuredUrl: string | undefined): boolean {
  const origin = req.headers.get("origin");
  return origin !== null && origin === consoleOrigin(req, configuredUrl);
}
