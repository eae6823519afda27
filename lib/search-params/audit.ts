import { createLoader, createParser, type inferParserType } from "nuqs/server";

// The Audit page's state lives in its URL: filters and page. Dates are UTC calendar days. One set of parsers for
// the page's server side and the view's useQueryStates; blank filters and page 1 are left out of the URL, and
// a malformed value reads as blank.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A trimmed text filter, cut to `max` characters. */
const parseAsText = (max: number) =>
  createParser({ parse: (v: string) => v.trim().slice(0, max), serialize: (v: string) => v }).withDefault("");

const parseAsDay = createParser({
  parse: (v: string) => (DAY.test(v.trim()) ? v.trim() : null),
  serialize: (v: string) => v,
}).withDefault("");

const parseAsPage = createParser({
  parse: (v: string) => {
    const page = Number.parseInt(v.trim(), 10);
    return Number.isFinite(page) && page > 0 ? page : null;
  },
  serialize: (v: number) => String(v),
}).withDefault(1);

export const auditParsers = {
  from: parseAsDay,
  to: parseAsDay,
  user: parseAsText(320),
  action: parseAsText(100),
  org: parseAsText(24),
  target: parseAsText(320),
  outcome: parseAsText(20),
  page: parseAsPage,
};

export type AuditParams = inferParserType<typeof auditParsers>;
export type AuditFilterValues = Omit<AuditParams, "page">;

/** The page's state for a query string (the URL the view reads its typed text from, or a request's). */
export const loadAuditParams = createLoader(auditParsers);

export const EMPTY_FILTERS: AuditFilterValues = {
  from: "",
  to: "",
  user: "",
  action: "",
  org: "",
  target: "",
  outcome: "",
};

/** The text fields: written to the URL (and queried) once typing pauses. */
export const AUDIT_TEXT_FILTERS = ["user", "target"] as const satisfies readonly (keyof AuditFilterValues)[];

export function hasFilters(p: AuditParams): boolean {
  return (Object.keys(EMPTY_FILTERS) as (keyof AuditFilterValues)[]).some((k) => p[k] !== "");
}
