"use client";

import { memo } from "react";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import {
  EmailButton,
  ExpiryBadge,
  openOnRowClick,
  InvitationRowActions,
  RowSelectCheckbox,
  type RowProps,
} from "./invitation-row";
import { CARD_HEIGHT } from "./table-columns";

const CHANGED_WORD = {
  expired: "Expired",
  rejected: "Rejected",
  accepted: "Accepted",
  cancelled: "Cancelled",
} as const;

/**
 * The phone layout of one invitation: a single cell of fixed height (the virtualizer needs one), four lines
 * that each truncate, everything in full in the titles. The columns' header text is repeated inline.
 */
export const InvitationCardRow = memo(function InvitationCardRow(props: RowProps) {
  const { row, rowIndex, now, tab, onOpen, selected } = props;
  const inv = row.invitation;
  const grants = [
    row.orgRoleLabels.length ? `Org: ${row.text.orgRoles}` : null,
    row.teamNames.length ? `Teams: ${row.text.teams}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  const projects = row.projectGrants.map((g) => `${g.projectName}: ${g.roleLabels.join(", ")}`).join("; ");
  const inviter = row.inviter.name;
  return (
    <tr
      aria-rowindex={rowIndex}
      style={{ height: CARD_HEIGHT }}
      onClick={openOnRowClick(row, onOpen)}
      className={
        "cursor-pointer text-sm [&>td]:border-b [&>td]:border-line" +
        (selected ? " bg-primary/5 dark:bg-primary/10" : "")
      }
    >
      <td className="px-3 py-2 align-top">
        <div className="flex items-start gap-2">
          {props.onSelect ? (
            <div className="flex h-5 shrink-0 items-center">
              <RowSelectCheckbox {...props} />
            </div>
          ) : null}
          <div className="min-w-0 flex-1 space-y-0.5">
            <div className="flex min-w-0 items-center gap-2">
              <span className="min-w-0 truncate">
                <EmailButton row={row} onOpen={onOpen} />
              </span>
              {inv.source === "project" ? (
                <Badge tone="info" title="Sent through a project's legacy invitation API">
                  Legacy
                </Badge>
              ) : null}
            </div>
            <div className="truncate text-xs text-muted" title={grants}>
              {grants || "No org roles or teams"}
            </div>
            <div className="truncate text-xs text-muted" title={projects}>
              {projects ? `Projects: ${projects}` : "No project roles"}
            </div>
            <div className="flex min-w-0 items-center gap-1 text-xs text-muted">
              <span className="truncate">
                {tab !== "pending" ? (
                  <>
                    {CHANGED_WORD[tab]}{" "}
                    {typeof row.changedMs === "number" ? (
                      <DateTime mode="relative" value={row.changedMs} past now={now} />
                    ) : (
                      "—"
                    )}
                    {" · "}
                  </>
                ) : row.expiresMs !== null ? (
                  <>
                    Expires <DateTime mode="relative" value={row.expiresMs} now={now} />
                    {" · "}
                  </>
                ) : null}
                {row.expiresMs !== null || tab !== "pending" ? "invited" : "Invited"}{" "}
                <DateTime mode="relative" value={row.createdMs} past now={now} />
                {inviter ? ` by ${inviter}` : ""}
              </span>
              {tab === "pending" ? <ExpiryBadge expiresMs={row.expiresMs} now={now} /> : null}
            </div>
          </div>
          <InvitationRowActions {...props} className="flex shrink-0 items-center gap-1" />
        </div>
      </td>
    </tr>
  );
});
