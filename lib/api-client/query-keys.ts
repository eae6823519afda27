// Every key starts with its org, so invalidating ["orgs", orgId] (or a longer prefix) refreshes what depends on it.
// The audit log and the account are not per org: their keys start with "audit" and "account".
export const queryKeys = {
  orgs: () => ["orgs"] as const,
  org: (orgId: string) => ["orgs", orgId] as const,
  teams: (orgId: string) => ["orgs", orgId, "teams"] as const,
  projects: (orgId: string) => ["orgs", orgId, "projects"] as const,
  invitations: (orgId: string) => ["orgs", orgId, "invitations"] as const,
  connections: () => ["connections"] as const,
  users: () => ["console-users"] as const,
  audit: () => ["audit"] as const,
  auditList: (params: object) => ["audit", "list", params] as const,
  auditOrgs: () => ["audit", "orgs"] as const,
  account: () => ["account"] as const,
  accountSessions: () => ["account", "sessions"] as const,
  accountNotifications: () => ["account", "notifications"] as const,
  notifications: () => ["notifications"] as const,
};

export const mutationKeys = {
  invite: (orgId: string) => ["orgs", orgId, "invitations", "create"] as const,
  cancelInvitation: (orgId: string) => ["orgs", orgId, "invitations", "cancel"] as const,
};
