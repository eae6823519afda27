import "server-only";
import { approvalsExpireJob } from "./approvals-expire";
import { auditReconcileJob } from "./audit-reconcile";
import { bulkRunJob, bulkSweepJob } from "./bulk-run";
import { ledgerSyncJob, ledgerSyncOrgJob } from "./ledger-sync";
import { minuteSweepJob } from "./minute-sweep";
import { notifyDigestJob, notifySendJob, notifySweepJob } from "./notify";
import { provisioningRunJob, provisioningSweepJob } from "./provisioning";
import { pruneJob } from "./prune";
import type { JobDefinition } from "./types";

/** Every job the console runs. A job file exports its definition; add it here. */
export const JOBS = [
  pruneJob,
  ledgerSyncJob,
  ledgerSyncOrgJob,
  notifyDigestJob,
  notifySendJob,
  notifySweepJob,
  auditReconcileJob,
  approvalsExpireJob,
  bulkRunJob,
  bulkSweepJob,
  provisioningRunJob,
  provisioningSweepJob,
  minuteSweepJob,
] as const satisfies readonly JobDefinition<object>[];
