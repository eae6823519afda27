import { orgKeys } from "../orgs/keys";

export const connectionKeys = {
  all: () => ["connections"] as const,
  /** An org's sync status as the Connections page reads it (when a connection last did real work). */
  orgSyncStatus: (orgId: string) => [...orgKeys.detail(orgId), "ledger-sync"] as const,
};

export const connectionMutationKeys = {
  test: (id: string) => [...connectionKeys.all(), id, "test"] as const,
};
