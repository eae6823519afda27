import "server-only";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./index";

// Work that one process at a time may do (the audit reconcile), without a job queue's "stately" policy: pg-boss
// keeps a killed process's job active until it expires (minutes), and a stately queue lets no other run start
// meanwhile. A PostgreSQL advisory lock ends with the session that held it, so a crash frees it at once.

const running = new Set<number>();

/**
 * Runs `fn` unless it is running already: in this process, or (PostgreSQL) in another process holding the
 * transaction-level advisory lock `key`. Answers null when it did not run. On PGlite one process owns the data
 * directory (its lock file), so the in-process guard is the whole exclusion.
 */
export async function exclusively<T>(
  handle: Pick<DatabaseHandle, "db" | "kind">,
  key: number,
  fn: () => Promise<T>,
): Promise<T | null> {
  if (running.has(key)) return null;
  running.add(key);
  try {
    if (handle.kind === "pglite") return await fn();
    // The lock's transaction only holds the lock: `fn` writes through the pool's other connections.
    return await handle.db.transaction(async (tx) => {
      const { rows } = await tx.execute<{ got: boolean }>(
        sql`select pg_try_advisory_xact_lock(${key}) as got`,
      );
      return rows[0]?.got ? await fn() : null;
    });
  } finally {
    running.delete(key);
  }
}
