import "server-only";
import { authReady } from "./auth";
import { pruneIdempotency, reconcilePendingAudit } from "./audit/reconcile";
import { checkEncryptionKeys } from "./connections/keys-check";
import { revokeAllAtlasTokens } from "./atlas";
import { atlasForAudit } from "./connections/route-org";
import { flushActivity } from "./auth/activity";
import { stopVerifiedCache } from "./auth/verified-cache";
import { closeDb, createPgliteInChildProcess, getDatabaseHandle } from "./db";
import { env } from "./env";
import { startJobs, stopJobs } from "./jobs";
import { RECHECK_SECONDS, queueAuditReconcile } from "./jobs/audit-reconcile";
import { endDeadLeases } from "./bulk/work-run";
import { sweepBulkRuns } from "./jobs/bulk-run";
import { sendJob } from "./jobs";
import { endDeadProvisioningLeases } from "./provisioning/worker";
import { queueLedgerSyncAtStart } from "./jobs/ledger-sync";
import { logger } from "./log";
import { installMemoryReport } from "./memory-report";

// Start-up of the console server (instrumentation.ts → instrumentation-node.ts → start): open the database
// behind its lock, apply the committed migrations, run the checks the parts register, resolve audit rows a
// crash left pending, and close the database on SIGTERM / SIGINT. Never run at import time nor by `next build`.

const STARTED = Symbol.for("invite-console.started");
type Registry = Record<symbol, Promise<void> | undefined>;

export function start(): Promise<void> {
  const g = globalThis as Registry;
  g[STARTED] ??= run();
  return g[STARTED];
}

async function run(): Promise<void> {
  installMemoryReport();
  createPgliteInChildProcess();
  const handle = await getDatabaseHandle();
  logger.info({ database: handle.kind }, "database open and migrated");
  // Close on SIGTERM / SIGINT from here on, even if what follows fails.
  registerShutdown();
  // Start-up checks: the key ring, then sign-in (the demo admin in demo mode).
  await checkEncryptionKeys(handle.db);
  // Sign-in ready (demo mode: the demo admin exists, with its password printed when generated).
  await authReady();
  await pruneIdempotency(handle.db);
  // Audit rows a crash left pending (lib/server/audit/reconcile.ts). On PGlite the lock guarantees no other
  // process is mid-call: read Atlas now. On PostgreSQL the job does it (its queue lets one instance at a time
  // reconcile). Either way, rows Atlas may still be acting on are read again by the job.
  if (handle.kind === "pglite" || env().JOBS === "0") {
    const report = await reconcilePendingAudit(handle.db, atlasForAudit);
    if (report.resolved + report.left > 0) logger.info(report, "audit rows left pending were reconciled");
  }
  // Scheduled and queued work (lib/server/jobs). A failure to start is logged and retried on the next
  // sendJob; it never stops the console from serving.
  await startJobs(handle)?.catch(() => {});
  if (env().JOBS !== "0") {
    await queueAuditReconcile(handle.kind === "pglite" ? RECHECK_SECONDS : 0).catch(() => {});
    // Bulk runs a crash or restart interrupted go on now (lib/server/bulk/work-run.ts settles their rows).
    if (handle.kind === "pglite") await endDeadLeases(handle.db).catch(() => {});
    await sweepBulkRuns().catch(() => {});
    // Directory changes a crash left unsent go on now (lib/server/provisioning/worker.ts settles them first).
    if (handle.kind === "pglite") await endDeadProvisioningLeases(handle.db).catch(() => {});
    await sendJob("provisioning-sweep", {}).catch(() => {});
  }
  // What changed in Atlas while the console was down reaches the ledger now, not at the first scheduled tick.
  await queueLedgerSyncAtStart();
}

/** How long a stop waits for Next.js to finish in-flight requests, and then for token revocation. */
const REQUESTS_GRACE_MS = 10_000;
const REVOKE_GRACE_MS = 3_000;

const within = (ms: number, work: Promise<unknown>) =>
  Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

let shutdownRegistered = false;
/**
 * One stop sequence on SIGTERM / SIGINT: Next.js (whose handler was registered before ours) stops accepting
 * connections and lets in-flight requests finish, so their audit rows complete; then cached Atlas tokens are
 * revoked (docs/security.md 5) and the database is closed; then the process exits 143 / 130. Next.js ends its own
 * clean-up with process.exit: that exit is held until ours is done (at most the two grace periods).
 */
function registerShutdown(): void {
  if (shutdownRegistered) return;
  shutdownRegistered = true;
  let stopping = false;
  const stop = (signal: NodeJS.Signals, othersListening: boolean) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests, revoking Atlas tokens, closing the database");
    const exit = process.exit.bind(process);
    let code = signal === "SIGINT" ? 130 : 143;
    let nextDone = () => {};
    const nextFinished = new Promise<void>((resolve) => (nextDone = resolve));
    process.exit = ((c?: number | string | null) => {
      if (typeof c === "number") code = c;
      nextDone();
    }) as typeof process.exit;
    void (async () => {
      try {
        if (othersListening) await within(REQUESTS_GRACE_MS, nextFinished);
        const revoked = await within(REVOKE_GRACE_MS, revokeAllAtlasTokens());
        if (typeof revoked === "number" && revoked > 0) logger.info({ revoked }, "Atlas tokens revoked");
        await within(REVOKE_GRACE_MS, stopJobs());
        // Sessions' last activity seen since the last batch, then the session listener's own connection.
        await within(REVOKE_GRACE_MS, flushActivity());
        await stopVerifiedCache();
        await closeDb();
      } catch (err) {
        logger.error({ err }, "stopping cleanly failed");
      } finally {
        exit(code);
      }
    })();
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const othersListening = process.listenerCount(signal) > 0;
    process.once(signal, () => stop(signal, othersListening));
  }
}
