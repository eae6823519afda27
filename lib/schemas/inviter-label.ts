import type { Invitation, InvitedVia } from "./invitations";

// "Invited by" in words, the one place it is worded: the list's column and sort, the cards, the drawer and the
// timeline all call inviterLabel. The server fills the fields (lib/server/ledger/attribution.ts): the console
// user who acted, what they did, who made the first invitation of a renewed chain, and a service account's
// connection name instead of its client id.

export type InviterFields = Pick<
  Invitation,
  "inviter" | "invitedByConsoleUser" | "invitedByConnection" | "invitedVia" | "firstInvitedBy"
>;

export interface InviterLabel {
  /** Who: the console user, else the connection's name, else what Atlas names; null when nobody is known. */
  name: string | null;
  /** A short second line: how ("renewed, first invited by …", "through the console", "console connection"). */
  note: string | null;
  /** One sentence for titles, the drawer and the timeline: "Renewed by X, first invited by Y". */
  text: string;
}

const VERBS: Record<InvitedVia, string> = {
  invited: "invited",
  renewed: "renewed",
  reinvited: "re-invited",
  account: "Atlas account created",
  migrated: "migrated",
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function inviterLabel(inv: InviterFields): InviterLabel {
  const person = inv.invitedByConsoleUser;
  if (person) {
    const verb = VERBS[inv.invitedVia ?? "invited"];
    const first = inv.firstInvitedBy && inv.firstInvitedBy !== person ? inv.firstInvitedBy : null;
    const firstPart = first ? `, first invited by ${first}` : "";
    const how = inv.invitedVia && inv.invitedVia !== "invited" ? verb : "through the console";
    return {
      name: person,
      note: `${how}${firstPart}`,
      text: `${capitalise(verb)} by ${person}${firstPart}`,
    };
  }
  if (inv.invitedByConnection) {
    return {
      name: inv.invitedByConnection,
      note: "console connection",
      text: `Invited by ${inv.invitedByConnection} (console connection)`,
    };
  }
  if (inv.inviter) return { name: inv.inviter, note: null, text: `Invited by ${inv.inviter}` };
  return { name: null, note: null, text: "Inviter not known" };
}
