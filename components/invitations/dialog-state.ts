import type { Invitation } from "@/lib/schemas/invitations";
import type { LedgerEntry } from "@/lib/schemas/ledger-api";
import type { DrawerSubject } from "./invitation-drawer";
import type { InvitationActionId } from "./ledger-actions";

// Which dialog of the invitations page is open, for which invitation: the state behind
// components/invitations/invitation-dialogs.tsx. Pure: test/invitations/dialog-state.test.ts.

/** The one dialog open on the invitations page, and for which invitation. */
export type OpenDialog =
  | { kind: "invite" }
  | { kind: "create-account" }
  | { kind: "cancel"; invitation: Invitation }
  | { kind: "edit"; invitation: Invitation }
  | { kind: "renew"; invitation: Invitation }
  | { kind: "reinvite"; entry: LedgerEntry };

export type DialogAction = { type: "open"; dialog: OpenDialog } | { type: "close"; kind: OpenDialog["kind"] };

/** A close names its dialog: a late close from one dialog never shuts another opened since. */
export function dialogReducer(state: OpenDialog | null, action: DialogAction): OpenDialog | null {
  if (action.type === "open") return action.dialog;
  return state?.kind === action.kind ? null : state;
}

/** The dialog a drawer action opens (the drawer's subject is a row of the list). */
export function dialogForAction(id: InvitationActionId, subject: DrawerSubject): OpenDialog | null {
  if (id === "reinvite") return subject.entry ? { kind: "reinvite", entry: subject.entry } : null;
  return { kind: id, invitation: subject.row.invitation };
}
