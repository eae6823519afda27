import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";

// Runs before every page request. It only redirects early and sets headers: every page and every route handler
// still checks the session itself (docs/security.md 3; several 2025–26 advisories bypassed proxies). API routes
// skip it (see `config`): their headers come from next.config.ts, and a proxy invocation was a fixed cost on
// every API call.

const SESSION_COOKIES = ["console.session_token", "__Host-console.session_token"];
/** Pages anyone may open (they render sign-in steps). */
const PUBLIC_PAGES = [/^\/sign-in\/?$/, /^\/two-factor\/?$/, /^\/set-password\/?$/];

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Scripts: only ours, by nonce (Next.js adds it to its own tags); no unsafe-inline / unsafe-eval in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (virtualized rows, popover positioning) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));

  let response: NextResponse;
  if (!hasSession && !PUBLIC_PAGES.some((re) => re.test(pathname))) {
    const target = new URL("/sign-in", request.url);
    if (pathname !== "/") target.searchParams.set("next", `${pathname}${search}`);
    response = NextResponse.redirect(target);
  } else {
    const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("Content-Security-Policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("Content-Security-Policy", csp);
    // Signed-in pages and sign-in steps are never cached.
    response.headers.set("Cache-Control", "no-store");
  }
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Frame-Options", "DENY");
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      // Not the API (/api and /api/...) nor SCIM (/scim/v2/...): next.config.ts gives them the same headers.
      source: "/((?!api/|api$|scim/|scim$|_next/static|_next/image|icon.svg|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
