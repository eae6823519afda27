// Errors made by one copy of a module and classified by another. Next.js bundles instrumentation (the start-up
// reconciler, which builds and caches the Atlas client on globalThis) apart from the route handlers, so one
// process holds two copies of lib/server/atlas/errors.ts and lib/server/api/errors.ts: an `instanceof` check
// made by the routes fails on an error from the cached client. e2e/built-errors.spec.ts shows it in the built
// server; here two module copies in one process show the same thing in a second.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import type * as ApiErrorsModule from "@/lib/server/api/errors";
import type * as AtlasErrorsModule from "@/lib/server/atlas/errors";
import type * as TemplatesModule from "@/lib/server/atlas/templates";

type AtlasErrors = typeof AtlasErrorsModule;
type ApiErrors = typeof ApiErrorsModule;
type Templates = typeof TemplatesModule;

async function copy(): Promise<{ atlas: AtlasErrors; api: ApiErrors; templates: Templates }> {
  vi.resetModules();
  return {
    atlas: await import("@/lib/server/atlas/errors"),
    api: await import("@/lib/server/api/errors"),
    templates: await import("@/lib/server/atlas/templates"),
  };
}

describe("errors classified across module copies", () => {
  it("an AtlasError of another copy maps to the same envelope as one of this copy", async () => {
    const made = await copy(); // the instrumentation bundle's copy
    const routes = await copy(); // the route handlers' copy
    expect(made.atlas.AtlasError).not.toBe(routes.atlas.AtlasError);

    const { AtlasError } = made.atlas;
    const cases: [ReturnType<AtlasErrors["AtlasError"]["http"]>, number, string, string | undefined][] = [
      [
        AtlasError.http({ status: 409, errorCode: "USER_ALREADY_INVITED", detail: null }),
        409,
        "conflict",
        undefined,
      ],
      [
        AtlasError.http({ status: 404, errorCode: "INVITATION_NOT_FOUND", detail: null }),
        404,
        "not_found",
        undefined,
      ],
      [
        AtlasError.http({ status: 403, errorCode: "USER_UNAUTHORIZED", detail: null }),
        403,
        "forbidden",
        undefined,
      ],
      [
        AtlasError.http({ status: 429, errorCode: "RATE_LIMITED", detail: null, retryAfter: 30 }),
        503,
        "atlas_rate_limited",
        "30",
      ],
      [
        AtlasError.token({ message: "x", status: 401, errorCode: "invalid_client", detail: null }),
        502,
        "atlas_auth",
        undefined,
      ],
      [
        AtlasError.token({ message: "x", status: 403, errorCode: "access_denied", detail: null }),
        503,
        "atlas_rate_limited",
        "60",
      ],
      [AtlasError.unknownOutcome({ message: "x", status: 503 }), 502, "unknown_outcome", undefined],
    ];
    for (const [error, status, code, retryAfter] of cases) {
      expect(error instanceof routes.atlas.AtlasError).toBe(false); // the trap
      expect(routes.atlas.isAtlasError(error)).toBe(true);
      const mapped = routes.api.mapError(error);
      expect({ status: mapped.status, code: mapped.body.error.code }).toEqual({ status, code });
      expect(mapped.headers["Retry-After"]).toBe(retryAfter);
    }
  });

  it("HttpError and InvalidAtlasId of another copy keep their status, code and Retry-After", async () => {
    const made = await copy();
    const routes = await copy();
    const conflict = routes.api.mapError(
      new made.api.HttpError({ code: "conflict", message: "Already invited." }),
    );
    expect([conflict.status, conflict.body.error.code]).toEqual([409, "conflict"]);
    const limited = routes.api.mapError(
      new made.api.HttpError({
        code: "atlas_rate_limited",
        message: "Atlas rate limit: retry in 30 s.",
        retryAfter: 30,
      }),
    );
    expect([limited.status, limited.body.error.retryAfter, limited.headers["Retry-After"]]).toEqual([
      503,
      30,
      "30",
    ]);
    const badId = routes.api.mapError(new made.templates.InvalidAtlasId("orgId"));
    expect([badId.status, badId.body.error.code]).toEqual([400, "invalid_input"]);
  });

  it("plain errors and look-alikes without the brand stay unexpected (500)", async () => {
    const routes = await copy();
    expect(routes.api.mapError(new Error("boom")).status).toBe(500);
    const lookalike = Object.assign(new Error("x"), {
      failure: "http",
      status: 409,
      brand: "something else",
    });
    expect(routes.api.mapError(lookalike).status).toBe(500);
  });
});

const ROOT = path.resolve(__dirname, "../..");
function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path.relative(ROOT, p));
    }
  };
  walk(abs);
  return out;
}

describe("server code classifies the console's own classes by brand", () => {
  it("no `instanceof` on a class declared in app/ or lib/ (server code, instrumentation)", () => {
    const read = (f: string) => readFileSync(path.join(ROOT, f), "utf8");
    const all = [...files("app"), ...files("lib"), "instrumentation.ts", "instrumentation-node.ts"];
    const own = new Set(all.flatMap((f) => [...read(f).matchAll(/\bclass\s+([A-Z]\w*)/g)].map((m) => m[1]!)));
    expect(own.has("AtlasError") && own.has("HttpError")).toBe(true);
    const server = all.filter(
      (f) => !/^["']use client["']/m.test(read(f)) && !f.startsWith("lib/api-client"),
    );
    const offenders = server.flatMap((f) =>
      [...read(f).matchAll(/\binstanceof\s+([A-Z]\w*)/g)]
        .filter((m) => own.has(m[1]!))
        .map((m) => `${f}: instanceof ${m[1]}`),
    );
    expect(offenders).toEqual([]);
  });
});
