// The console's JSON API as the role × route matrix (e2e/auth-matrix.spec.ts) sees it: a registry read from
// app/api/**/route.ts (each file's exported HTTP method handlers), and one table of what every caller gets from
// each route and method. A route added later without a row in ROUTE_EXPECTATIONS fails the matrix.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Role } from "../../lib/permissions";
import { ORG_ID } from "./atlas";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ApiRoute {
  method: HttpMethod;
  /** The route as Next names it, e.g. /api/orgs/[orgId]/invitations. */
  template: string;
  /** A concrete path with valid-looking ids. */
  path: string;
  /** `${method} ${template}`: the key of ROUTE_EXPECTATIONS. */
  key: string;
}

const PARAM_VALUES: Record<string, string> = {
  orgId: ORG_ID,
  invitationId: "5f9000000000000000000009",
  userId: "00000000-0000-4000-8000-000000000001",
  ledgerId: "00000000-0000-4000-8000-000000000002",
  sessionId: "00000000-0000-4000-8000-000000000003",
  connectionId: "00000000-0000-4000-8000-000000000004",
  id: "00000000-0000-4000-8000-000000000005",
  presetId: "00000000-0000-4000-8000-000000000006",
  approvalId: "00000000-0000-4000-8000-000000000007",
  tokenId: "00000000-0000-4000-8000-000000000008",
  runId: "5f900000000000000000b001",
  command: "pause",
  email: "matrix-person@e2e.example",
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

/** The HTTP methods a route file exports (`export const GET = …`, `export async function GET(…)`). */
export function exportedMethods(source: string): HttpMethod[] {
  const names = [...source.matchAll(/^export\s+(?:const|let|(?:async\s+)?function)\s+([A-Z]+)\b/gm)].map(
    (m) => m[1]!,
  );
  return HTTP_METHODS.filter((m) => names.includes(m));
}

/** Every route and method under app/api, sorted. */
export function apiRoutes(root = process.cwd()): ApiRoute[] {
  const appDir = path.join(root, "app");
  const routes: ApiRoute[] = [];
  for (const file of routeFiles(path.join(appDir, "api"))) {
    const segments = path.relative(appDir, path.dirname(file)).split(path.sep);
    const template = `/${segments.join("/")}`;
    const concrete = `/${segments
      .map((seg) => {
        const m = /^\[(\w+)\]$/.exec(seg);
        return m ? (PARAM_VALUES[m[1]!] ?? "5f9000000000000000000001") : seg;
      })
      .join("/")}`;
    for (const method of exportedMethods(readFileSync(file, "utf8"))) {
      const key = `${method} ${template}`;
      const e = ROUTE_EXPECTATIONS[key];
      const query = e && !isLeftOut(e) ? (e.query ?? "") : "";
      routes.push({ method, template, path: concrete + query, key });
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** What a signed-in caller of each role gets (a signed-out caller always gets 401). */
export type RoleStatuses = Record<Role, number>;

export interface RouteExpectation {
  status: RoleStatuses;
  /** A body that passes validation where one is needed, so that an allowed caller gets past parsing. */
  body?: () => unknown;
  /** A query string the route requires (e.g. "?status=pending"), so that an allowed caller gets past parsing. */
  query?: string;
  /** Refused to API tokens whatever the role (403): docs/api.md, session-only operations. */
  sessionOnly?: true;
}

/** A route the matrix does not call, and why (said here so that the choice is visible and reviewed). */
export interface RouteLeftOut {
  leftOut: string;
}

const all = (status: number): RoleStatuses => ({ viewer: status, inviter: status, admin: status });
const inviters = (status: number): RoleStatuses => ({ viewer: 403, inviter: status, admin: status });
const admins = (status: number): RoleStatuses => ({ viewer: 403, inviter: 403, admin: status });

const grants = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
const BETTER_AUTH =
  "better-auth's own endpoints: sign-in, sessions and closed doors are e2e/auth*.spec.ts and test/auth";

/**
 * Every route and method of app/api, keyed `METHOD /template`: the status each role gets with the ids of
 * PARAM_VALUES (unknown ones: 404 where the id is looked up; 409 `stale_list` for an invitation id, since Atlas
 * answers 404 both for a gone invitation and for one of another org) and the body given here.
 */
export const ROUTE_EXPECTATIONS: Record<string, RouteExpectation | RouteLeftOut> = {
  "GET /api/account/notifications": { status: all(200), sessionOnly: true },
  "PATCH /api/account/notifications": { status: all(200), body: () => ({ digest: true }), sessionOnly: true },
  "GET /api/account/sessions": { status: all(200), sessionOnly: true },
  "GET /api/account/tokens": { status: all(200), sessionOnly: true },
  // Without a name: creating a token names the missing field (and no token is left behind).
  "POST /api/account/tokens": { status: all(400), body: () => ({}), sessionOnly: true },
  "DELETE /api/account/tokens/[tokenId]": { status: all(404), sessionOnly: true },
  "DELETE /api/account/sessions/[sessionId]": { status: all(404), sessionOnly: true },
  "GET /api/audit": { status: admins(200) },
  "GET /api/audit/export": { status: admins(200) },
  "GET /api/audit/orgs": { status: admins(200) },
  "GET /api/auth/[...all]": { leftOut: BETTER_AUTH },
  "POST /api/auth/[...all]": { leftOut: BETTER_AUTH },
  "GET /api/connections": { status: all(200) },
  "GET /api/docs": { status: all(200) },
  "GET /api/docs/scalar.js": { status: all(200) },
  "GET /api/openapi.json": { status: all(200) },
  "POST /api/connections": { status: admins(400), body: () => ({}), sessionOnly: true },
  "GET /api/connections/[connectionId]": { status: all(404) },
  "PATCH /api/connections/[connectionId]": {
    status: admins(404),
    body: () => ({ name: "Matrix" }),
    sessionOnly: true,
  },
  "DELETE /api/connections/[connectionId]": { status: admins(404), sessionOnly: true },
  "POST /api/connections/[connectionId]/rotate": { status: admins(400), body: () => ({}), sessionOnly: true },
  "POST /api/connections/[connectionId]/test": { status: admins(404), sessionOnly: true },
  "GET /api/notifications": { status: admins(200) },
  "POST /api/notifications/[id]/retry": { status: admins(404) },
  "POST /api/notifications/test": { status: admins(400), body: () => ({}) },
  "GET /api/orgs": { status: all(200) },
  "POST /api/orgs/[orgId]/atlas-users": { status: admins(400), body: () => ({}) },
  "GET /api/orgs/[orgId]/approvals": { status: all(200), query: "?status=pending" },
  "POST /api/orgs/[orgId]/approvals/[approvalId]/approve": {
    status: admins(404),
    body: () => ({ reason: "matrix" }),
    sessionOnly: true,
  },
  "POST /api/orgs/[orgId]/approvals/[approvalId]/deny": {
    status: admins(404),
    body: () => ({ reason: "matrix" }),
    sessionOnly: true,
  },
  "GET /api/orgs/[orgId]/bulk": { status: all(200) },
  // Without a CSV: planning an import is the inviters', and an empty body names the missing file.
  "POST /api/orgs/[orgId]/bulk": { status: inviters(400), body: () => ({}) },
  "POST /api/orgs/[orgId]/bulk/actions": { status: inviters(400), body: () => ({}) },
  "GET /api/orgs/[orgId]/bulk/[runId]": { status: all(404) },
  "GET /api/orgs/[orgId]/bulk/[runId]/rows": { status: all(404) },
  "GET /api/orgs/[orgId]/bulk/[runId]/results": { status: all(404) },
  "POST /api/orgs/[orgId]/bulk/[runId]/[command]": { status: inviters(404) },
  "GET /api/orgs/[orgId]/invitations": { status: all(200) },
  "POST /api/orgs/[orgId]/invitations": {
    status: inviters(201),
    body: () => ({ emails: `matrix-${Date.now()}@e2e.example`, ...grants }),
  },
  "DELETE /api/orgs/[orgId]/invitations/[invitationId]": {
    status: inviters(409),
    body: () => ({ source: "users" }),
  },
  "PATCH /api/orgs/[orgId]/invitations/[invitationId]": {
    status: inviters(409),
    body: () => ({ source: "users", ...grants }),
  },
  "POST /api/orgs/[orgId]/invitations/[invitationId]/renew": {
    status: inviters(409),
    body: () => ({ source: "users" }),
  },
  "GET /api/orgs/[orgId]/invitations/renewals": { status: all(200) },
  "GET /api/orgs/[orgId]/export": { status: all(200), query: "?tab=pending&format=csv" },
  "GET /api/orgs/[orgId]/ledger": { status: all(200), query: "?status=pending" },
  "POST /api/orgs/[orgId]/ledger/[ledgerId]/reinvite": {
    status: inviters(404),
    body: () => ({ emails: `matrix-re-${Date.now()}@e2e.example`, ...grants }),
  },
  "GET /api/orgs/[orgId]/ledger/counts": { status: all(200) },
  "GET /api/orgs/[orgId]/ledger/sync": { status: all(200) },
  "POST /api/orgs/[orgId]/ledger/sync": { status: inviters(200) },
  "GET /api/orgs/[orgId]/members": { status: inviters(200) },
  "GET /api/orgs/[orgId]/notifications/digest-preview": { status: admins(200) },
  "GET /api/orgs/[orgId]/people/[email]/timeline": { status: all(200) },
  "GET /api/orgs/[orgId]/policy": { status: admins(200) },
  // An invalid body: the e2e org's guardrails stay the defaults for the other specs.
  "PUT /api/orgs/[orgId]/policy": { status: admins(400), body: () => ({}), sessionOnly: true },
  "GET /api/orgs/[orgId]/presets": { status: all(200) },
  "POST /api/orgs/[orgId]/presets": { status: admins(400), body: () => ({}) },
  "PATCH /api/orgs/[orgId]/presets/[presetId]": {
    status: admins(404),
    body: () => ({ name: "Matrix", ...grants }),
  },
  "DELETE /api/orgs/[orgId]/presets/[presetId]": { status: admins(404) },
  "GET /api/orgs/[orgId]/provisioning": { status: admins(200), sessionOnly: true },
  "GET /api/orgs/[orgId]/provisioning/tokens": { status: admins(200), sessionOnly: true },
  // Without a name: no provisioning token is left behind.
  "POST /api/orgs/[orgId]/provisioning/tokens": { status: admins(400), body: () => ({}), sessionOnly: true },
  "DELETE /api/orgs/[orgId]/provisioning/tokens/[tokenId]": { status: admins(404), sessionOnly: true },
  // Invalid bodies: the e2e org's provisioning settings and maps stay as they are for the other specs.
  "PUT /api/orgs/[orgId]/provisioning/settings": { status: admins(400), body: () => ({}), sessionOnly: true },
  "PUT /api/orgs/[orgId]/provisioning/group-maps": {
    status: admins(400),
    body: () => ({}),
    sessionOnly: true,
  },
  "DELETE /api/orgs/[orgId]/provisioning/group-maps": {
    status: admins(400),
    body: () => ({}),
    sessionOnly: true,
  },
  "POST /api/orgs/[orgId]/provisioning/leavers/[scimUserId]/remove": {
    status: admins(404),
    sessionOnly: true,
  },
  "GET /api/orgs/[orgId]/projects": { status: all(200) },
  "POST /api/orgs/[orgId]/route": { status: admins(400), body: () => ({}) },
  "GET /api/orgs/[orgId]/sunset": { status: all(200) },
  "POST /api/orgs/[orgId]/sunset/migrate": { status: admins(400), body: () => ({}) },
  "GET /api/orgs/[orgId]/teams": { status: all(200) },
  "GET /api/tokens": { status: admins(200), sessionOnly: true },
  "DELETE /api/tokens/[tokenId]": { status: admins(404), sessionOnly: true },
  "GET /api/users": { status: admins(200), sessionOnly: true },
  "POST /api/users": {
    status: admins(201),
    body: () => ({ email: `m-${Date.now()}@e2e.example`, role: "viewer" }),
    sessionOnly: true,
  },
  "PATCH /api/users/[userId]": { status: admins(404), body: () => ({ role: "viewer" }), sessionOnly: true },
  "POST /api/users/[userId]/reset-two-factor": { status: admins(404), sessionOnly: true },
  "POST /api/users/[userId]/set-password-link": { status: admins(404), sessionOnly: true },
};

export const isLeftOut = (e: RouteExpectation | RouteLeftOut): e is RouteLeftOut => "leftOut" in e;

/** The body to send to `route` (from its row), or undefined. */
export function bodyFor(route: ApiRoute): unknown {
  const e = ROUTE_EXPECTATIONS[route.key];
  if (e && !isLeftOut(e) && e.body) return e.body();
  return route.method === "GET" || route.method === "DELETE" ? undefined : {};
}
