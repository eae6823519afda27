import "server-only";
import { ledgerSyncJob, ledgerSyncOrgJob } from "./ledger-sync";
import { pruneJob } from "./prune";
import type { JobDefinition } from "./types";

/** Every job the console runs. A job file exports its definition; add it here. */
export const JOBS = [
  pruneJob,
  ledgerSyncJob,
  ledgerSyncOrgJob,
] as const satisfies readonly JobDefinition<object>[];
