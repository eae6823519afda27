import { orgKeys } from "../orgs/keys";

// The org's Provisioning page reads one overview (settings, tokens, maps, directory state, requests): every
// change refreshes it, and the audit log its change wrote.
export const provisioningKeys = {
  page: (orgId: string) => [...orgKeys.detail(orgId), "provisioning"] as const,
};
