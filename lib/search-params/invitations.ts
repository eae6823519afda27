import { createLoader, createParser, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { ATLAS_ID } from "@/lib/schemas/atlas-id";
import { LEDGER_TABS } from "@/lib/schemas/ledger-enums";
import { ORG_ROLE_VALUES } from "@/lib/schemas/roles";

// The invitations page's view state (tab, search, filters, sort, open drawer) as URL search params, so reload,
// back and a pasted link keep it. One set of parsers for the page's server preload and the view's
// useQueryStates. Defaults are left out of the URL; unknown or malformed values fall back to the default.

export const SORT_COLUMNS = [
  "email",
  "orgRoles",
  "teams",
  "projectRoles",
  "inviter",
  "created",
  "expires",
  // When a ledger row entered its status (the Expired / Rejected / Accepted / Cancelled tabs' last column).
  "changed",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
export const SOURCE_FILTERS = ["org", "project"] as const;
export type SourceFilter = (typeof SOURCE_FILTERS)[number];

/** A value matching `test`, else the default (an empty string). */
const parseAsMatching = (test: (value: string) => boolean) =>
  createParser({ parse: (v: string) => (test(v) ? v : null), serialize: (v: string) => v }).withDefault("");

/** One of `values`, or the empty string ("any"). */
const parseAsOneOrAny = <T extends string>(values: readonly T[]) =>
  createParser<T | "">({
    parse: (v) => values.find((a) => a === v) ?? null,
    serialize: (v) => v,
  }).withDefault("");

export const listParsers = {
  /** Pending is Atlas's live list; the other tabs read the console's ledger. */
  tab: parseAsStringLiteral(LEDGER_TABS).withDefault("pending"),
  /** E-mail substring, case-insensitive. */
  q: createParser({ parse: (v: string) => v.slice(0, 254), serialize: (v: string) => v }).withDefault(""),
  role: parseAsOneOrAny(ORG_ROLE_VALUES),
  team: parseAsMatching((v) => ATLAS_ID.test(v)),
  project: parseAsMatching((v) => ATLAS_ID.test(v)),
  expiring: createParser({
    parse: (v: string) => v === "1",
    serialize: (v: boolean) => (v ? "1" : "0"),
  }).withDefault(false),
  source: parseAsOneOrAny(SOURCE_FILTERS),
  // Sort and direction go into the URL as a pair, or not at all when both are the default (listUpdate below).
  sort: parseAsStringLiteral(SORT_COLUMNS).withDefault("created").withOptions({ clearOnDefault: false }),
  dir: parseAsStringLiteral(SORT_DIRECTIONS).withDefault("desc").withOptions({ clearOnDefault: false }),
};

export type ListParams = inferParserType<typeof listParsers>;
export type ListPatch = Partial<ListParams>;

/** The page's server side: the list state a request's `searchParams` asks for. */
export const loadListParams = createLoader(listParsers);

export const DEFAULT_LIST_PARAMS: ListParams = loadListParams({});

/**
 * The values to hand useQueryStates for `patch` over `current`: a sort change writes the column and the
 * direction together, and removes both when they are the default order (created, newest first).
 */
export function listUpdate(
  current: ListParams,
  patch: ListPatch,
): { [K in keyof ListParams]?: ListParams[K] | null } {
  if (patch.sort === undefined && patch.dir === undefined) return patch;
  const sort = patch.sort ?? current.sort;
  const dir = patch.dir ?? current.dir;
  const isDefault = sort === DEFAULT_LIST_PARAMS.sort && dir === DEFAULT_LIST_PARAMS.dir;
  return { ...patch, sort: isDefault ? null : sort, dir: isDefault ? null : dir };
}

export function hasActiveFilters(p: ListParams): boolean {
  return Boolean(p.q.trim() || p.role || p.team || p.project || p.expiring || p.source);
}

/** Every filter back to its default; the tab and the sort stay. */
export const CLEARED_FILTERS: ListPatch = {
  q: "",
  role: "",
  team: "",
  project: "",
  expiring: false,
  source: "",
};

/** Header click: same column flips the direction; a new column starts ascending. */
export function nextSort(p: ListParams, column: SortColumn): Pick<ListParams, "sort" | "dir"> {
  if (p.sort === column) return { sort: column, dir: p.dir === "asc" ? "desc" : "asc" };
  return { sort: column, dir: "asc" };
}

/** The open drawer's row (lib/invitations/list-model.ts rowKey: `<source>:<id>`), as `?invitation=`. */
const ROW_KEY = /^(users|invitations|project):[A-Za-z0-9:._@-]{1,250}$/;

export const drawerParsers = {
  invitation: createParser({
    parse: (v: string) => (ROW_KEY.test(v) ? v : null),
    serialize: (v: string) => v,
  }),
};
