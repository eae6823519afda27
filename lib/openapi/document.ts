import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "@/lib/api-client/errors";
import { ERROR_STATUS } from "@/lib/server/api/errors";
import { TOKEN_EXPIRY_DAYS, TOKEN_RATE_PER_MINUTE } from "@/lib/schemas/tokens";
import type { ApiOperation, SuccessAnswer } from "./registry";
import { API_OPERATIONS, isFileAnswer } from "./registry";

// The console's JSON API as an OpenAPI 3.1 document, built from lib/openapi/registry.ts: request bodies are the
// zod schemas' input side (what a caller may send), answers their output side (what the handler answers).
// Served at /api/openapi.json; docs/api.md is the prose beside it.

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: Json;
  servers: Json[];
  tags: Json[];
  paths: Record<string, Record<string, Json>>;
  components: Json;
  security: Record<string, string[]>[];
}

const ERROR_ENVELOPE = "#/components/schemas/ErrorEnvelope";

/** A zod schema as a JSON Schema 2020-12 object (OpenAPI 3.1's dialect), without its `$schema` line. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  // An unrepresentable type (a transform's output, a date) throws: the document never says "anything" by accident.
  const out = z.toJSONSchema(schema, { io, target: "draft-2020-12" }) as Json;
  delete out.$schema;
  // A `$defs` ref would resolve against the document's root, not this schema: none may appear.
  if (out.$defs) throw new Error("lib/openapi: a schema with $defs cannot be inlined (give it no id)");
  return out;
}

const codesOf = (status: number): ErrorCode[] => ERROR_CODES.filter((c) => ERROR_STATUS[c] === status);

const ERROR_STATUSES = [...new Set(Object.values(ERROR_STATUS))].sort();

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input: `fields` names each field at fault.",
  401: "No session and no valid API token (or both sent at once).",
  403: "Refused: the role, a session-only operation called with a token, a token's orgs, the guardrails, a cross-site request, a non-JSON body, or Atlas refusing the service account.",
  404: "No such item (in the console or in Atlas).",
  409: "A conflict: already invited or a member (`conflict`), or the list is out of date (`stale_list`).",
  413: "The request body is too large.",
  429: "This console's rate limit (an API token: 120 requests a minute per instance): retry after Retry-After seconds.",
  500: "An unexpected error, logged on the server.",
  502: "Atlas answered an error the console cannot act on, refused the credentials, or the outcome is unknown.",
  503: "Atlas limits this console (`atlas_rate_limited`, with Retry-After) or no working connection serves the org.",
  504: "Atlas did not answer.",
};

const RETRY_AFTER_HEADER = {
  description: "Seconds to wait before trying again.",
  schema: { type: "integer", minimum: 0 },
};

function errorComponents(): { responses: Json; schemas: Json } {
  const responses: Json = {};
  for (const status of ERROR_STATUSES) {
    responses[`Error${status}`] = {
      description: STATUS_TEXT[status] ?? `Error ${status}`,
      ...(status === 429 || status === 503 ? { headers: { "Retry-After": RETRY_AFTER_HEADER } } : {}),
      content: {
        "application/json": {
          schema: {
            allOf: [
              { $ref: ERROR_ENVELOPE },
              {
                type: "object",
                properties: {
                  error: { type: "object", properties: { code: { enum: codesOf(status) } } },
                },
              },
            ],
          },
        },
      },
    };
  }
  const schemas: Json = {
    ErrorEnvelope: {
      type: "object",
      description: "Every non-2xx JSON answer. Branch on `code`, never on `message`.",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: { type: "string", enum: [...ERROR_CODES] },
            message: { type: "string", description: "For a person to read; its wording may change." },
            fields: {
              type: "object",
              additionalProperties: { type: "string" },
              description: "Field path → what is wrong with it (invalid_input, and refusals of one address).",
            },
            atlasErrorCode: { type: "string", description: "Atlas's own errorCode, when Atlas refused." },
            retryAfter: { type: "integer", minimum: 0, description: "Seconds, as the Retry-After header." },
          },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  };
  return { responses, schemas };
}

const isMutating = (o: ApiOperation) => o.method !== "GET";
const callsAtlas = (o: ApiOperation) =>
  o.path.startsWith("/api/orgs") || (o.path.startsWith("/api/connections") && o.method !== "GET");
/** A JSON operation (withConsole's answers): ?envelope and ?pretty apply; not to a file or a page. */
const isJsonOperation = (o: ApiOperation) => !Object.values(o.responses).some((a) => isFileAnswer(a));

/** Which error statuses an operation documents (every one: 400, 401, 403, 429, 500). */
function errorStatuses(o: ApiOperation): number[] {
  const out = new Set([400, 401, 403, 429, 500]);
  if (o.path.includes("{")) out.add(404);
  if (isMutating(o)) out.add(409);
  if (o.body) out.add(413);
  if (callsAtlas(o)) [404, 502, 503, 504].forEach((s) => out.add(s));
  return [...out].sort();
}

