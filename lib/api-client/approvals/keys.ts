import { invitationKeys } from "../invitations/keys";

// Under the invitations prefix: an invite that is held for approval (which invalidates it) refreshes the queue.
export const approvalKeys = {
  all: (orgId: string) => [...invitationKeys.list(orgId), "approvals"] as const,
  list: (orgId: string, status: string) => [...approvalKeys.all(orgId), status] as const,
};
