import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

// A contract check for tests: does an answer the console gave match what its OpenAPI document says? The answer
// is validated against the document (JSON Schema 2020-12 with Ajv), not against the zod schemas it was built
// from, so that the published document is what is held to the truth. Test-only: app code never imports this.
// No imports from lib/server: the e2e side (e2e/support/contract.ts) builds one from the served document.

type Json = Record<string, unknown>;

export interface ContractDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Json;
}

/** Problems with one answer, each a sentence; empty when it matches the document. */
export type CheckAnswer = (
  method: string,
  pathname: string,
  status: number,
  contentType: string | null,
  body: unknown,
) => string[];

const DOC_ID = "urn:invite-console:openapi";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each document path as a pattern, literal segments before parameters (…/bulk/actions before …/bulk/{runId}). */
function templates(doc: ContractDocument): { template: string; re: RegExp; params: number }[] {
  return Object.keys(doc.paths)
    .map((template) => ({
      template,
      re: new RegExp(
        `^${template
          .split(/(\{\w+\})/)
          .map((part) => (/^\{\w+\}$/.test(part) ? "[^/]+" : escapeRegExp(part)))
          .join("")}$`,
      ),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);
}

/** `#/…` refs pointed at the document, so that a schema compiled alone still reaches the components. */
function rebase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebase);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `${DOC_ID}${v}` : rebase(v),
      ]),
    );
  }
  return value;
}

function resolve(doc: ContractDocument, value: unknown): Json | undefined {
  let current = value as Json | undefined;
  for (let i = 0; i < 5 && current && typeof current.$ref === "string"; i++) {
    const parts = (current.$ref as string).replace(/^#\//, "").split("/");
    current = parts.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc) as
      Json | undefined;
  }
  return current;
}

const baseType = (type: string) => type.split(";")[0]!.trim().toLowerCase();

export function createContractChecker(doc: ContractDocument): CheckAnswer {
  // strict: false, since the document's schemas carry OpenAPI's own words (description, x-…) beside JSON Schema's.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat("uuid", UUID);
  ajv.addSchema({ $id: DOC_ID, components: doc.components ?? {} });
  const paths = templates(doc);
  const compiled = new Map<string, ValidateFunction>();

  return (method, pathname, status, contentType, body) => {
    const m = method.toLowerCase();
    const match = paths.find((p) => p.re.test(pathname) && doc.paths[p.template]?.[m]);
    if (!match) return [`no documented operation for ${method} ${pathname}`];
    const where = `${method} ${match.template} → ${status}`;
    const op = doc.paths[match.template]![m] as { responses?: Record<string, unknown> };
    const response = resolve(doc, op.responses?.[String(status)]);
    if (!response) return [`${where}: status not documented`];
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    if (!content) {
      return body === undefined || body === "" || body === null
        ? []
        : [`${where}: documented without a body`];
    }
    if (!contentType) return [`${where}: no Content-Type`];
    const type = Object.keys(content).find((t) => baseType(t) === baseType(contentType));
    if (!type)
      return [`${where}: Content-Type ${contentType} not documented (${Object.keys(content).join(", ")})`];
    if (baseType(type) !== "application/json") return [];
    const key = `${where} ${type}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(rebase(content[type]!.schema ?? {}) as Json);
      compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${where}: ${e.instancePath || "(body)"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`,
    );
  };
}
