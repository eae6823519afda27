import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { ApiReference } from "@scalar/nextjs-api-reference";
import { withConsole } from "@/lib/server/api/with-console";

// The API reference page (/api/docs): Scalar's page (@scalar/nextjs-api-reference) reading /api/openapi.json.
// API routes skip proxy.ts, so this page sets its own CSP: scripts only by this response's nonce, every fetch to
// this origin. Scalar's standalone bundle is therefore served from this origin (/api/docs/scalar.js), never
// from its default CDN: a script from elsewhere would run with the signed-in user's session.

/** Scalar's standalone bundle (the dependency @scalar/api-reference): served from this origin by /api/docs/scalar.js. */
export const SCALAR_BUNDLE = path.join(
  process.cwd(),
  "node_modules",
  "@scalar",
  "api-reference",
  "dist",
  "browser",
  "standalone.js",
);

export const SCALAR_BUNDLE_PATH = "/api/docs/scalar.js";

// Org-independent (tokenOrgFilter): a token limited to some orgs may read the reference too.
const gate = withConsole({ action: "orgs.read", tokenOrgFilter: true }, async () => ({ status: 204 }));

/**
 * The same checks as every API route (session or token, two-factor set up, the role's permission, refusals
 * audited): null when the caller may go on, else the answer to give. A browser without a session is sent to
 * sign in and back.
 */
export async function checkReferenceCaller(
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
): Promise<Response | null> {
  const url = new URL(req.url);
  // Without the query string: ?envelope=true must not turn the gate's 204 into a 200.
  const checked = await gate(new Request(`${url.origin}${url.pathname}`, { headers: req.headers }), ctx);
  if (checked.status === 204) return null;
  if (checked.status === 401 && /text\/html/.test(req.headers.get("accept") ?? "")) {
    return new Response(null, {
      status: 303,
      headers: { Location: `/sign-in?next=${encodeURIComponent(url.pathname)}`, "Cache-Control": "no-store" },
    });
  }
  return checked;
}

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Scalar sets style attributes and injects its stylesheet at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const UNAVAILABLE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API reference</title></head>
<body><main><h1>API reference</h1>
<p>The reference viewer is not installed on this console (the package <code>@scalar/api-reference</code>).
The OpenAPI document is at <a href="/api/openapi.json">/api/openapi.json</a>; docs/api.md describes the API.</p>
</main></body></html>`;

/** The HTML page, with a fresh nonce and its own CSP. */
export async function referencePage(): Promise<Response> {
  const nonce = randomBytes(16).toString("base64");
  const html = existsSync(SCALAR_BUNDLE)
    ? await ApiReference({
        url: "/api/openapi.json",
        pageTitle: "Invite Console API",
        cdn: SCALAR_BUNDLE_PATH,
        nonce,
        // Nothing from other origins: no web fonts, no telemetry, no hosted agent.
        withDefaultFonts: false,
        telemetry: false,
        agent: { disabled: true },
        showDeveloperTools: "never",
        documentDownloadType: "json",
      })().text()
    : UNAVAILABLE;
  return new Response(html, {
    status: 200,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": contentSecurityPolicy(nonce),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
