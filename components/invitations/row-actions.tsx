"use client";

import { createContext, lazy, useContext } from "react";
import { useSessionUser } from "@/components/auth/session-context";
import { invitationChangeRefusal, type InvitationChange } from "@/lib/permissions";
import type { Invitation } from "@/lib/schemas/invitations";
import { buttonClasses } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { LazyMenuButton } from "@/components/ui/lazy-menu-button";

/** What the list's rows can ask for besides cancel (given once by the view, read by each row and card). */
export interface RowActions {
  onEdit: (invitation: Invitation) => void;
  onRenew: (invitation: Invitation) => void;
  /** Ids whose renew is in flight. */
  renewing: ReadonlySet<string>;
}

export const RowActionsContext = createContext<RowActions | null>(null);

// The menu itself (Radix: menu, popper, focus handling) loads when a row's menu is first opened: every row
// shows the button, few are opened.
const RowActionsMenu = lazy(() => import("./row-actions-menu").then((m) => ({ default: m.RowActionsMenu })));

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
    <LazyMenuButton
      trigger={{
        className: buttonClasses("ghost", "sm", "w-8 px-0"),
        "aria-label": `More actions for ${invitation.email}`,
        "aria-busy": renewing || undefined,
        children: renewing ? (
          <Spinner />
        ) : (
          <span aria-hidden="true" className="text-lg leading-none">
            ⋯
          </span>
        ),
      }}
      menu={(menu) => (
        <RowActionsMenu
          {...menu}
          editReason={editReason}
          renewReason={renewReason}
          renewing={renewing}
          onEdit={() => actions.onEdit(invitation)}
          onRenew={() => actions.onRenew(invitation)}
        />
      )}
    />
  );
}
