import type { Action } from "@/lib/permissions";
import type { LedgerStatus } from "@/lib/schemas/ledger";

// What can be done with an invitation in each state: one list per status, used by the list's action cell and
// by the detail drawer. Adding an action (edit, renew...) is one id here, one spec, and one handler where
// the dialogs controller opens it (components/invitations/dialog-state.ts dialogForAction).

export type InvitationActionId = "edit" | "renew" | "cancel" | "reinvite";

export interface InvitationActionSpec {
  label: string;
  /** The permission the server checks (lib/permissions.ts); the UI disables with its reason. */
  permission: Action;
  variant: "primary" | "secondary" | "danger";
}

export const ACTION_SPECS: Record<InvitationActionId, InvitationActionSpec> = {
  edit: { label: "Edit roles and teams", permission: "invitations.edit", variant: "secondary" },
  renew: { label: "Renew (new 30 days)", permission: "invitations.renew", variant: "secondary" },
  cancel: { label: "Cancel invitation", permission: "invitations.cancel", variant: "danger" },
  reinvite: { label: "Re-invite", permission: "invitations.create", variant: "primary" },
};

const ACTIONS_BY_STATUS: Record<LedgerStatus, readonly InvitationActionId[]> = {
  pending: ["edit", "renew", "cancel"],
  expired: ["reinvite"],
  rejected: ["reinvite"],
  cancelled: ["reinvite"],
  accepted: [],
  superseded: [],
};

/** The actions that fit an invitation in `status`, in the order they are shown. */
export function actionsFor(status: LedgerStatus): readonly InvitationActionId[] {
  return ACTIONS_BY_STATUS[status];
}
