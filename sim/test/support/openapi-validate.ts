// A hand-written validator for OpenAPI 3.0 schema objects (no ajv), good enough to check the simulator's
// bodies against the Atlas spec. Every error starts with the JSON path of the offending value, e.g.
//   $.results[3].roles.orgRoles[0]: "ORG_FOO" is not one of ORG_OWNER, ORG_GROUP_CREATOR, …
//
// Semantics worth knowing:
// - $ref siblings are ignored (OpenAPI 3.0). Re-entering the same $ref for the same value (same JSON path)
//   counts as valid, which makes cycles safe, e.g. OrgUserResponse → oneOf OrgPendingUserResponse → allOf
//   OrgUserResponse.
// - `nullable: true` admits null and nothing else is checked then; null against a typed schema without
//   `nullable` is an error.
// - oneOf with a discriminator validates only the branch the discriminator value picks (mapping first, then
//   the schema name). A discriminator without oneOf/anyOf dispatches when the value maps, else is ignored.
// - direction "response" (default): writeOnly properties must be absent and are not required; direction
//   "request": the same for readOnly.

import type { RefSource, SchemaObject } from "./openapi-load";
import { resolveRef } from "./openapi-load";
import { checkNumber, checkString, show } from "./openapi-formats";

export type Direction = "response" | "request";

export interface ValidateOptions {
  direction?: Direction;
}

interface Ctx {
  source: RefSource;
  direction: Direction;
  active: Set<string>;
}

