// Every key starts with its org, so invalidating ["orgs", orgId] (or a longer prefix) refreshes what depends on it.
// The audit log and the account are not per org: their keys start with "audit" and "account".
export const queryKeys = {
  orgs: () => ["orgs"] as const,
  org: (orgId: string) => ["orgs", orgId] as const,
  teams: (orgId: string) => ["orgs", orgId, "teams"] as const,
  projects: (orgId: string) => ["orgs", orgId, "projects"] as const,
  members: (orgId: string) => ["orgs", orgId, "members"] as const,
  invitations: (orgId: string) => ["orgs", orgId, "invitations"] as const,
  renewals: (orgId: string) => ["orgs", orgId, "renewals"] as const,
  sunset: (orgId: string) => ["orgs", orgId, "sunset"] as const,
  // Under the invitations prefix: every invite and cancel (which invalidate it) refreshes tabs and timelines.
  ledger: (orgId: string) => ["orgs", orgId, "invitations", "ledger"] as const,
  ledgerTab: (orgId: string, tab: string) => ["orgs", orgId, "invitations", "ledger", tab] as const,
  ledgerCounts: (orgId: string) => ["orgs", orgId, "invitations", "ledger", "counts"] as const,
  ledgerSync: (orgId: string) => ["orgs", orgId, "invitations", "ledger", "sync"] as const,
  personTimeline: (orgId: string, email: string) => ["orgs", orgId, "invitations", "people", email] as const,
  connections: () => ["connections"] as const,
  users: () => ["console-users"] as const,
  audit: () => ["audit"] as const,
  auditList: (params: object) => ["audit", "list", params] as const,
  auditOrgs: () => ["audit", "orgs"] as const,
  account: () => ["account"] as const,
  accountSessions: () => ["account", "sessions"] as const,
  accountNotifications: () => ["account", "notifications"] as const,
  notifications: () => ["notifications"] as const,
  digestPreview: (orgId: string) => ["notifications", "digest-preview", orgId] as const,
};

export const mutationKeys = {
  invite: (orgId: string) => ["orgs", orgId, "invitations", "create"] as const,
  cancelInvitation: (orgId: string) => ["orgs", orgId, "invitations", "cancel"] as const,
  editInvitation: (orgId: string) => ["orgs", orgId, "invitations", "edit"] as const,
  renewInvitation: (orgId: string) => ["orgs", orgId, "invitations", "renew"] as const,
  migrateLegacy: (orgId: string) => ["orgs", orgId, "sunset", "migrate"] as const,
  reinvite: (orgId: string) => ["orgs", orgId, "invitations", "reinvite"] as const,
  syncLedger: (orgId: string) => ["orgs", orgId, "invitations", "ledger", "sync"] as const,
};
