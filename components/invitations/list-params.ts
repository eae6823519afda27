import { ATLAS_ID } from "@/lib/schemas/ids";
import { LEDGER_TABS, type LedgerTab } from "@/lib/schemas/ledger";
import { ORG_ROLE_VALUES, type OrgRole } from "@/lib/schemas/roles";

// The list's whole view state (tab, search, filters, sort) as URL search params, so reload and back keep it.
// Defaults are left out of the URL; unknown or malformed values fall back to the default instead of failing.

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
export type SortDirection = "asc" | "desc";
export type SourceFilter = "org" | "project";

export interface ListParams {
  /** Pending is Atlas's live list; the other tabs read the console's ledger. */
  tab: LedgerTab;
  /** E-mail substring, case-insensitive. */
  q: string;
  role: OrgRole | "";
  team: string;
  project: string;
  expiring: boolean;
  source: SourceFilter | "";
  sort: SortColumn;
  dir: SortDirection;
}

export const DEFAULT_LIST_PARAMS: ListParams = {
  tab: "pending",
  q: "",
  role: "",
  team: "",
  project: "",
  expiring: false,
  source: "",
  sort: "created",
  dir: "desc",
};

/** The keys this list owns in the URL; any other param is left as it is. */
const KEYS = ["tab", "q", "role", "team", "project", "expiring", "source", "sort", "dir"] as const;

interface ReadableParams {
  get(name: string): string | null;
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export function parseListParams(sp: ReadableParams): ListParams {
  const d = DEFAULT_LIST_PARAMS;
  const id = (name: string) => {
    const v = sp.get(name) ?? "";
    return ATLAS_ID.test(v) ? v : "";
  };
  return {
    tab: oneOf(sp.get("tab"), LEDGER_TABS) ?? d.tab,
    q: (sp.get("q") ?? "").slice(0, 254),
    role: oneOf(sp.get("role"), ORG_ROLE_VALUES) ?? d.role,
    team: id("team"),
    project: id("project"),
    expiring: sp.get("expiring") === "1",
    source: oneOf(sp.get("source"), ["org", "project"] as const) ?? d.source,
    sort: oneOf(sp.get("sort"), SORT_COLUMNS) ?? d.sort,
    dir: oneOf(sp.get("dir"), ["asc", "desc"] as const) ?? d.dir,
  };
}

/** The query string (without "?") for `params`, keeping params that belong to someone else. */
export function serializeListParams(params: ListParams, current = new URLSearchParams()): string {
  const out = new URLSearchParams(current);
  for (const key of KEYS) out.delete(key);
  if (params.tab !== DEFAULT_LIST_PARAMS.tab) out.set("tab", params.tab);
  if (params.q.trim()) out.set("q", params.q);
  if (params.role) out.set("role", params.role);
  if (params.team) out.set("team", params.team);
  if (params.project) out.set("project", params.project);
  if (params.expiring) out.set("expiring", "1");
  if (params.source) out.set("source", params.source);
  if (params.sort !== DEFAULT_LIST_PARAMS.sort || params.dir !== DEFAULT_LIST_PARAMS.dir) {
    out.set("sort", params.sort);
    out.set("dir", params.dir);
  }
  return out.toString();
}

export function hasActiveFilters(p: ListParams): boolean {
  return Boolean(p.q.trim() || p.role || p.team || p.project || p.expiring || p.source);
}

export function clearFilters(p: ListParams): ListParams {
  return { ...DEFAULT_LIST_PARAMS, tab: p.tab, sort: p.sort, dir: p.dir };
}

/** Header click: same column flips the direction; a new column starts ascending. */
export function nextSort(p: ListParams, column: SortColumn): Pick<ListParams, "sort" | "dir"> {
  if (p.sort === column) return { sort: column, dir: p.dir === "asc" ? "desc" : "asc" };
  return { sort: column, dir: "asc" };
}
