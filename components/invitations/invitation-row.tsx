"use client";

import { usePermission } from "@/components/auth/session-context";
import { memo, type MouseEvent, type ReactNode } from "react";
import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerTab } from "@/lib/schemas/ledger";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { None } from "@/components/ui/none";
import { actionsFor } from "./ledger-actions";
import { expiryState, type InvitationRow } from "@/lib/invitations/list-model";
import { MoreActions } from "./row-actions";
import { SelectCheckbox } from "./select-checkbox";
import { ROW_HEIGHT } from "./table-columns";

/**
 * The page shows why its invitation actions are disabled once, beside "Invite people" (one rule refuses them
 * all: lib/permissions.ts); every disabled row button points to that text.
 */
export const ACTIONS_REFUSED_ID = "invitation-actions-refused";

/** Two lines at most, so every row keeps the fixed height the virtualizer relies on; the rest in a title. */
function Clamp({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="line-clamp-2 break-words" title={title}>
      {children}
    </div>
  );
}

function TimeCell({
  ms,
  past = false,
  now,
  children,
}: {
  ms: number;
  /** A past event: never shown in the future tense (components/ui/date-time.tsx). */
  past?: boolean;
  now: number;
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-start gap-0.5">
      <DateTime mode="relative" value={ms} past={past} now={now} className="max-w-full truncate" />
      {children}
    </div>
  );
}

/** Beside a pending invitation's expiry: "Expiring soon" or "Expired", else nothing. */
export function ExpiryBadge({ expiresMs, now }: { expiresMs: number | null; now: number }) {
  const expiry = expiryState(expiresMs, now);
  if (expiry === "soon") return <Badge tone="warn">Expiring soon</Badge>;
  if (expiry === "expired") return <Badge tone="danger">Expired</Badge>;
  return null;
}

/** Two lines: one project per line; past two, the first and "+N more" (all of them in the title). */
function ProjectGrants({ row }: { row: InvitationRow }) {
  const grants = row.projectGrants;
  const shown = grants.length > 2 ? grants.slice(0, 1) : grants;
  const title = grants.map((g) => `${g.projectName}: ${g.roleLabels.join(", ")}`).join("\n");
  return (
    <div title={title}>
      {shown.map((g) => (
        <div key={g.projectId} className="truncate">
          <span className="font-medium">{g.projectName}:</span> {g.roleLabels.join(", ")}
        </div>
      ))}
      {grants.length > 2 ? <div className="text-muted">+{grants.length - 1} more projects</div> : null}
    </div>
  );
}

/** The props of one list row, as a table row or (phones) a card. */
export interface RowProps {
  row: InvitationRow;
  /** 1-based position among all rows of the table, header included (aria-rowindex). */
  rowIndex: number;
  now: number;
  pending: boolean;
  onCancel: (invitation: Invitation) => void;
  /** Pending is Atlas's live list; the other tabs show ledger rows. */
  tab: LedgerTab;
  /** Opens the detail drawer (a click on the row, or the e-mail button from the keyboard). */
  onOpen: (row: InvitationRow) => void;
  onReinvite: (row: InvitationRow) => void;
  /** Tabs with bulk actions, for those who may run them: the row's checkbox (./selection.ts). */
  onSelect?: (key: string, range: boolean) => void;
  selected?: boolean;
}

/** The row's selection checkbox, named by its address; shift extends from the last one toggled. */
export function RowSelectCheckbox({
  row,
  selected = false,
  onSelect,
}: Pick<RowProps, "row" | "selected" | "onSelect">) {
  if (!onSelect) return null;
  return (
    <SelectCheckbox
      label={`Select ${row.invitation.email}`}
      checked={selected}
      onToggle={(range) => onSelect(row.key, range)}
    />
  );
}

/** A click anywhere on a row opens its details, except on the row's own controls. */
export function openOnRowClick(row: InvitationRow, onOpen: (row: InvitationRow) => void) {
  return (e: MouseEvent) => {
    // A click in a portal (the row's actions menu, a dialog it opened) bubbles through React to the row too.
    if (!(e.currentTarget as Node).contains(e.target as Node)) return;
    if ((e.target as HTMLElement).closest("button, a, input, select, textarea, [role=menuitem]")) return;
    onOpen(row);
  };
}

/** The e-mail as a button: the keyboard way into the row's details. */
export function EmailButton({ row, onOpen }: { row: InvitationRow; onOpen: (row: InvitationRow) => void }) {
  const email = row.invitation.email;
  return (
    <button
      type="button"
      onClick={() => onOpen(row)}
      aria-label={`Details of the invitation for ${email}`}
      className="block max-w-full truncate rounded text-left font-medium hover:underline"
      title={email}
    >
      {email}
    </button>
  );
}

