// One table: console role -> allowed actions, used by the server (every handler) and mirrored by the UI.
export type Role = "viewer" | "inviter" | "admin";

export type Action =
  | "orgs.read"
  | "invitations.read"
  | "invitations.create"
  | "invitations.cancel"
  | "connections.read"
  | "connections.manage";

const TABLE: Record<Action, Role[]> = {
  "orgs.read": ["viewer", "inviter", "admin"],
  "invitations.read": ["viewer", "inviter", "admin"],
  "invitations.create": ["inviter", "admin"],
  "invitations.cancel": ["inviter", "admin"],
  "connections.read": ["admin"],
  "connections.manage": ["admin"],
};

export function can(role: Role, action: Action): boolean {
  return TABLE[action].includes(role);
}
