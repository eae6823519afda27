// Loading the official Atlas Admin API v2 OpenAPI spec and looking things up in it.
//
// The spec is NOT part of this project: it is read at run time from ../shared/atlas-openapi/spec.yaml
// (relative to the project root) or from $ATLAS_SPEC_PATH. When it is absent, loadSpec() returns null and
// specMissingReason() says why; nothing here throws because the file is missing.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export interface Discriminator {
  propertyName: string;
  mapping?: Record<string, string>;
}

/** An OpenAPI 3.0 schema object (only the keywords the validator understands are spelled out). */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  multipleOf?: number;
  items?: SchemaObject;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  additionalProperties?: boolean | SchemaObject;
  allOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  discriminator?: Discriminator;
  readOnly?: boolean;
  writeOnly?: boolean;
  [keyword: string]: unknown;
}

export interface MediaTypeObject {
  schema?: SchemaObject;
  "x-sunset"?: string;
  "x-xgen-version"?: string;
  [key: string]: unknown;
}

export interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaTypeObject>;
  [key: string]: unknown;
}

export interface Operation {
  operationId?: string;
  deprecated?: boolean;
  summary?: string;
  parameters?: unknown[];
  requestBody?: { content?: Record<string, MediaTypeObject>; required?: boolean; [key: string]: unknown };
  responses?: Record<string, ResponseObject>;
  "x-rolesRequirements"?: string[];
  [key: string]: unknown;
}

export interface Components {
  schemas?: Record<string, SchemaObject>;
  responses?: Record<string, ResponseObject>;
  [key: string]: unknown;
}

export interface Spec {
  openapi: string;
  info?: Record<string, unknown>;
  paths: Record<string, Record<string, Operation | undefined>>;
  components: Components;
  [key: string]: unknown;
}

/** Anything $refs can be resolved against: a whole Spec, or `{ components: { schemas } }` in unit tests. */
export interface RefSource {
  components?: Components;
  [key: string]: unknown;
}

export const DEFAULT_SPEC_RELATIVE_PATH = "../shared/atlas-openapi/spec.yaml";

/** The folder holding package.json, found by walking up from this module. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Where the spec is read from: $ATLAS_SPEC_PATH (relative to the project root) or ../shared/atlas-openapi/spec.yaml. */
export function specPath(): string {
  const fromEnv = process.env.ATLAS_SPEC_PATH;
  return path.resolve(projectRoot(), fromEnv ? fromEnv : DEFAULT_SPEC_RELATIVE_PATH);
}

interface LoadResult {
  spec: Spec | null;
  reason: string | null;
  millis: number;
}

const cache = new Map<string, LoadResult>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function loadFrom(file: string): LoadResult {
  const started = performance.now();
  const done = (spec: Spec | null, reason: string | null): LoadResult => ({
    spec,
    reason,
    millis: Math.round(performance.now() - started),
  });
  if (!existsSync(file)) {
    return done(
      null,
      `Atlas OpenAPI spec not found at ${file} (expected ${DEFAULT_SPEC_RELATIVE_PATH} relative to the project root, or set ATLAS_SPEC_PATH)`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, "utf8"), { maxAliasCount: -1 });
  } catch (err) {
    return done(null, `Atlas OpenAPI spec at ${file} could not be read/parsed: ${(err as Error).message}`);
  }
  if (
    !isRecord(doc) ||
    !isRecord(doc.paths) ||
    !isRecord(doc.components) ||
    typeof doc.openapi !== "string"
  ) {
    return done(null, `${file} is not an OpenAPI document (no openapi/paths/components)`);
  }
  return done(doc as Spec, null);
}

function loadCached(): LoadResult {
  const file = specPath();
  let result = cache.get(file);
  if (!result) {
    result = loadFrom(file);
    cache.set(file, result);
  }
  return result;
}

/** The parsed spec (parsed once per process and path), or null when it is missing or unreadable. */
export function loadSpec(): Spec | null {
  return loadCached().spec;
}

/** Why loadSpec() returns null, or null when the spec loads fine. */
export function specMissingReason(): string | null {
  return loadCached().reason;
}

/** How long the (first, uncached) load of the current spec path took, in milliseconds. */
export function specLoadMillis(): number {
  return loadCached().millis;
}