/** The action of a ledger tab's row: the state's actions that a row can hold (re-invite). */
function LedgerRowAction({ row, tab, onReinvite }: Pick<RowProps, "row" | "tab" | "onReinvite">) {
  const permission = usePermission("invitations.create");
  if (tab === "pending" || !actionsFor(tab).includes("reinvite")) return null;
  return (
    <Button
      size="sm"
      disabled={!permission.allowed}
      aria-describedby={permission.allowed ? undefined : ACTIONS_REFUSED_ID}
      aria-label={`Re-invite ${row.invitation.email}`}
      onClick={() => onReinvite(row)}
    >
      Re-invite
    </Button>
  );
}

/**
 * A row's actions, in the table and in the phone card alike: Cancel and the menu on the Pending tab, the
 * ledger state's action on the others. Only the layout of the Pending pair differs (`className`).
 */
export function InvitationRowActions({
  row,
  tab,
  pending,
  onCancel,
  onReinvite,
  className,
}: RowProps & { className: string }) {
  const cancelPermission = usePermission("invitations.cancel");
  if (tab !== "pending") return <LedgerRowAction row={row} tab={tab} onReinvite={onReinvite} />;
  const inv = row.invitation;
  return (
    <div className={className}>
      <Button
        size="sm"
        pending={pending}
        disabled={!cancelPermission.allowed}
        aria-describedby={cancelPermission.allowed ? undefined : ACTIONS_REFUSED_ID}
        aria-label={`Cancel invitation for ${inv.email}`}
        onClick={() => onCancel(inv)}
      >
        Cancel
      </Button>
      <MoreActions invitation={inv} />
    </div>
  );
}

export const InvitationRowView = memo(function InvitationRowView(props: RowProps) {
  const { row, rowIndex, now, tab, onOpen, selected } = props;
  const inv = row.invitation;
  return (
    <tr
      aria-rowindex={rowIndex}
      style={{ height: ROW_HEIGHT }}
      onClick={openOnRowClick(row, onOpen)}
      // Borders on the cells of a border-separate table stay inside the fixed row height.
      className={
        "cursor-pointer text-sm hover:bg-subtle/60 [&>td]:border-b [&>td]:border-line" +
        (selected ? " bg-primary/5 dark:bg-primary/10" : "")
      }
    >
      {props.onSelect ? (
        <td className="pr-0 pl-2 align-middle">
          <div className="flex items-center">
            <RowSelectCheckbox {...props} />
          </div>
        </td>
      ) : null}
      <td className="px-3 align-middle" data-column="email">
        <EmailButton row={row} onOpen={onOpen} />
        {inv.source === "project" ? (
          <Badge
            tone="info"
            className="mt-0.5"
            title="Sent through a project's legacy invitation API: it grants project roles only."
          >
            Project invitation (legacy)
          </Badge>
        ) : null}
      </td>
      <td className="px-3 align-middle">
        {row.orgRoleLabels.length ? <Clamp title={row.text.orgRoles}>{row.text.orgRoles}</Clamp> : <None />}
      </td>
      <td className="px-3 align-middle">
        {row.teamNames.length ? <Clamp title={row.text.teams}>{row.text.teams}</Clamp> : <None />}
      </td>
      <td className="px-3 align-middle">
        {row.projectGrants.length ? <ProjectGrants row={row} /> : <None />}
      </td>
      <td className="px-3 align-middle">
        {row.inviter.name ? (
          // Atlas only knows the service account; the console knows the person behind it.
          <div title={row.inviter.text}>
            <div className="truncate">{row.inviter.name}</div>
            {row.inviter.note ? <div className="truncate text-xs text-muted">{row.inviter.note}</div> : null}
          </div>
        ) : (
          <None />
        )}
      </td>
      <td className="px-3 align-middle">
        <TimeCell ms={row.createdMs} past now={now} />
      </td>
      <td className="px-3 align-middle">
        {tab !== "pending" ? (
          typeof row.changedMs === "number" ? (
            <TimeCell ms={row.changedMs} past now={now} />
          ) : (
            <None />
          )
        ) : row.expiresMs === null ? (
          <None />
        ) : (
          <TimeCell ms={row.expiresMs} now={now}>
            <ExpiryBadge expiresMs={row.expiresMs} now={now} />
          </TimeCell>
        )}
      </td>
      <td className="px-3 text-right align-middle">
        <InvitationRowActions {...props} className="flex items-center justify-end gap-1" />
      </td>
    </tr>
  );
});
