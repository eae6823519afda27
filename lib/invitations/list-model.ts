import type { Invitation } from "@/lib/schemas/invitations";
import { inviterLabel, type InviterLabel } from "@/lib/schemas/inviter-label";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import type { ListParams, SortColumn, SortDirection } from "@/lib/search-params/invitations";

const DAY_MS = 86_400_000;
const EXPIRING_SOON_MS = 7 * DAY_MS;

export interface ProjectGrant {
  projectId: string;
  projectName: string;
  roleLabels: string[];
}

/** An invitation with everything the table shows and sorts on computed once per data change. */
export interface InvitationRow {
  key: string;
  invitation: Invitation;
  emailLower: string;
  orgRoleLabels: string[];
  teamNames: string[];
  projectGrants: ProjectGrant[];
  createdMs: number;
  expiresMs: number | null;
  /** Ledger tabs: when the row entered its status (lib/schemas/ledger-api.ts statusChangedAt). */
  changedMs?: number | null;
  text: Record<"orgRoles" | "teams" | "projectRoles", string>;
  /** "Invited by", worded once for the cell, the card, the drawer and the sort. */
  inviter: InviterLabel;
}

// The column headers already say "Org roles" / "Project roles": the table drops the repeated prefix.
const shortOrgRole = (role: string) => orgRoleLabel(role).replace(/^Organization /, "");
const shortProjectRole = (role: string) => projectRoleLabel(role).replace(/^Project /, "");

export type NameLookup = ReadonlyMap<string, string>;

const rowKey = (inv: Pick<Invitation, "id" | "source">) => `${inv.source}:${inv.id}`;

function toMs(iso: string | null): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

export function toRows(invitations: Invitation[], teams: NameLookup, projects: NameLookup): InvitationRow[] {
  return invitations.map((invitation) => {
    const orgRoleLabels = invitation.orgRoles.map(shortOrgRole);
    const teamNames = invitation.teamIds.map((id) => teams.get(id) ?? id);
    const projectGrants = invitation.projectRoles.map((p) => ({
      projectId: p.projectId,
      projectName: projects.get(p.projectId) ?? p.projectId,
      roleLabels: p.roles.map(shortProjectRole),
    }));
    return {
      key: rowKey(invitation),
      invitation,
      emailLower: invitation.email.toLowerCase(),
      orgRoleLabels,
      teamNames,
      projectGrants,
      createdMs: toMs(invitation.createdAt) ?? 0,
      expiresMs: toMs(invitation.expiresAt),
      text: {
        orgRoles: orgRoleLabels.join(", "),
        teams: teamNames.join(", "),
        projectRoles: projectGrants.map((g) => `${g.projectName}: ${g.roleLabels.join(", ")}`).join("; "),
      },
      inviter: inviterLabel(invitation),
    };
  });
}

export type ExpiryState = "expired" | "soon" | "later" | "unknown";

export function expiryState(expiresMs: number | null, now: number): ExpiryState {
  if (expiresMs === null) return "unknown";
  if (expiresMs <= now) return "expired";
  return expiresMs - now <= EXPIRING_SOON_MS ? "soon" : "later";
}

/** The filters a tab applies: "Expiring soon" is a Pending filter, the ledger tabs ignore it. */
export function viewForTab(p: ListParams): ListParams {
  return p.tab === "pending" ? p : { ...p, expiring: false };
}

/**
 * When a ledger entry entered its status (the "changed" column and sort). Rows expired before the sync dated
 * them by Atlas's expiry carry when it noticed: the expiry is earlier.
 */
export function changedAtMs(entry: {
  status: string;
  statusChangedAt: string;
  expiresAt: string | null;
}): number {
  const changed = Date.parse(entry.statusChangedAt);
  if (entry.status !== "expired" || !entry.expiresAt) return changed;
  return Math.min(Date.parse(entry.expiresAt), changed);
}

