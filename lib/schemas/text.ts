import { z } from "zod";

// Text and dates as the console accepts them from people, one rule each, for every schema that takes a name,
// a filter or a date. PostgreSQL cannot store a NUL character (a NUL in a name or filter ended in a 500 on
// both stores), and no name or search needs a control character; dates outside the years below are typing
// mistakes (and `-271821-04-20`, JavaScript's earliest date, is out of PostgreSQL's range).

/** C0 control characters (NUL, tab, line breaks, escape...) and DEL. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export const CONTROL_CHARACTER_MESSAGE = "must not contain control characters (such as NUL or a line break)";

/** True when `text` holds a control character (CONTROL_CHARACTER_MESSAGE says so in words). */
function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/**
 * Where the first NUL is in parsed input (a query, params or a JSON body): the path to the string or key that
 * holds it, as zod names fields ("name", "projectRoles.0.projectId"; "_" for the input itself), or null.
 */
export function nulFieldPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "_" : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key.replaceAll("\u0000", "")].join(".");
    const found = nulFieldPath(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** A string without control characters: chain trim / min / max after it as with z.string(). */
export const plainTextSchema = () =>
  z.string().refine((s) => !hasControlCharacter(s), CONTROL_CHARACTER_MESSAGE);

const MIN_DATE_YEAR = 2000;
const MAX_DATE_YEAR = 2100;
const DAY = 24 * 3600_000;
const DATE_EXAMPLE = "such as 2026-01-31 or 2026-01-31T12:00Z";

/** True when the time `t` (milliseconds) falls in the years MIN_DATE_YEAR to MAX_DATE_YEAR. */
export function isInDateYears(t: number): boolean {
  // A day either side: a time zone offset may move the first or last day across the year's edge.
  return t >= Date.UTC(MIN_DATE_YEAR, 0, 1) - DAY && t < Date.UTC(MAX_DATE_YEAR + 1, 0, 1) + DAY;
}

export const DATE_YEARS_MESSAGE = `between the years ${MIN_DATE_YEAR} and ${MAX_DATE_YEAR}`;

/** A date or date-time the way a filter or a form writes it, between MIN_DATE_YEAR and MAX_DATE_YEAR. */
export const dateTextSchema = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), `must be a date ${DATE_EXAMPLE}`)
  .refine((s) => {
    const t = Date.parse(s);
    return Number.isNaN(t) || isInDateYears(t);
  }, `must be a date ${DATE_YEARS_MESSAGE}, ${DATE_EXAMPLE}`);
