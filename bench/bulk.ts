// A bulk import of 500 rows through the console's own API (POST /api/orgs/{orgId}/bulk: the dry run, then
// POST …/bulk/{runId}/start; the run page's GET …/bulk/{runId} polled until done) against a simulator whose
// invitation bucket (org users, ATLAS_INVITES_API=users) is 100 per minute. Figures: the time from the
// bucket's first call to the last create against the bucket's lower bound (goal ≤ 1.15×), duplicates in Atlas
// (creates per username in the simulator's journal, goal 0), failed rows (goal 0).
//   node --conditions=react-server --import tsx bench/bulk.ts   (after `npx next build`)
//   BENCH_BULK_ROWS (default 500), BENCH_REFILL_SECONDS (default 60), BENCH_DB=pglite|postgres,
//   TEST_DATABASE_URL for PostgreSQL, E2E_PORT_BASE for the ports.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { bucketFigures, inviteBucket, watchJournal } from "./atlas-bucket";
import type { BucketFigures } from "./atlas-bucket";
import { ORG_ID, rssMb, runStandalone, signIn, withStack } from "./stack";
import type { DbKind } from "./stack";

export interface BulkBenchFigures extends BucketFigures {
  db: DbKind;
  rows: number;
  bucket: { capacity: number; refillRate: number; refillDurationSeconds: number };
  /** POST …/bulk (the dry run: Atlas reads and the plan), ms. */
  planMs: number;
  /** From POST …/start to the run's status `done` as its page reads it, s. */
  runSeconds: number;
  /** Rows the run ended `failed` (goal 0) and rows not in Atlas at the end (goal 0). */
  failedRows: number;
  missingInAtlas: number;
  journalOverflowed: boolean;
  consoleRssMb: number;
  loadavg: number[];
}

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} bulk: ${s}\n`);

interface RunView {
  id: string;
  status: string;
  total: number;
  states: Record<string, number>;
  buckets: Record<string, number>;
}

async function api<T>(url: string, cookie: string, origin: string, method = "GET", body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: {
      cookie,
      ...(method === "GET" ? {} : { Origin: origin }),
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** One bulk import of `rows` new addresses on `kind`, the simulator and the console started and stopped here. */
export async function benchBulk(
  kind: DbKind,
  rows = Number(process.env.BENCH_BULK_ROWS ?? 500),
): Promise<BulkBenchFigures> {
  const bucket = inviteBucket();
  return withStack(kind, { rateLimits: { orgUsers: bucket } }, async ({ sim, con }) => {
    const cookie = await signIn(con.url);
    const base = `${con.url}/api/orgs/${ORG_ID}/bulk`;
    const stamp = Date.now().toString(36);
    const emails = Array.from({ length: rows }, (_, i) => `bulk-${stamp}-${i}@example.com`);
    // The bucket starts full here: a reset sets every bucket back to its capacity (and clears the journal).
    await fetch(`${sim.url}/__sim/reset`, { method: "POST" });
    const journal = watchJournal(sim.url);
    log(`${kind}: planning ${rows} rows`);
    let t = performance.now();
    const planned = await api<{ run: RunView }>(base, cookie, con.url, "POST", {
      label: "bench.csv",
      csv: `email\n${emails.join("\n")}\n`,
    });
    const planMs = performance.now() - t;
    if (planned.run.buckets.ready !== rows) {
      throw new Error(
        `the plan has ${planned.run.buckets.ready} ready rows of ${rows}: ${JSON.stringify(planned.run.buckets)}`,
      );
    }
    log(`${kind}: planned in ${planMs.toFixed(0)} ms; starting`);
    t = performance.now();
    await api(`${base}/${planned.run.id}/start`, cookie, con.url, "POST");
    let run: RunView = planned.run;
    let shown = 0;
    for (;;) {
      run = (await api<{ run: RunView }>(`${base}/${planned.run.id}`, cookie, con.url)).run;
      if (run.status === "done" || run.status === "cancelled") break;
      const done = run.states.done ?? 0;
      if (done - shown >= 100) {
        shown = done;
        log(`${kind}: ${done}/${rows} after ${((performance.now() - t) / 1000).toFixed(0)} s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const runSeconds = (performance.now() - t) / 1000;
    const consoleRssMb = rssMb(con.proc.pid!);
    await journal.stop();
    const figures = bucketFigures(journal.entries, emails, bucket);
    const { missing, ...rest } = figures;
    return {
      db: kind,
      rows,
      bucket,
      planMs,
      runSeconds,
      failedRows: run.states.failed ?? 0,
      missingInAtlas: missing,
      journalOverflowed: journal.overflowed(),
      consoleRssMb,
      loadavg: os.loadavg().map((n) => +n.toFixed(2)),
      ...rest,
    };
  });
}

/** One line per figure, with its goal. */
export function formatBulk(f: BulkBenchFigures): string {
  return [
    `bulk import on ${f.db}: ${f.rows} rows, bucket ${f.bucket.capacity} + ${f.bucket.refillRate} per ${f.bucket.refillDurationSeconds} s (load ${f.loadavg.join(" ")})`,
    `  plan (dry run)            ${f.planMs.toFixed(0)} ms`,
    `  first call → last create  ${f.spanSeconds.toFixed(0)} s vs bound ${f.boundSeconds} s for ${f.chargedCalls} charged calls = ${f.ratio.toFixed(3)}× (goal ≤ 1.15×)`,
    `    vs the creates alone     bound ${f.createsBoundSeconds} s for ${f.creates} creates = ${f.createsRatio.toFixed(3)}×`,
    `  start → run done          ${f.runSeconds.toFixed(1)} s`,
    `  creates ${f.creates}, duplicates ${f.duplicateCreates} (goal 0), failed rows ${f.failedRows} (goal 0), missing in Atlas ${f.missingInAtlas} (goal 0), Atlas 429s ${f.atlas429}`,
    `  console RSS at the end ${f.consoleRssMb.toFixed(0)} MB${f.journalOverflowed ? "; JOURNAL OVERFLOWED (figures incomplete)" : ""}`,
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(benchBulk, formatBulk);
