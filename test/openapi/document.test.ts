// The OpenAPI document (lib/openapi/document.ts) against an independent OpenAPI 3.1 validator and against the
// route files: every route and method documented, nothing documented that does not exist, each with the
// permission and the session-only rule its file says.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument, openApiDocument } from "@/lib/openapi/document";
import { API_OPERATIONS } from "@/lib/openapi/registry";
import { NOT_DOCUMENTED, routeFileMethods } from "./route-files";

const doc = buildOpenApiDocument();
const METHODS = ["get", "post", "put", "patch", "delete"];
const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((m) => METHODS.includes(m))
    .map((m) => `${m.toUpperCase()} ${path}`),
);
const files = routeFileMethods();

/**
 * The session-only rule (docs/api.md): the caller's own account and tokens, every token and console user,
 * changes to connections, the guardrails and approval decisions, provisioning. A token is refused on these with 403.
 */
function sessionOnlyByRule(method: string, path: string): boolean {
  if (/^\/api\/(account|tokens|users)(\/|$)/.test(path)) return true;
  if (path.startsWith("/api/orgs/{orgId}/provisioning")) return true;
  if (path.startsWith("/api/connections") && method !== "GET") return true;
  if (path === "/api/orgs/{orgId}/policy" && method === "PUT") return true;
  return (
    /^\/api\/orgs\/\{orgId\}\/approvals\/\{approvalId\}\/(approve|deny)$/.test(path) && method === "POST"
  );
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 for an independent validator", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("documents every route file's methods, and only those (better-auth's /api/auth aside)", () => {
    const routes = files.filter((f) => !NOT_DOCUMENTED.includes(f.path)).map((f) => `${f.method} ${f.path}`);
    const undocumented = routes.filter((r) => !documented.includes(r));
    const withoutFile = documented.filter((d) => !routes.includes(d));
    expect({ undocumented, withoutFile }).toEqual({ undocumented: [], withoutFile: [] });
  });

  it("names the permission each route file asks for", () => {
    const wrong = files
      .filter((f) => !NOT_DOCUMENTED.includes(f.path))
      .flatMap((f) => {
        const op = API_OPERATIONS.find((o) => o.method === f.method && o.path === f.path);
        // The reference page and its script check orgs.read in lib/openapi/reference-page.ts.
        const action = f.action ?? (f.path.startsWith("/api/docs") ? "orgs.read" : null);
        return op && op.action !== action
          ? [`${f.method} ${f.path}: file ${action}, document ${op.action}`]
          : [];
      });
    expect(wrong).toEqual([]);
  });

  it("documents 401 and 403 on every operation, and the error envelope on every error", () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const responses = (op as { responses: Record<string, { $ref?: string }> }).responses;
        for (const status of ["400", "401", "403", "429"]) {
          if (!responses[status]?.$ref?.startsWith("#/components/responses/Error")) {
            missing.push(`${method.toUpperCase()} ${path} ${status}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    const r429 = (doc.components.responses as Record<string, { headers?: object }>).Error429;
    expect(r429?.headers).toHaveProperty("Retry-After");
  });

  it("marks session-only operations as the rule says, as the route files say, and allows them the cookie only", () => {
    const byRegistry = API_OPERATIONS.filter((o) => o.sessionOnly).map((o) => `${o.method} ${o.path}`);
    const byRule = API_OPERATIONS.filter((o) => sessionOnlyByRule(o.method, o.path)).map(
      (o) => `${o.method} ${o.path}`,
    );
    expect(byRegistry.sort()).toEqual(byRule.sort());
    const byFiles = files.filter((f) => f.sessionOnly).map((f) => `${f.method} ${f.path}`);
    const notInFiles = byRegistry.filter((r) => !byFiles.includes(r));
    const notInRegistry = byFiles.filter((f) => !byRegistry.includes(f));
    expect({ notInFiles, notInRegistry }).toEqual({ notInFiles: [], notInRegistry: [] });
    for (const o of API_OPERATIONS.filter((x) => x.sessionOnly)) {
      expect(doc.paths[o.path]![o.method.toLowerCase()]).toMatchObject({
        security: [{ cookieAuth: [] }],
        "x-session-only": true,
      });
    }
  });

  it("offers envelope and pretty on every JSON operation and the Idempotency-Key on invitation creates", () => {
    const params = (method: string, path: string) =>
      (doc.paths[path]![method] as { parameters: { $ref?: string }[] }).parameters.map((p) => p.$ref);
    expect(params("get", "/api/orgs")).toEqual(
      expect.arrayContaining(["#/components/parameters/Envelope", "#/components/parameters/Pretty"]),
    );
    expect(params("post", "/api/orgs/{orgId}/invitations")).toContain(
      "#/components/parameters/IdempotencyKey",
    );
    expect(params("get", "/api/audit/export")).not.toContain("#/components/parameters/Envelope");
  });

  it("is built once per process", () => {
    expect(openApiDocument()).toBe(openApiDocument());
  });
});