export function filterRows(rows: InvitationRow[], p: ListParams, now: number): InvitationRow[] {
  const q = p.q.trim().toLowerCase();
  return rows.filter((r) => {
    const inv = r.invitation;
    if (q && !r.emailLower.includes(q)) return false;
    if (p.role && !inv.orgRoles.includes(p.role)) return false;
    if (p.team && !inv.teamIds.includes(p.team)) return false;
    if (p.project && !inv.projectRoles.some((g) => g.projectId === p.project)) return false;
    if (p.expiring && expiryState(r.expiresMs, now) !== "soon") return false;
    if (p.source === "project" && inv.source !== "project") return false;
    if (p.source === "org" && inv.source === "project") return false;
    return true;
  });
}

// Plain code-unit comparison of lower-cased keys: an Intl.Collator is several times slower, and 10,000 rows
// are re-sorted on every header click.
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortValue(r: InvitationRow, column: SortColumn): string | number | null {
  switch (column) {
    case "email":
      return r.emailLower;
    case "orgRoles":
    case "teams":
    case "projectRoles":
      return r.text[column].toLowerCase() || null;
    case "inviter":
      return r.inviter.name?.toLowerCase() || null;
    case "created":
      return r.createdMs;
    case "expires":
      return r.expiresMs;
    case "changed":
      return r.changedMs ?? null;
  }
}

/** Stable; empty values (no teams, no expiry...) go last in both directions; ties fall back to the e-mail. */
export function sortRows(rows: InvitationRow[], column: SortColumn, dir: SortDirection): InvitationRow[] {
  const sign = dir === "asc" ? 1 : -1;
  const keyed = rows.map((row) => ({ row, value: sortValue(row, column) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value === b.value) return compareText(a.row.emailLower, b.row.emailLower);
      return a.value === null ? 1 : -1;
    }
    const c =
      typeof a.value === "number" && typeof b.value === "number"
        ? a.value - b.value
        : compareText(String(a.value), String(b.value));
    return c !== 0 ? sign * c : compareText(a.row.emailLower, b.row.emailLower);
  });
  return keyed.map((k) => k.row);
}

// Rows sorted once per data load and sort order: a search keystroke then only filters, which keeps the order
// (sortRows is stable with a total order, so filter-then-sort and sort-then-filter agree).
const sortedCache = new WeakMap<InvitationRow[], Map<string, InvitationRow[]>>();

function sortedOnce(rows: InvitationRow[], column: SortColumn, dir: SortDirection): InvitationRow[] {
  let byOrder = sortedCache.get(rows);
  if (!byOrder) sortedCache.set(rows, (byOrder = new Map()));
  const key = `${column}:${dir}`;
  let sorted = byOrder.get(key);
  if (!sorted) byOrder.set(key, (sorted = sortRows(rows, column, dir)));
  return sorted;
}

// The last answer of visibleRows: a search that only grew (typing on) filters that answer, not every row.
let last:
  { sorted: InvitationRow[]; p: ListParams; now: number; q: string; out: InvitationRow[] } | undefined;

const sameFilters = (a: ListParams, b: ListParams) =>
  a.role === b.role &&
  a.team === b.team &&
  a.project === b.project &&
  a.expiring === b.expiring &&
  a.source === b.source;

/** What the table shows: the rows matching the search and filters, in the chosen order. */
export function visibleRows(rows: InvitationRow[], p: ListParams, now: number): InvitationRow[] {
  const sorted = sortedOnce(rows, p.sort, p.dir);
  const q = p.q.trim().toLowerCase();
  // Every row that matches "ab" matched "a" with the same filters: filtering the earlier answer is the same.
  const from =
    last && last.sorted === sorted && last.now === now && sameFilters(last.p, p) && q.startsWith(last.q)
      ? last.out
      : sorted;
  const out = filterRows(from, p, now);
  last = { sorted, p, now, q, out };
  return out;
}

export interface ListSummary {
  pending: number;
  expiringSoon: number;
  expired: number;
  legacyProject: number;
}

export function summarize(rows: InvitationRow[], now: number): ListSummary {
  const s: ListSummary = { pending: rows.length, expiringSoon: 0, expired: 0, legacyProject: 0 };
  for (const r of rows) {
    const state = expiryState(r.expiresMs, now);
    if (state === "soon") s.expiringSoon++;
    if (state === "expired") s.expired++;
    if (r.invitation.source === "project") s.legacyProject++;
  }
  return s;
}
