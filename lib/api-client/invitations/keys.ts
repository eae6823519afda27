import { orgKeys } from "../orgs/keys";

// Under the org's prefix. The ledger's keys (../ledger/keys.ts) sit under `list`: every invite and cancel,
// which invalidate it, also refreshes the ledger tabs and timelines.
export const invitationKeys = {
  list: (orgId: string) => [...orgKeys.detail(orgId), "invitations"] as const,
  renewals: (orgId: string) => [...orgKeys.detail(orgId), "renewals"] as const,
};

export const invitationMutationKeys = {
  invite: (orgId: string) => [...invitationKeys.list(orgId), "create"] as const,
  cancel: (orgId: string) => [...invitationKeys.list(orgId), "cancel"] as const,
  edit: (orgId: string) => [...invitationKeys.list(orgId), "edit"] as const,
  renew: (orgId: string) => [...invitationKeys.list(orgId), "renew"] as const,
};