export function validate(
  source: RefSource,
  schema: SchemaObject | undefined,
  value: unknown,
  options?: ValidateOptions,
): string[] {
  if (!schema) return [];
  const out: string[] = [];
  check(schema, value, "$", { source, direction: options?.direction ?? "response", active: new Set() }, out);
  return [...new Set(out)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function child(at: string, key: string | number): string {
  if (typeof key === "number") return `${at}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function refName(schema: SchemaObject, index: number): string {
  return typeof schema.$ref === "string" ? (schema.$ref.split("/").pop() ?? schema.$ref) : `#${index}`;
}

function deref(source: RefSource, schema: SchemaObject | undefined): SchemaObject | undefined {
  let current: unknown = schema;
  for (let hops = 0; hops < 20 && isPlainObject(current) && typeof current.$ref === "string"; hops++) {
    current = resolveRef(source, current.$ref);
  }
  return isPlainObject(current) ? (current as SchemaObject) : undefined;
}

/** The schema declared for `name` in `schema.properties` or, failing that, in its allOf members. */
function findProperty(
  source: RefSource,
  schema: SchemaObject | undefined,
  name: string,
  seen = new Set<SchemaObject>(),
): SchemaObject | undefined {
  const resolved = deref(source, schema);
  if (!resolved || seen.has(resolved)) return undefined;
  seen.add(resolved);
  const own = resolved.properties?.[name];
  if (own) return own;
  for (const member of resolved.allOf ?? []) {
    const found = findProperty(source, member, name, seen);
    if (found) return found;
  }
  return undefined;
}

/** readOnly / writeOnly of a property schema, looking through $ref chains. */
function access(
  source: RefSource,
  prop: SchemaObject | undefined,
): { readOnly: boolean; writeOnly: boolean } {
  const resolved = deref(source, prop);
  return {
    readOnly: prop?.readOnly === true || resolved?.readOnly === true,
    writeOnly: prop?.writeOnly === true || resolved?.writeOnly === true,
  };
}

function forbidden(ctx: Ctx, prop: SchemaObject | undefined): string | null {
  const flags = access(ctx.source, prop);
  if (ctx.direction === "response" && flags.writeOnly)
    return "writeOnly property must not appear in a response";
  if (ctx.direction === "request" && flags.readOnly) return "readOnly property must not appear in a request";
  return null;
}

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => typeof v === "number" && Number.isInteger(v),
  boolean: (v) => typeof v === "boolean",
  object: isPlainObject,
  array: Array.isArray,
};

function check(schema: SchemaObject, value: unknown, at: string, ctx: Ctx, out: string[]): void {
  if (!isPlainObject(schema)) return;
  if (typeof schema.$ref === "string") {
    const target = resolveRef(ctx.source, schema.$ref);
    if (!isPlainObject(target)) {
      out.push(`${at}: cannot resolve $ref ${schema.$ref}`);
      return;
    }
    const key = `${schema.$ref}@${at}`;
    if (ctx.active.has(key)) return; // cycle: already validating this value against this schema
    ctx.active.add(key);
    try {
      check(target as SchemaObject, value, at, ctx, out);
    } finally {
      ctx.active.delete(key);
    }
    return;
  }

  if (value === null) {
    if (schema.nullable === true) return;
    if (schema.type !== undefined) {
      out.push(`${at}: null is not allowed (type ${schema.type}, not nullable)`);
      return;
    }
  }
  if (schema.type !== undefined) {
    const test = TYPE_CHECKS[schema.type];
    if (!test) {
      out.push(`${at}: schema has unsupported type ${JSON.stringify(schema.type)}`);
      return;
    }
    if (!test(value)) {
      out.push(`${at}: expected ${schema.type}, got ${typeOf(value)} ${show(value)}`);
      return;
    }
  }
  if (Array.isArray(schema.enum)) {
    const wanted = canonical(value);
    if (!schema.enum.some((e) => canonical(e) === wanted)) {
      const listed = schema.enum.slice(0, 12).map((e) => (typeof e === "string" ? e : JSON.stringify(e)));
      const more = schema.enum.length > 12 ? ", …" : "";
      out.push(`${at}: ${show(value)} is not one of ${listed.join(", ")}${more}`);
    }
  }
  if (typeof value === "string") checkString(schema, value, at, out);
  if (typeof value === "number") checkNumber(schema, value, at, out);
  if (Array.isArray(value)) checkArray(schema, value, at, ctx, out);
  if (isPlainObject(value)) checkObject(schema, value, at, ctx, out);

  for (const member of schema.allOf ?? []) check(member, value, at, ctx, out);
  if (Array.isArray(schema.anyOf)) checkAnyOf(schema.anyOf, value, at, ctx, out);
  if (schema.discriminator && isPlainObject(value)) checkDiscriminator(schema, value, at, ctx, out);
  else if (Array.isArray(schema.oneOf)) checkOneOf(schema.oneOf, value, at, ctx, out);
}

function checkArray(schema: SchemaObject, value: unknown[], at: string, ctx: Ctx, out: string[]): void {
  if (typeof schema.minItems === "number" && value.length < schema.minItems) {
    out.push(`${at}: has ${value.length} items, fewer than minItems ${schema.minItems}`);
  }
  if (typeof schema.maxItems === "number" && value.length > schema.maxItems) {
    out.push(`${at}: has ${value.length} items, more than maxItems ${schema.maxItems}`);
  }
  if (schema.uniqueItems === true) {
    const seen = new Map<string, number>();
    value.forEach((item, i) => {
      const key = canonical(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else out.push(`${child(at, i)}: duplicate of ${child(at, first)} (uniqueItems)`);
    });
  }
  if (schema.items)
    value.forEach((item, i) => check(schema.items as SchemaObject, item, child(at, i), ctx, out));
}

function checkObject(
  schema: SchemaObject,
  value: Record<string, unknown>,
  at: string,
  ctx: Ctx,
  out: string[],
): void {
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (value[name] !== undefined) continue;
    const flags = access(ctx.source, findProperty(ctx.source, schema, name));
    if (ctx.direction === "request" && flags.readOnly) continue;
    if (ctx.direction === "response" && flags.writeOnly) continue;
    out.push(`${at}: missing required property ${JSON.stringify(name)}`);
  }
  for (const [name, item] of Object.entries(value)) {
    const prop = Object.prototype.hasOwnProperty.call(properties, name) ? properties[name] : undefined;
    if (prop) {
      const problem = item === undefined ? null : forbidden(ctx, prop);
      if (problem) out.push(`${child(at, name)}: ${problem}`);
      check(prop, item, child(at, name), ctx, out);
    } else if (schema.additionalProperties === false) {
      out.push(`${child(at, name)}: property is not allowed (additionalProperties: false)`);
    } else if (isPlainObject(schema.additionalProperties)) {
      check(schema.additionalProperties, item, child(at, name), ctx, out);
    }
  }
}

function summarize(branchErrors: string[][], names: string[]): string {
  return branchErrors
    .map((errs, i) => `[${names[i]}] ${errs.slice(0, 3).join("; ")}${errs.length > 3 ? "; …" : ""}`)
    .join(" | ");
}

function tryBranches(branches: SchemaObject[], value: unknown, at: string, ctx: Ctx): string[][] {
  return branches.map((branch) => {
    const errs: string[] = [];
    check(branch, value, at, ctx, errs);
    return errs;
  });
}

function checkAnyOf(branches: SchemaObject[], value: unknown, at: string, ctx: Ctx, out: string[]): void {
  const results = tryBranches(branches, value, at, ctx);
  if (results.some((errs) => errs.length === 0)) return;
  out.push(`${at}: matches none of the anyOf alternatives: ${summarize(results, branches.map(refName))}`);
}

function checkOneOf(branches: SchemaObject[], value: unknown, at: string, ctx: Ctx, out: string[]): void {
  const results = tryBranches(branches, value, at, ctx);
  const names = branches.map(refName);
  const matching = names.filter((_, i) => results[i]?.length === 0);
  if (matching.length === 1) return;
  if (matching.length === 0) {
    out.push(`${at}: matches none of the oneOf alternatives: ${summarize(results, names)}`);
  } else {
    out.push(
      `${at}: matches ${matching.length} oneOf alternatives (${matching.join(", ")}); exactly one must`,
    );
  }
}

function checkDiscriminator(
  schema: SchemaObject,
  value: Record<string, unknown>,
  at: string,
  ctx: Ctx,
  out: string[],
): void {
  const { propertyName, mapping } = schema.discriminator as {
    propertyName: string;
    mapping?: Record<string, string>;
  };
  const branches = schema.oneOf ?? schema.anyOf ?? [];
  const bare = !Array.isArray(schema.oneOf) && !Array.isArray(schema.anyOf);
  const tag = value[propertyName];
  if (typeof tag !== "string") {
    if (!bare) {
      out.push(
        tag === undefined
          ? `${at}: missing discriminator property ${JSON.stringify(propertyName)}`
          : `${child(at, propertyName)}: discriminator value must be a string, got ${show(tag)}`,
      );
    }
    return;
  }
  let target = mapping && Object.prototype.hasOwnProperty.call(mapping, tag) ? mapping[tag] : undefined;
  if (target !== undefined && !target.startsWith("#")) target = `#/components/schemas/${target}`;
  target ??= branches.find((b) => typeof b.$ref === "string" && b.$ref.split("/").pop() === tag)?.$ref;
  if (target === undefined) {
    if (!bare) {
      const options = [...Object.keys(mapping ?? {}), ...branches.map(refName)];
      const unique = [...new Set(options)].join(", ");
      out.push(`${child(at, propertyName)}: discriminator value ${show(tag)} matches none of ${unique}`);
    }
    return;
  }
  if (bare && resolveRef(ctx.source, target) === schema) return;
  check({ $ref: target }, value, at, ctx, out);
}
