// Every route of the console's JSON API, read from app/api/**/route.ts: so that a route added later is in the
// role × route matrix (T02) without anyone remembering to list it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ORG_ID } from "./atlas";

export interface ApiRoute {
  method: string;
  /** Concrete path with valid-looking ids. */
  path: string;
  /** The permission the handler declares (withConsole({ action })). */
  action: string;
}

const PARAM_VALUES: Record<string, string> = {
  orgId: ORG_ID,
  invitationId: "5f9000000000000000000009",
  userId: "00000000-0000-4000-8000-000000000001",
  ledgerId: "00000000-0000-4000-8000-000000000002",
  email: "matrix-person@e2e.example",
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : name === "route.ts" ? [p] : [];
  });
}

export function apiRoutes(root = process.cwd()): ApiRoute[] {
  const apiDir = path.join(root, "app", "api");
  const routes: ApiRoute[] = [];
  for (const file of walk(apiDir)) {
    const rel = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep);
    if (rel[1] === "auth") continue; // better-auth's own endpoints: covered by the sign-in tests
    const urlPath =
      "/" +
      rel
        .map((seg) => {
          const m = /^\[(\w+)\]$/.exec(seg);
          return m ? (PARAM_VALUES[m[1]!] ?? "5f9000000000000000000001") : seg;
        })
        .join("/");
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(
      /export const (GET|POST|PUT|PATCH|DELETE) = withConsole\(\s*\{\s*action: "([\w.]+)"/g,
    )) {
      routes.push({ method: m[1]!, path: urlPath, action: m[2]! });
    }
  }
  return routes;
}

/** Bodies that pass validation where one is needed, so that an allowed caller gets past parsing. */
export function bodyFor(route: ApiRoute): unknown {
  if (route.path.endsWith("/invitations") && route.method === "POST") {
    return {
      emails: `matrix-${Date.now()}@e2e.example`,
      orgRoles: ["ORG_MEMBER"],
      teamIds: [],
      projectRoles: [],
    };
  }
  if (route.path.includes("/invitations/") && route.method === "DELETE") return { source: "users" };
  if (route.path.endsWith("/renew") && route.method === "POST") return { source: "users" };
  if (route.path.includes("/invitations/") && route.method === "PATCH") {
    return { source: "users", orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
  }
  if (route.path === "/api/users" && route.method === "POST")
    return { email: `m-${Date.now()}@e2e.example`, role: "viewer" };
  if (route.path.startsWith("/api/users/") && route.method === "PATCH") return { role: "viewer" };
  return route.method === "GET" || route.method === "DELETE" ? undefined : {};
}