/** Resolves a local JSON-pointer $ref such as `#/components/schemas/ApiError`; undefined when it dangles. */
export function resolveRef(source: RefSource, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = source;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isRecord(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

export function findOperation(spec: Spec, method: string, pathTemplate: string): Operation | undefined {
  const item = spec.paths[pathTemplate];
  if (!isRecord(item)) return undefined;
  const op = item[method.toLowerCase()];
  return isRecord(op) ? op : undefined;
}

export interface OperationVersion {
  /** e.g. "2023-01-01", or "preview". */
  version: string;
  /** x-sunset of that version's media type, e.g. "2027-07-01". */
  sunset?: string;
  /** The operation's own `deprecated` flag (the spec has no per-version deprecation flag). */
  deprecated: boolean;
  /** The media types that carry this version, e.g. ["application/vnd.atlas.2023-01-01+json"]. */
  mediaTypes: string[];
}

const VERSIONED_MEDIA_TYPE = /^application\/vnd\.atlas\.([^+]+)\+([a-z0-9.-]+)$/i;

function resolveResponse(spec: RefSource, response: ResponseObject | undefined): ResponseObject | undefined {
  let current: unknown = response;
  for (let hops = 0; hops < 10 && isRecord(current) && typeof current.$ref === "string"; hops++) {
    current = resolveRef(spec, current.$ref);
  }
  return isRecord(current) ? (current as ResponseObject) : undefined;
}

/**
 * The versions an operation is offered in, read from the media types of its 2xx responses (and, when those
 * carry none, of its request body), oldest first, "preview" last.
 */
export function operationVersions(spec: Spec, method: string, pathTemplate: string): OperationVersion[] {
  const op = findOperation(spec, method, pathTemplate);
  if (!op) return [];
  const byVersion = new Map<string, OperationVersion>();
  const collect = (content: Record<string, MediaTypeObject> | undefined): void => {
    for (const [mediaType, media] of Object.entries(content ?? {})) {
      const match = VERSIONED_MEDIA_TYPE.exec(mediaType);
      if (!match) continue;
      const version = typeof media?.["x-xgen-version"] === "string" ? media["x-xgen-version"] : match[1]!;
      let entry = byVersion.get(version);
      if (!entry) {
        entry = { version, deprecated: op.deprecated === true, mediaTypes: [] };
        byVersion.set(version, entry);
      }
      if (!entry.mediaTypes.includes(mediaType)) entry.mediaTypes.push(mediaType);
      const sunset = media?.["x-sunset"];
      if (typeof sunset === "string" && entry.sunset === undefined) entry.sunset = sunset;
    }
  };
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    if (status.startsWith("2")) collect(resolveResponse(spec, response)?.content);
  }
  if (byVersion.size === 0) collect(op.requestBody?.content);
  const rank = (v: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v : `~${v}`);
  return [...byVersion.values()].sort((a, b) => rank(a.version).localeCompare(rank(b.version)));
}

export function rolesRequirements(spec: Spec, method: string, pathTemplate: string): string[] {
  const roles = findOperation(spec, method, pathTemplate)?.["x-rolesRequirements"];
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

/** The status codes an operation declares, as written in the spec ("200", "400", …). */
export function declaredStatuses(spec: Spec, method: string, pathTemplate: string): string[] {
  return Object.keys(findOperation(spec, method, pathTemplate)?.responses ?? {});
}

/** `application/vnd.atlas.2025-02-19+json;charset=utf-8` → `application/vnd.atlas.2025-02-19+json`. */
export function bareMediaType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

export type ResponseLookup =
  | { found: true; mediaType: string | null; schema: SchemaObject | undefined; response: ResponseObject }
  | { found: false; reason: string };

/**
 * Finds the declared response for (method, path, status, content type). `found: true` with
 * `mediaType: null` means the response declares no content at all (e.g. a bare description).
 */
export function lookupResponse(
  spec: Spec,
  method: string,
  pathTemplate: string,
  status: number | string,
  contentType: string,
): ResponseLookup {
  const label = `${method.toUpperCase()} ${pathTemplate}`;
  const op = findOperation(spec, method, pathTemplate);
  if (!op) return { found: false, reason: `${label} is not in the spec` };
  const declared = op.responses ?? {};
  const response = resolveResponse(spec, declared[String(status)]);
  if (!response) {
    return {
      found: false,
      reason: `${label}: status ${status} is not declared (declared: ${Object.keys(declared).join(", ")})`,
    };
  }
  if (!response.content) return { found: true, mediaType: null, schema: undefined, response };
  const wanted = bareMediaType(contentType);
  const key = Object.keys(response.content).find((k) => k.toLowerCase() === wanted);
  if (key === undefined) {
    return {
      found: false,
      reason: `${label} ${status}: content type ${wanted} is not declared (declared: ${Object.keys(response.content).join(", ")})`,
    };
  }
  return { found: true, mediaType: key, schema: response.content[key]?.schema, response };
}

/** The schema of a declared response, or undefined when the status, the media type or the schema is absent. */
export function responseSchema(
  spec: Spec,
  method: string,
  pathTemplate: string,
  status: number | string,
  contentType: string,
): SchemaObject | undefined {
  const found = lookupResponse(spec, method, pathTemplate, status, contentType);
  return found.found ? found.schema : undefined;
}

/** The request-body schema for a content type, or undefined. */
export function requestSchema(
  spec: Spec,
  method: string,
  pathTemplate: string,
  contentType: string,
): SchemaObject | undefined {
  const content = findOperation(spec, method, pathTemplate)?.requestBody?.content ?? {};
  const wanted = bareMediaType(contentType);
  const key = Object.keys(content).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : content[key]?.schema;
}