function successResponse(status: number, answer: SuccessAnswer): Json {
  if (answer === null && status >= 300 && status < 400)
    return { description: "A browser without a session: to the sign-in page (Location), and back after." };
  if (answer === null)
    return { description: "Done; no body (200 with `{status: 204, content: null}` under ?envelope=true)." };
  if (isFileAnswer(answer)) {
    const content: Json = {};
    for (const type of answer.file) {
      content[type] = {
        schema: type.startsWith("application/json") ? {} : { type: "string" },
      };
    }
    return { description: answer.description ?? "The file (Content-Disposition: attachment)", content };
  }
  return {
    description: status === 201 ? "Created" : status === 202 ? "Accepted" : "OK",
    content: { "application/json": { schema: jsonSchema(answer, "output") } },
  };
}

/** Path and query parameters from the operation's schemas (input side: what the caller writes). */
function parameters(o: ApiOperation): Json[] {
  const out: Json[] = [];
  const add = (where: "path" | "query", schema: z.ZodType | undefined) => {
    if (!schema) return;
    const s = jsonSchema(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const { description, ...rest } = prop as Json & { description?: string };
      out.push({
        name,
        in: where,
        required: where === "path" || (s.required ?? []).includes(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  add("path", o.params);
  add("query", o.query);
  if (o.idempotencyKey) out.push({ $ref: "#/components/parameters/IdempotencyKey" });
  if (isJsonOperation(o)) {
    out.push({ $ref: "#/components/parameters/Envelope" }, { $ref: "#/components/parameters/Pretty" });
  }
  return out;
}

const operationId = (o: ApiOperation) =>
  `${o.method.toLowerCase()}${o.path
    .replace(/^\/api/, "")
    .replace(/\{(\w+)\}/g, "by-$1")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("")}`;

function operation(o: ApiOperation): Json {
  const responses: Json = {};
  for (const [status, answer] of Object.entries(o.responses)) {
    responses[status] = successResponse(Number(status), answer);
    if (o.stream && Number(status) === 200) {
      (responses[status] as { content: Json }).content[o.stream.type] = {
        schema: { type: "string", description: o.stream.description },
      };
    }
  }
  for (const status of errorStatuses(o)) {
    responses[String(status)] = { $ref: `#/components/responses/Error${status}` };
  }
  const notes = [
    o.description,
    `Console permission: \`${o.action}\`.`,
    o.sessionOnly ? "Session only: an API token is refused with 403." : undefined,
  ].filter(Boolean);
  return {
    operationId: operationId(o),
    summary: o.summary,
    description: notes.join("\n\n"),
    tags: [...o.tags],
    ...(o.sessionOnly ? { security: [{ cookieAuth: [] }] } : {}),
    parameters: parameters(o),
    ...(o.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(o.body, "input") } },
          },
        }
      : {}),
    responses,
    "x-console-action": o.action,
    "x-session-only": o.sessionOnly,
  };
}

export function buildOpenApiDocument(operations: readonly ApiOperation[] = API_OPERATIONS): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const o of operations) {
    const item = (paths[o.path] ??= {});
    const method = o.method.toLowerCase();
    if (item[method]) throw new Error(`lib/openapi: ${o.method} ${o.path} is listed twice`);
    item[method] = operation(o);
  }
  const errors = errorComponents();
  const tags = [...new Set(operations.flatMap((o) => o.tags))].sort().map((name) => ({ name }));
  return {
    openapi: "3.1.0",
    info: {
      title: "Invite Console for MongoDB Atlas",
      version: "1",
      description:
        "The console's JSON API: the same routes the browser uses, with the same permissions, guardrails, " +
        "approvals, idempotency and audit. See docs/api.md for authentication, errors and examples.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/" }],
    tags,
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "ic_ token",
          description:
            `A personal API token (\`Authorization: Bearer ic_…\`), created on the Account page: it acts as its ` +
            `owner with at most the owner's role, on the orgs it names; it expires after ` +
            `${TOKEN_EXPIRY_DAYS.min}–${TOKEN_EXPIRY_DAYS.max} days (${TOKEN_EXPIRY_DAYS.default} by default) and ` +
            `may make ${TOKEN_RATE_PER_MINUTE} requests a minute per console instance (then 429 with Retry-After). ` +
            "A request with both a token and a session cookie is refused.",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "console.session_token",
          description:
            "A browser session (sign in on the console; `__Host-console.session_token` over HTTPS in production). " +
            "Mutations also need Origin (and Sec-Fetch-Site) from the console itself.",
        },
      },
      parameters: {
        Envelope: {
          name: "envelope",
          in: "query",
          required: false,
          description:
            "true: the answer is `{status, content}` with the body in `content`; the HTTP status stays, except " +
            "that a 204 becomes a 200 with `content: null`. The schemas here show the unwrapped body.",
          schema: { type: "string", enum: ["true", "false"] },
        },
        Pretty: {
          name: "pretty",
          in: "query",
          required: false,
          description: "true: the JSON is indented.",
          schema: { type: "string", enum: ["true", "false"] },
        },
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "8 to 100 letters, digits, - or _. A request repeated with the same key within 24 hours gets the " +
            "first one's answer back instead of a second Atlas create.",
          schema: { type: "string", pattern: "^[A-Za-z0-9_-]{8,100}$" },
        },
      },
      responses: errors.responses,
      schemas: errors.schemas,
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process (the registry does not change while it runs). */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
