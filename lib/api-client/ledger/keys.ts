import { invitationKeys } from "../invitations/keys";

// Under the invitations prefix: every invite and cancel (which invalidate it) refreshes tabs and timelines.
export const ledgerKeys = {
  all: (orgId: string) => [...invitationKeys.list(orgId), "ledger"] as const,
  tab: (orgId: string, tab: string) => [...ledgerKeys.all(orgId), tab] as const,
  counts: (orgId: string) => [...ledgerKeys.all(orgId), "counts"] as const,
  sync: (orgId: string) => [...ledgerKeys.all(orgId), "sync"] as const,
  personTimeline: (orgId: string, email: string) => [...invitationKeys.list(orgId), "people", email] as const,
};

export const ledgerMutationKeys = {
  reinvite: (orgId: string) => [...invitationKeys.list(orgId), "reinvite"] as const,
  sync: (orgId: string) => [...ledgerKeys.all(orgId), "sync"] as const,
};
