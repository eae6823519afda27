import { orgKeys } from "../orgs/keys";

// Under the org's prefix: a run, its pages of rows and the list of recent runs refresh together when a command
// settles; ["orgs", orgId] still refreshes everything of that org.
export const bulkKeys = {
  all: (orgId: string) => [...orgKeys.detail(orgId), "bulk"] as const,
  runs: (orgId: string) => [...bulkKeys.all(orgId), "runs"] as const,
  run: (orgId: string, runId: string) => [...bulkKeys.all(orgId), "run", runId] as const,
  rows: (orgId: string, runId: string, filter: object) =>
    [...bulkKeys.run(orgId, runId), "rows", filter] as const,
};

export const bulkMutationKeys = {
  plan: (orgId: string) => [...bulkKeys.all(orgId), "plan"] as const,
  command: (orgId: string, runId: string) => [...bulkKeys.run(orgId, runId), "command"] as const,
};
