// Every key of an org's data starts with ["orgs", orgId], so invalidating that prefix refreshes what depends on it.
export const orgKeys = {
  all: () => ["orgs"] as const,
  detail: (orgId: string) => ["orgs", orgId] as const,
  teams: (orgId: string) => ["orgs", orgId, "teams"] as const,
  projects: (orgId: string) => ["orgs", orgId, "projects"] as const,
  members: (orgId: string) => ["orgs", orgId, "members"] as const,
};
