import "server-only";
import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite runs each query inside this process and answers it in a microtask: a loop of awaited queries (a ledger
 * sync of 1,000 invitations, a bulk run, the audit reconciler) never lets the event loop turn, so no request,
 * timer or socket is served until the loop ends. 3,000 upserts held every timer for 1 s; a 1,038-row catch-up
 * sync held the invitations page's HTML for 4.5 s (bench/profile-first-row.ts, 2026-12-07).
 *
 * After BREATHE_MS of queries without a turn, the next query first waits one event-loop turn (setImmediate):
 * what arrived meanwhile is served between two queries. A transaction's own queries breathe too; other
 * callers' queries wait for the transaction as before (PGlite runs one at a time).
 */
export const BREATHE_MS = 10;

type Queryable = Pick<PGlite, "query" | "exec">;

let lastTurn = performance.now();

const turn = () =>
  new Promise<void>((resolve) =>
    setImmediate(() => {
      lastTurn = performance.now();
      resolve();
    }),
  );

async function breathe(): Promise<void> {
  if (performance.now() - lastTurn >= BREATHE_MS) await turn();
}

function breathing<T extends Queryable>(target: T): T {
  const query = target.query.bind(target) as (...a: unknown[]) => Promise<unknown>;
  const exec = target.exec.bind(target) as (...a: unknown[]) => Promise<unknown>;
  return Object.assign(target, {
    query: async (...a: unknown[]) => {
      await breathe();
      return query(...a);
    },
    exec: async (...a: unknown[]) => {
      await breathe();
      return exec(...a);
    },
  });
}

/** Makes `client`'s queries (and those of its transactions) give the event loop a turn every BREATHE_MS. */
export function letPgliteBreathe(client: PGlite): PGlite {
  breathing(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Queryable) => Promise<unknown>) =>
    transaction((tx) => callback(breathing(tx)))) as PGlite["transaction"];
  return client;
}
