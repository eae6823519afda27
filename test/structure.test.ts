// Architecture rules that the folders promise (STYLE.md layout, points 2 and 4; SECURITY.md 4).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

function files(dir: string, ext = /\.(ts|tsx)$/): string[] {
  const abs = path.join(ROOT, dir);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (ext.test(name)) out.push(path.relative(ROOT, p));
    }
  };
  walk(abs);
  return out;
}

const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
const isTest = (f: string) => /\.test\.tsx?$/.test(f);

describe("project structure", () => {
  it('every lib/server file starts with import "server-only"', () => {
    const missing = files("lib/server")
      .filter((f) => !isTest(f))
      .filter(
        (f) =>
          !/^import "server-only";/m.test(
            read(f)
              .split("\n")
              .find((l) => l.trim() && !l.startsWith("//")) ?? "",
          ),
      );
    expect(missing).toEqual([]);
  });

  it("only lib/server/env.ts reads process.env in app/, components/ and lib/", () => {
    const readers = [...files("app"), ...files("components"), ...files("lib")]
      .filter((f) => !isTest(f) && f !== path.join("lib", "server", "env.ts"))
      .filter((f) => /process\.env/.test(read(f)));
    expect(readers).toEqual([]);
  });

  it("client components never import server code", () => {
    const offenders = [...files("app"), ...files("components"), ...files("lib")]
      .filter((f) => /^["']use client["']/m.test(read(f)))
      .filter((f) => /from ["']@\/lib\/server|from ["'].*\/server\//.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it("the simulator imports nothing from the console", () => {
    const offenders = files("sim/src").filter((f) =>
      /from ["'](@\/|\.\.\/\.\.\/(app|lib|components))/.test(read(f)),
    );
    expect(offenders).toEqual([]);
  });

  it("the Atlas spec and recordings are not copied into the project", () => {
    const all = [...files("sim", /./), ...files("lib", /./), ...files("app", /./), ...files("test", /./)];
    // Built from parts so that this file does not match itself.
    const marker = new RegExp(["^openapi: 3", "X-Java" + "-Method"].join("|"), "m");
    const copies = all.filter((f) => marker.test(read(f)));
    expect(copies).toEqual([]);
  });
});
