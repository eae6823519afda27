import "server-only";
import { csvHeader, csvRows } from "@/lib/csv";
import { changedAtMs, toRows, viewForTab, visibleRows } from "@/lib/invitations/list-model";
import type { InvitationRow } from "@/lib/invitations/list-model";
import type { ExportedInvitation, ExportFormat } from "@/lib/schemas/invitations-export";
import type { LedgerTab } from "@/lib/schemas/ledger";
import type { ListParams } from "@/lib/search-params/invitations";
import { listLedgerTab } from "../ledger/list-ledger";
import { listOrgProjects, listOrgTeams } from "../orgs/list-directory";
import { listInvitations } from "./list-invitations";

// The invitations page's current tab as a file: the same rows (Atlas's live list or the ledger), the same
// filters and order (lib/invitations/list-model.ts visibleRows over viewForTab), names as the table shows them.

export interface InvitationsExport {
  filename: string;
  contentType: string;
  body: string;
}

const COLUMNS = [
  "email",
  "status",
  "org_roles",
  "teams",
  "projects_roles",
  "inviter",
  "invited_by",
  "created_utc",
  "expires_utc",
];

/** Names for ids; the page shows the id when Atlas cannot name it, and so does the export. */
async function names(read: () => Promise<{ id: string; name: string }[]>): Promise<Map<string, string>> {
  const list = await read().catch(() => []);
  return new Map(list.map((x) => [x.id, x.name]));
}

async function tabRows(
  orgId: string,
  tab: LedgerTab,
): Promise<{ rows: InvitationRow[]; statuses: string[] }> {
  const [teams, projects] = await Promise.all([
    names(() => listOrgTeams(orgId)),
    names(() => listOrgProjects(orgId)),
  ]);
  if (tab === "pending") {
    const { invitations } = await listInvitations(orgId);
    return { rows: toRows(invitations, teams, projects), statuses: invitations.map(() => "pending") };
  }
  // The whole tab: the page shows only its newest LEDGER_TAB_LIMIT rows and sends people here for the rest.
  const { invitations } = await listLedgerTab(orgId, tab, Date.now(), null);
  const rows = toRows(invitations, teams, projects);
  rows.forEach((r, i) => (r.changedMs = changedAtMs(invitations[i]!)));
  return { rows, statuses: invitations.map((e) => e.status) };
}

/** JSON: Atlas's role names (what a script compares), names beside ids for teams and projects. */
function exported(row: InvitationRow, status: string): ExportedInvitation {
  const inv = row.invitation;
  return {
    email: inv.email,
    status,
    orgRoles: inv.orgRoles,
    teams: inv.teamIds.map((id, i) => ({ id, name: row.teamNames[i]! })),
    projects: inv.projectRoles.map((p, i) => ({
      id: p.projectId,
      name: row.projectGrants[i]!.projectName,
      roles: p.roles,
    })),
    inviter: inv.inviter,
    invitedBy: inv.invitedByConsoleUser ?? null,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
  };
}

/** CSV: the words the table shows (role labels, team and project names). */
function toCsv(rows: InvitationRow[], statusOf: (r: InvitationRow) => string): string {
  return (
    csvHeader(COLUMNS) +
    csvRows(
      rows.map((r) => [
        r.invitation.email,
        statusOf(r),
        r.text.orgRoles,
        r.text.teams,
        r.text.projectRoles,
        r.invitation.inviter,
        r.invitation.invitedByConsoleUser ?? null,
        r.invitation.createdAt,
        r.invitation.expiresAt,
      ]),
    )
  );
}

/** The rows of `params.tab` that the page would show with `params`' filters and order, as CSV or JSON. */
export async function exportInvitations({
  orgId,
  params,
  format,
  now = Date.now(),
}: {
  orgId: string;
  params: ListParams;
  format: ExportFormat;
  now?: number;
}): Promise<InvitationsExport> {
  const { rows, statuses } = await tabRows(orgId, params.tab);
  const statusOf = new Map(rows.map((r, i) => [r, statuses[i]!]));
  const status = (r: InvitationRow) => statusOf.get(r)!;
  const visible = visibleRows(rows, viewForTab(params), now);
  const date = new Date(now).toISOString().slice(0, 10);
  const filename = `invitations-${orgId}-${params.tab}-${date}.${format}`;
  if (format === "csv") {
    return { filename, contentType: "text/csv; charset=utf-8", body: toCsv(visible, status) };
  }
  const body = JSON.stringify({
    orgId,
    tab: params.tab,
    exportedAt: new Date(now).toISOString(),
    invitations: visible.map((r) => exported(r, status(r))),
  });
  return { filename, contentType: "application/json; charset=utf-8", body };
}
