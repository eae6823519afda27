import type { OrgRole } from "./schemas/roles";
import { orgRoleLabel } from "./schemas/roles";

// One table: console role -> allowed actions, used by the server (every handler) and mirrored by the UI.
// The const arrays are the one source of each list; the types derive from them (the database column of
// user.role too: lib/server/db/schema/auth.ts).
export const ROLES = ["viewer", "inviter", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { label: string; description: string }> = {
  viewer: { label: "Viewer", description: "Reads orgs and pending invitations." },
  inviter: { label: "Inviter", description: "Invites, edits and cancels, without privileged org roles." },
  admin: {
    label: "Admin",
    description: "Everything: Organization Owner and billing roles, connections, users, audit.",
  },
};

export const ACTIONS = [
  "orgs.read",
  "invitations.read",
  "invitations.create",
  "invitations.cancel",
  "invitations.edit",
  "invitations.renew",
  "invitations.grant_privileged",
  "invitations.migrate",
  "ledger.sync",
  "atlas_users.create",
  "connections.read",
  "connections.manage",
  "users.manage",
  "audit.read",
  "notifications.manage",
  "account.manage",
  "bulk.read",
  "bulk.run",
  "presets.manage",
  "policy.manage",
  "approvals.decide",
  "provisioning.manage",
] as const;
export type Action = (typeof ACTIONS)[number];

const TABLE: Record<Action, readonly Role[]> = {
  "orgs.read": ["viewer", "inviter", "admin"],
  "invitations.read": ["viewer", "inviter", "admin"],
  "invitations.create": ["inviter", "admin"],
  "invitations.cancel": ["inviter", "admin"],
  "invitations.edit": ["inviter", "admin"],
  "invitations.renew": ["inviter", "admin"],
  "invitations.grant_privileged": ["admin"],
  // The sunset assistant moves many people's invitations at once, privileged grants included.
  "invitations.migrate": ["admin"],
  // Reading Atlas now for the invitation ledger (it spends the org's rate-limit budget, so not viewers).
  "ledger.sync": ["inviter", "admin"],
  // A new Atlas login with a password chosen here (the deprecated createUser): an advanced, admin-only option.
  "atlas_users.create": ["admin"],
  "connections.read": ["viewer", "inviter", "admin"],
  "connections.manage": ["admin"],
  "users.manage": ["admin"],
  "audit.read": ["admin"],
  // Delivery status of the digest and set-password e-mails, retrying a failed one, sending a test (e-mail to
  // oneself, webhook) and previewing an org's next digest.
  "notifications.manage": ["admin"],
  // One's own password, second factor and sessions (the Account page).
  "account.manage": ["viewer", "inviter", "admin"],
  // Bulk runs: their progress and results are visible to everyone who reads the org's invitations; starting,
  // pausing and cancelling one takes an inviter (each row still passes the invite rules, privileged grants too).
  "bulk.read": ["viewer", "inviter", "admin"],
  "bulk.run": ["inviter", "admin"],
  // Presets, guardrails and the approval queue are the org's rules: admins only.
  "presets.manage": ["admin"],
  "policy.manage": ["admin"],
  "approvals.decide": ["admin"],
  // Provisioning from the identity provider (SCIM): its tokens, group mappings, the leavers setting, and
  // removing a person who left the directory. The directory invites with the org's rules: admins only.
  "provisioning.manage": ["admin"],
};

/** Org roles only an admin may grant. */
const PRIVILEGED_ORG_ROLES = ["ORG_OWNER", "ORG_BILLING_ADMIN"] as const satisfies readonly OrgRole[];

export function isPrivilegedOrgRole(role: string): boolean {
  return (PRIVILEGED_ORG_ROLES as readonly string[]).includes(role);
}

/**
 * Why `role` may not act on an existing invitation that grants a privileged org role, or null when it may.
 * Renewing one re-issues its grants and editing one changes what an owner-to-be receives, so the whole
 * invitation is an admin's, not only its privileged roles (lib/server/invitations: renew, finish-renew, edit).
 */
export function privilegedInvitationRefusal(
  role: Role,
  orgRoles: readonly string[],
  verb: "renew" | "finish renewing" | "change",
): string | null {
  const privileged = orgRoles.filter(isPrivilegedOrgRole);
  if (privileged.length === 0 || can(role, "invitations.grant_privileged")) return null;
  return `Only console admins may ${verb} an invitation that grants ${privileged.map(orgRoleLabel).join(" or ")}.`;
}

/** What the UI offers on an existing invitation whose refusal depends on its grants. */
export type InvitationChange = "edit" | "renew" | "finish-renew";

const INVITATION_CHANGES: Record<
  InvitationChange,
  { action: Action; verb: Parameters<typeof privilegedInvitationRefusal>[2] }
> = {
  edit: { action: "invitations.edit", verb: "change" },
  renew: { action: "invitations.renew", verb: "renew" },
  "finish-renew": { action: "invitations.renew", verb: "finish renewing" },
};

/**
 * Why the UI disables `change` for `role` on an invitation granting `orgRoles` (null: allowed): the role's
 * permission first, then the privileged-invitation rule the server applies to edit, renew and finish-renew.
 */
export function invitationChangeRefusal(
  role: Role,
  change: InvitationChange,
  orgRoles: readonly string[],
): string | null {
  const { action, verb } = INVITATION_CHANGES[change];
  return refusalReason(role, action) ?? privilegedInvitationRefusal(role, orgRoles, verb);
}

export function can(role: Role, action: Action): boolean {
  return TABLE[action].includes(role);
}

/** Why the UI disables a control (the server refuses with the same rule). */
export function refusalReason(role: Role, action: Action): string | null {
  if (can(role, action)) return null;
  const needed = TABLE[action].map((r) => ROLE_LABELS[r].label.toLowerCase());
  return `Your console role (${ROLE_LABELS[role].label.toLowerCase()}) cannot do this; it takes ${needed.join(" or ")}.`;
}
