// Leaf checks of the OpenAPI validator: formats, patterns, string and number keywords.

import type { SchemaObject } from "./openapi-load";

export type CompiledPattern = { regex: RegExp; unicode: boolean } | { error: string };

const patternCache = new Map<string, CompiledPattern>();

/** Compiles a (Java-flavoured) spec pattern: with the `u` flag when possible, else without it. */
export function compilePattern(pattern: string): CompiledPattern {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    try {
      compiled = { regex: new RegExp(pattern, "u"), unicode: true };
    } catch (withU) {
      try {
        compiled = { regex: new RegExp(pattern), unicode: false };
      } catch {
        compiled = { error: (withU as Error).message };
      }
    }
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

export function show(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** RFC 3339 date-time, e.g. 2026-08-10T03:03:37Z or 2026-08-10T03:03:37.123+02:00. */
export function isDateTime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (!m) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(Number);
  const offsetHour = m[8] === undefined ? 0 : Number(m[8]);
  const offsetMinute = m[9] === undefined ? 0 : Number(m[9]);
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetHour <= 23 &&
    offsetMinute <= 59
  );
}

const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@.]+(\.[^\s@.]+)*$/u;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** [lowest, first value above the range]: 2^63 - 1 itself is not representable as a double. */
const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31],
  int64: [-(2 ** 63), 2 ** 63],
};

export function checkString(schema: SchemaObject, value: string, at: string, out: string[]): void {
  if (schema.format === "date-time" && !isDateTime(value)) {
    out.push(`${at}: ${show(value)} is not a valid date-time (RFC 3339)`);
  } else if (schema.format === "email" && !EMAIL.test(value)) {
    out.push(`${at}: ${show(value)} is not a valid email`);
  } else if (schema.format === "uuid" && !UUID.test(value)) {
    out.push(`${at}: ${show(value)} is not a valid uuid`);
  }
  if (typeof schema.pattern === "string") {
    const compiled = compilePattern(schema.pattern);
    if ("error" in compiled) {
      out.push(
        `${at}: pattern ${schema.pattern} cannot be compiled (with or without the u flag): ${compiled.error}`,
      );
    } else if (!compiled.regex.test(value)) {
      out.push(`${at}: ${show(value)} does not match pattern ${schema.pattern}`);
    }
  }
  const length = [...value].length;
  if (typeof schema.minLength === "number" && length < schema.minLength) {
    out.push(`${at}: ${show(value)} is shorter than minLength ${schema.minLength}`);
  }
  if (typeof schema.maxLength === "number" && length > schema.maxLength) {
    out.push(`${at}: ${show(value)} is longer than maxLength ${schema.maxLength}`);
  }
}

export function checkNumber(schema: SchemaObject, value: number, at: string, out: string[]): void {
  const range = schema.format ? INT_RANGES[schema.format] : undefined;
  if (range && (value < range[0] || value >= range[1])) {
    out.push(`${at}: ${value} is out of ${schema.format} range`);
  }
  const { minimum, maximum, exclusiveMinimum: exMin, exclusiveMaximum: exMax } = schema;
  if (typeof minimum === "number") {
    if (exMin === true ? value <= minimum : value < minimum) {
      out.push(`${at}: ${value} is ${exMin === true ? "not greater than" : "less than"} minimum ${minimum}`);
    }
  }
  if (typeof maximum === "number") {
    if (exMax === true ? value >= maximum : value > maximum) {
      out.push(`${at}: ${value} is ${exMax === true ? "not less than" : "greater than"} maximum ${maximum}`);
    }
  }
  if (typeof exMin === "number" && value <= exMin) out.push(`${at}: ${value} is not greater than ${exMin}`);
  if (typeof exMax === "number" && value >= exMax) out.push(`${at}: ${value} is not less than ${exMax}`);
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) {
    const q = value / schema.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9)
      out.push(`${at}: ${value} is not a multiple of ${schema.multipleOf}`);
  }
}
