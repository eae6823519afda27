// The invitations page's first load holds no zod (issue 18: first-load JS ≤ 180 kB; zod is 32 kB gzip). The
// browser checks answers against the schemas in development and tests only (lib/api-client/answers.ts loads
// them with import()), so a static import of zod from any client module reachable from the page is a
// regression: one came back through the list stream's enums after the merge that added it (253 kB again).
// This walks static value imports from the page, its layouts and the providers; from a "use client" module on,
// everything imported ships to the browser. Dynamic import() and type-only imports ship nothing up front.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const ENTRIES = [
  "app/layout.tsx",
  "app/(console)/layout.tsx",
  "app/(console)/orgs/[orgId]/invitations/page.tsx",
];

/** The value imports of a module: `import x from`, `import { a, type B } from`, `export … from`, `import "…"`. */
function valueImports(source: string): string[] {
  const out: string[] = [];
  const re =
    /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;
  for (const m of source.matchAll(re)) {
    if (m[5]) {
      out.push(m[5]);
      continue;
    }
    if (m[2]) continue; // import type / export type
    const clause = m[3] ?? "";
    const braces = clause.match(/\{([\s\S]*)\}/);
    const outside = clause.replace(/\{[\s\S]*\}/, "").replace(/[,\s]/g, "");
    const names = braces
      ? braces[1]!
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean)
      : [];
    if (outside === "" && names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    out.push(m[4]!);
  }
  return out;
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.join(path.dirname(from), spec);
  else return null;
  for (const ext of ["", ".ts", ".tsx", "/index.ts", "/index.tsx"]) {
    const p = base + ext;
    if (existsSync(p) && /\.(ts|tsx)$/.test(p)) return p;
  }
  return null;
}

/** The chains from an entry to a client module that imports `pkg` statically. */
function clientChainsTo(pkg: RegExp): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const walk = (file: string, client: boolean, chain: string[]) => {
    const key = `${file}:${client}`;
    if (seen.has(key)) return;
    seen.add(key);
    const source = readFileSync(file, "utf8");
    const isClient = client || /^\s*["']use client["']/.test(source);
    const here = [...chain, path.relative(ROOT, file)];
    for (const spec of valueImports(source)) {
      if (isClient && pkg.test(spec)) found.push([...here, spec]);
      const next = resolve(file, spec);
      // Server-only code never reaches the browser.
      if (next && !next.includes(`${path.sep}lib${path.sep}server${path.sep}`)) walk(next, isClient, here);
    }
  };
  for (const e of ENTRIES) walk(path.join(ROOT, e), false, []);
  return found;
}

describe("the invitations page's first load", () => {
  it("reads value imports as the bundler does: type-only ones ship nothing", () => {
    expect(
      valueImports(
        [
          'import { z } from "zod";',
          'import type { A } from "./a";',
          'import { type B, type C } from "./b";',
          'import { type D, e } from "./d";',
          'export { f } from "./f";',
          'import "./g.css";',
          'const h = await import("./h");',
        ].join("\n"),
      ),
    ).toEqual(["zod", "./d", "./f", "./g.css"]);
  });

  it("imports no zod in any client module it reaches", () => {
    expect(clientChainsTo(/^zod(\/|$)/).map((c) => c.join(" → "))).toEqual([]);
  });
});
