// Architecture rules that the folders promise.
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
    // lib/api-client/answers.ts reads NODE_ENV only, which the bundler replaces (not configuration).
    const allowed = [path.join("lib", "server", "env.ts"), path.join("lib", "api-client", "answers.ts")];
    const readers = [...files("app"), ...files("components"), ...files("lib")]
      .filter((f) => !isTest(f) && !allowed.includes(f))
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

  it("audit intents and completions are written only through lib/server/audit (the mutation helper)", () => {
    const offenders = [...files("app"), ...files("lib"), ...files("components")]
      .filter((f) => !isTest(f) && !f.startsWith(path.join("lib", "server", "audit") + path.sep))
      .filter((f) => /\b(beginAudit|completeAudit)\(/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it("invitation, console-user and connection changes are audited by the one mutation helper", () => {
    const services = [
      ...files("lib/server/invitations"),
      ...files("lib/server/console-users"),
      ...files("lib/server/connections"),
      ...files("lib/server/atlas-users"),
    ].filter((f) => !isTest(f));
    expect(services.length).toBeGreaterThan(0);
    // Each verb that changes something goes through auditedMutation; none writes a row by hand.
    const byHand = services.filter((f) => /\brecordAudit\(|auditAuthEvent\(/.test(read(f)));
    expect(byHand).toEqual([]);
    for (const verb of [
      "create-invitations",
      "cancel-invitation",
      "create-console-user",
      "change-console-user",
    ]) {
      const file = services.find((f) => f.endsWith(`${verb}.ts`));
      expect(file, verb).toBeDefined();
      expect(read(file!), verb).toMatch(/auditedMutation\(/);
    }
  });

  it("each connection change (and each org route change) is one auditedMutation or auditedRefusal", () => {
    for (const [file, verb] of [
      ["create", "created"],
      ["update", "updated"],
      ["rotate-secret", "secret_rotated"],
      ["delete", "deleted"],
      ["test", "tested"],
    ] as const) {
      const source = read(path.join("lib", "server", "connections", `${file}.ts`));
      expect(source, verb).toMatch(new RegExp(`action: "connection\\.${verb}"|"connection\\.${verb}", `));
      expect(source.match(/\bauditedMutation\(/g)?.length, file).toBe(1);
    }
    // The admin's choice and the console's automatic one.
    for (const f of [
      path.join("lib", "server", "connections", "set-org-route.ts"),
      path.join("lib", "server", "connections", "routing.ts"),
    ]) {
      expect(read(f), f).toMatch(/auditedMutation\(\{[^]*?action: "org\.route_changed"/);
    }
  });

  it("each enum has one source: no copy of its list elsewhere", () => {
    // Built from parts so that this file does not match itself.
    const lists: [RegExp, string][] = [
      [new RegExp(['"viewer", ' + '"inviter", "admin"'].join("")), path.join("lib", "permissions.ts")],
      [
        new RegExp(['"users", ' + '"invitations"\\]'].join("")),
        path.join("lib", "schemas", "invitation-enums.ts"),
      ],
      [
        new RegExp(['"pending", ' + '"success", "failure"'].join("")),
        path.join("lib", "schemas", "audit.ts"),
      ],
      [new RegExp(['"ORG_OWNER", ' + '"ORG_BILLING_ADMIN"'].join("")), path.join("lib", "permissions.ts")],
      [
        new RegExp(['"invitation.cancelled", ' + '"auth.signed_in"'].join("")),
        path.join("lib", "schemas", "audit.ts"),
      ],
    ];
    const all = [...files("app"), ...files("components"), ...files("lib")].filter((f) => !isTest(f));
    for (const [list, home] of lists) {
      const copies = all.filter((f) => f !== home && list.test(read(f).replace(/\s+/g, " ")));
      expect(copies, list.source).toEqual([]);
    }
  });

  it("the Atlas spec and recordings are not copied into the project", () => {
    const all = [...files("sim", /./), ...files("lib", /./), ...files("app", /./), ...files("test", /./)];
    // Built from parts so that this file does not match itself.
    const marker = new RegExp(["^openapi: 3", "X-Java" + "-Method"].join("|"), "m");
    const copies = all.filter((f) => marker.test(read(f)));
    expect(copies).toEqual([]);
  });

  it("browser data hooks live in lib/api-client: no component or page defines a query or mutation", () => {
    const ui = [...files("components"), ...files("app")].filter((f) => !isTest(f));
    const defining = ui.filter((f) => /\b(useMutation|queryOptions|apiFetch)\(/.test(read(f)));
    expect(defining).toEqual([]);
  });

  it("browser hooks by resource, refreshed through one helper: lib/api-client/<resource>/{keys,queries,mutations}.ts", () => {
    const client = files("lib/api-client").filter((f) => !isTest(f));
    // Only lib/api-client/invalidate.ts calls invalidateQueries: mutations return its promise from onSettled.
    const own = path.join("lib", "api-client", "invalidate.ts");
    const ui = [...files("components"), ...files("app")];
    const invalidating = [...client, ...ui].filter((f) => f !== own && /\binvalidateQueries\(/.test(read(f)));
    expect(invalidating).toEqual([]);
    // Query keys are built in keys.ts files only (one factory per resource).
    const keyed = client.filter((f) => /queryKey: \[/.test(read(f)) && !f.endsWith("keys.ts"));
    expect(keyed).toEqual([]);
  });
});
