// The route files of app/api as the OpenAPI tests see them: each exported HTTP method with its path in OpenAPI
// style and what its withConsole options say (action, sessionOnly). The same reading of a route file as
// e2e/support/routes.ts (`exportedMethods`), which cannot be imported here (it loads Playwright).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

export interface RouteFileMethod {
  method: string;
  /** OpenAPI style: /api/orgs/{orgId}/invitations. */
  path: string;
  file: string;
  /** The permission its withConsole options name (the file's only one when the export names none). */
  action: string | null;
  sessionOnly: boolean;
}

/** better-auth's own endpoints: not the console's API (docs/api.md). */
export const NOT_DOCUMENTED = ["/api/auth/{all}"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

const actionsIn = (text: string) => [...text.matchAll(/\baction:\s*"([\w.]+)"/g)].map((m) => m[1]!);

export function routeFileMethods(root = process.cwd()): RouteFileMethod[] {
  const appDir = path.join(root, "app");
  const out: RouteFileMethod[] = [];
  for (const file of routeFiles(path.join(appDir, "api"))) {
    const apiPath = `/${path
      .relative(appDir, path.dirname(file))
      .split(path.sep)
      .map((seg) => seg.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))
      .join("/")}`;
    const source = readFileSync(file, "utf8");
    const exports = [
      ...source.matchAll(/^export\s+(?:const|let|(?:async\s+)?function)\s+([A-Z]+)\b/gm),
    ].filter((m) => (HTTP_METHODS as readonly string[]).includes(m[1]!));
    exports.forEach((m, i) => {
      // The export's own text: up to the next export.
      const own = source.slice(m.index, exports[i + 1]?.index ?? source.length);
      const fileActions = [...new Set(actionsIn(source))];
      const action = actionsIn(own)[0] ?? (fileActions.length === 1 ? fileActions[0]! : null);
      out.push({
        method: m[1]!,
        path: apiPath,
        file: path.relative(root, file),
        action,
        sessionOnly: /\bsessionOnly:\s*true\b/.test(own),
      });
    });
  }
  return out.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
