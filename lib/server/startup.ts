import "server-only";
import { authReady } from "./auth";
import { pruneIdempotency, reconcilePendingAudit } from "./audit/reconcile";
import { checkEncryptionKeys } from "./connections/keys-check";
import { atlasForAudit } from "./console/connection";
import { closeDb, getDatabaseHandle } from "./db";
import { logger } from "./log";

// Start-up of the console server (instrumentation.ts → register → start): open the database behind its
// lock, apply the committed migrations, run the checks the parts register, resolve audit rows a crash left
// pending, and close the database on SIGTERM / SIGINT. Never run at import time nor by `next build`.

const STARTED = Symbol.for("invite-console.started");
type Registry = Record<symbol, Promise<void> | undefined>;

export function start(): Promise<void> {
  const g = globalThis as Registry;
  g[STARTED] ??= run();
  return g[STARTED];
}

async function run(): Promise<void> {
  const handle = await getDatabaseHandle();
  logger.info({ database: handle.kind }, "database open and migrated");
  // Close on SIGTERM / SIGINT from here on, even if what follows fails.
  registerShutdown();
  // Parts' start-up checks go here (K: key ring; S: demo admin), one import + call each.
  await checkEncryptionKeys(handle.db);
  // S: sign-in ready (demo mode: the demo admin exists, with its password printed when generated).
  await authReady();
  await pruneIdempotency(handle.db);
  // Another PostgreSQL instance may be mid-call on a recent row: leave those to it.
  const report = await reconcilePendingAudit(handle.db, atlasForAudit, {
    olderThanMs: handle.kind === "postgres" ? 10 * 60_000 : 0,
  });
  if (report.resolved + report.left > 0) logger.info(report, "audit rows left pending were reconciled");
}

let shutdownRegistered = false;
function registerShutdown(): void {
  if (shutdownRegistered) return;
  shutdownRegistered = true;
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "closing the database");
    void closeDb()
      .catch((err: unknown) => logger.error({ err }, "closing the database failed"))
      .finally(() => {
        // Exit with the conventional status unless another handler (token revocation) exits first.
        process.exit(signal === "SIGINT" ? 130 : 143);
      });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
