"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { createContext, useContext } from "react";
import { useSessionUser } from "@/components/auth/session-context";
import { invitationChangeRefusal, type InvitationChange } from "@/lib/permissions";
import type { Invitation } from "@/lib/schemas/invitations";
import { buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";

/** What the list's rows can ask for besides cancel (given once by the view, read by each row and card). */
export interface RowActions {
  onEdit: (invitation: Invitation) => void;
  onRenew: (invitation: Invitation) => void;
  /** Ids whose renew is in flight. */
  renewing: ReadonlySet<string>;
}

export const RowActionsContext = createContext<RowActions | null>(null);

const ITEM =
  "flex cursor-default items-center rounded px-2 py-1.5 text-sm outline-none select-none " +
  "data-[disabled]:cursor-not-allowed data-[disabled]:text-muted data-[highlighted]:bg-subtle";

/** A menu item's label and, when it is disabled, why: in the item, since a title reaches neither touch nor keyboard. */
function ItemText({ label, reason }: { label: string; reason: string | null }) {
  return (
    <span className="flex max-w-64 flex-col">
      {label}
      {reason ? <span className="text-xs text-muted">{reason}</span> : null}
    </span>
  );
}

/** "More actions" beside Cancel: Edit roles… and Renew…, each disabled with its reason when it cannot apply. */
export function MoreActions({ invitation }: { invitation: Invitation }) {
  const actions = useContext(RowActionsContext);
  const user = useSessionUser();
  if (!actions) return null;
  const legacyProject = invitation.source === "project";
  const renewing = actions.renewing.has(invitation.id);
  // The server refuses an inviter any change to an Owner or Billing Admin invitation (lib/permissions.ts).
  const refusal = (change: InvitationChange) =>
    user ? invitationChangeRefusal(user.role, change, invitation.orgRoles) : "Sign in to do this.";
  const editReason = legacyProject ? "Legacy project invitations cannot be edited." : refusal("edit");
  const renewReason = legacyProject ? "Legacy project invitations cannot be renewed." : refusal("renew");
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger
        className={buttonClasses("ghost", "sm", "w-8 px-0")}
        aria-label={`More actions for ${invitation.email}`}
        aria-busy={renewing || undefined}
      >
        {renewing ? (
          <Spinner />
        ) : (
          <span aria-hidden="true" className="text-lg leading-none">
            ⋯
          </span>
        )}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-44 rounded-md border border-line bg-surface p-1 text-fg shadow-lg"
        >
          <Menu.Item
            className={ITEM}
            disabled={editReason !== null}
            onSelect={() => actions.onEdit(invitation)}
          >
            <ItemText label="Edit roles and teams…" reason={editReason} />
          </Menu.Item>
          <Menu.Item
            className={ITEM}
            disabled={renewReason !== null || renewing}
            onSelect={() => actions.onRenew(invitation)}
          >
            <ItemText label="Renew (new 30 days)…" reason={renewReason} />
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
