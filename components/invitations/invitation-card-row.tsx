"use client";

import { memo } from "react";
import { usePermission } from "@/components/auth/session-context";
import { MoreActions } from "./row-actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { expiryState } from "@/lib/invitations/list-model";
import {
  ACTIONS_REFUSED_ID,
  EmailButton,
  LedgerRowAction,
  openOnRowClick,
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
export const InvitationCardRow = memo(function InvitationCardRow({
  row,
  rowIndex,
  now,
  pending,
  onCancel,
  tab,
  onOpen,
  onReinvite,
}: RowProps) {
  const inv = row.invitation;
  const expiry = expiryState(row.expiresMs, now);
  const cancelPermission = usePermission("invitations.cancel");
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
      className="cursor-pointer text-sm [&>td]:border-b [&>td]:border-line"
    >
      <td className="px-3 py-2 align-top">
        <div className="flex items-start gap-2">
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
              {tab === "pending" && expiry === "soon" ? <Badge tone="warn">Expiring soon</Badge> : null}
              {tab === "pending" && expiry === "expired" ? <Badge tone="danger">Expired</Badge> : null}
            </div>
          </div>
          {tab !== "pending" ? (
            <LedgerRowAction row={row} tab={tab} onReinvite={onReinvite} />
          ) : (
            <div className="flex shrink-0 items-center gap-1">
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
          )}
        </div>
      </td>
    </tr>
  );
});
