// The audit log and the invitation ledger at 1,000,000 rows each, read through the console's HTTP API: pages of
// the audit (first, filtered by actor / action / dates, deep), the ledger's tabs, and the filtered CSV export
// streamed with the console's RSS sampled every 100 ms. The rows are written with SQL (generate_series) spread
// over 40 console users, 12 actions, 20 orgs (the demo org among them) and a year of dates; on PGlite the
// console is stopped while its files are filled (one process per data directory), then started again.
// Goals: a page ≤ 100 ms p95; the export in constant memory (RSS growth small, not proportional to rows).
//   node --conditions=react-server --import tsx bench/audit.ts   (after `npx next build`)
//   BENCH_AUDIT_ROWS (default 1,000,000), BENCH_LEDGER_ROWS (default = audit rows), BENCH_AUDIT_SAMPLES
//   (default 30), BENCH_LEDGER_TABS (default "cancelled,accepted,pending"), BENCH_AUDIT_EXPORTS (default "action,org,all"), BENCH_DB=pglite|postgres, TEST_DATABASE_URL for PostgreSQL, E2E_PORT_BASE for the ports.
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { quantile } from "./load";
import {
  ORG_ID,
  freshPostgres,
  newDataDir,
  rssMb,
  runStandalone,
  signIn,
  startConsole,
  startSim,
} from "./stack";
import type { Child, DbKind } from "./stack";

const ACTIONS = [
  "invitation.created",
  "invitation.cancelled",
  "invitation.renewed",
  "invitation.updated",
  "auth.signed_in",
  "auth.sign_in_failed",
  "member.removed",
  "user.role_changed",
  "bulk.started",
  "approval.requested",
  "request.refused",
  "invitation.migrated",
];
const ORGS = 20;
const ACTORS = 40;
/** One row every 30 s: a million rows are a year of a busy console. */
const STEP_SECONDS = 30;

/** The demo org and 19 others (24 hex digits each). */
const orgIdSql = (g: string) =>
  `case when ${g} % ${ORGS} = 0 then '${ORG_ID}' else '5f20' || lpad(to_hex(${g} % ${ORGS}), 20, '0') end`;

/** audit_rows 1..n, newest first from `now`. */
export function auditInsertSql(n: number): string {
  const actions = `(array[${ACTIONS.map((a) => `'${a}'`).join(",")}])[1 + (g % ${ACTIONS.length})]`;
  return `insert into audit_rows (id, created_at, completed_at, user_id, user_email, ip, user_agent, action,
      connection_id, org_id, target_email, target_id, grants, outcome, atlas_status, detail)
    select 'bench-audit-' || g,
      date_trunc('milliseconds', now()) - g * interval '${STEP_SECONDS} seconds',
      date_trunc('milliseconds', now()) - g * interval '${STEP_SECONDS} seconds' + interval '300 milliseconds',
      'user-' || ((g * 7) % ${ACTORS}),
      'user' || ((g * 7) % ${ACTORS}) || '@corp.example',
      '10.0.' || (g % 250) || '.' || (g % 199),
      'Mozilla/5.0 (bench)',
      ${actions},
      'env',
      ${orgIdSql("g")},
      'person' || g || '@example.com',
      lpad(to_hex(g), 24, '0'),
      '{"orgRoles":["ORG_MEMBER"],"teamIds":[],"projectRoles":[]}'::jsonb,
      case when g % 53 = 0 then 'refused' when g % 17 = 0 then 'failure' else 'success' end,
      case when g % 17 = 0 then 400 else 201 end,
      null
    from generate_series(1, ${n}) g`;
}

/**
 * invitation_ledger 1..n: the demo org's rows are closed (accepted, expired, rejected, cancelled), so that the
 * console's ledger sync, which compares pending rows with Atlas, leaves them as they are while they are read.
 */
export function ledgerInsertSql(n: number): string {
  const closed = `(array['accepted','expired','rejected','cancelled'])[1 + ((g / ${ORGS}) % 4)]`;
  const any = `(array['pending','accepted','expired','rejected','cancelled'])[1 + ((g / ${ORGS}) % 5)]`;
  return `insert into invitation_ledger (id, connection_id, org_id, email, source, project_id, status, grants,
      user_id, inviter, created_by_email, atlas_created_at, expires_at, status_changed_at, last_seen_at,
      created_at, updated_at)
    select 'bench-ledger-' || g, 'env', ${orgIdSql("g")}, 'person' || g || '@example.com', 'users', '',
      case when g % ${ORGS} = 0 then ${closed} else ${any} end,
      '{"orgRoles":["ORG_MEMBER"],"teamIds":[],"projectRoles":[]}'::jsonb,
      lpad(to_hex(g), 24, '0'), 'user' || ((g * 7) % ${ACTORS}) || '@corp.example',
      'user' || ((g * 7) % ${ACTORS}) || '@corp.example',
      now() - g * interval '${STEP_SECONDS} seconds',
      now() - g * interval '${STEP_SECONDS} seconds' + interval '30 days',
      now() - g * interval '${STEP_SECONDS} seconds' + interval '1 day',
      now(), now() - g * interval '${STEP_SECONDS} seconds', now()
    from generate_series(1, ${n}) g`;
}

export interface Latency {
  p50: number;
  p95: number;
  max: number;
  samples: number;
  /** Rows in the answer, and the answer's `total` where it has one. */
  rows: number;
  total?: number;
}

export interface AuditBenchFigures {
  db: DbKind;
  auditRows: number;
  ledgerRows: number;
  /** SQL insert of the rows (and ANALYZE), s. */
  insertSeconds: { audit: number; ledger: number; analyze: number };
  /** GET /api/audit…, ms: goal p95 ≤ 100. */
  audit: Record<string, Latency & { query: string }>;
  /** GET /api/orgs/{demo}/ledger?status=…, ms: goal p95 ≤ 100. */
  ledger: Record<string, Latency & { query: string }>;
  /** GET /api/audit/export?… streamed. */
  export: {
    query: string;
    seconds: number;
    bytes: number;
    lines: number;
    /** Console RSS (MB): before, the highest while streaming (sampled every 100 ms), after, and samples taken. */
    rssBeforeMb: number;
    rssMaxMb: number;
    rssAfterMb: number;
    rssSamples: number;
    /** rssMaxMb − rssBeforeMb: goal small and not proportional to rows. */
    rssGrowthMb: number;
  }[];
  consoleRssMb: number;
  loadavg: number[];
}

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} audit: ${s}\n`);

async function timedGets(url: string, cookie: string, samples: number): Promise<Latency> {
  let n = samples;
  const ms: number[] = [];
  let rows = 0;
  let total: number | undefined;
  // One warm-up request (the route's first compile and the query's first plan are not what is measured). A
  // route slower than 2 s is sampled 5 times only (the figure says how many), so that the bench ends.
  for (let i = 0; i <= n; i++) {
    const s = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const text = await res.text();
    const took = performance.now() - s;
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
    if (i === 0) {
      if (took > 2000) n = Math.min(n, 5);
      const body = JSON.parse(text) as { rows?: unknown[]; invitations?: unknown[]; total?: number };
      rows = (body.rows ?? body.invitations ?? []).length;
      total = body.total;
      continue;
    }
    ms.push(took);
  }
  return {
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    max: Math.max(...ms),
    samples: ms.length,
    rows,
    total,
  };
}

async function streamedExport(con: Child, cookie: string, query: string) {
  const pid = con.proc.pid!;
  const rssBeforeMb = rssMb(pid);
  let rssMaxMb = rssBeforeMb;
  let rssSamples = 0;
  const sampler = setInterval(() => {
    rssSamples++;
    rssMaxMb = Math.max(rssMaxMb, rssMb(pid));
  }, 100);
  const t = performance.now();
  let bytes = 0;
  let lines = 0;
  try {
    const res = await fetch(`${con.url}/api/audit/export?${query}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t) / 1000;
  const rssAfterMb = rssMb(pid);
  rssMaxMb = Math.max(rssMaxMb, rssAfterMb);
  return {
    query,
    seconds,
    bytes,
    lines,
    rssBeforeMb,
    rssMaxMb,
    rssAfterMb,
    rssSamples,
    rssGrowthMb: rssMaxMb - rssBeforeMb,
  };
}

/** Runs `sql` statements on the store: node-postgres for PostgreSQL, PGlite on the (stopped) console's files. */
async function fill(kind: DbKind, target: string, statements: string[]): Promise<number[]> {
  const out: number[] = [];
  if (kind === "postgres") {
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    try {
      for (const s of statements) {
        const t = performance.now();
        await c.query(s);
        out.push((performance.now() - t) / 1000);
      }
    } finally {
      await c.end();
    }
    return out;
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(path.join(target, "pglite"));
  try {
    for (const s of statements) {
      const t = performance.now();
      await db.exec(s);
      out.push((performance.now() - t) / 1000);
    }
  } finally {
    await db.close();
  }
  return out;
}

/** Fills, then reads: `auditRows` audit rows and `ledgerRows` ledger rows on `kind`. */
export async function benchAudit(
  kind: DbKind,
  auditRows = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000),
  ledgerRows = Number(process.env.BENCH_LEDGER_ROWS ?? auditRows),
  samples = Number(process.env.BENCH_AUDIT_SAMPLES ?? 30),
): Promise<AuditBenchFigures> {
  const pg = kind === "postgres" ? await freshPostgres() : null;
  const sim = await startSim(0);
  const dataDir = newDataDir();
  let con: Child | null = null;
  try {
    con = await startConsole(sim.url, pg?.url, [], dataDir);
    // The console migrated the database; on PGlite it holds the files, so it stops while they are filled.
    if (kind === "pglite") await con.stop();
    log(
      `${kind}: inserting ${auditRows.toLocaleString("en")} audit rows and ${ledgerRows.toLocaleString("en")} ledger rows`,
    );
    const [auditS, ledgerS, analyzeS] = await fill(kind, pg?.url ?? dataDir, [
      auditInsertSql(auditRows),
      ledgerInsertSql(ledgerRows),
      // What autovacuum does on PostgreSQL after a bulk load (PGlite runs no autovacuum): statistics, and the
      // visibility map that lets a count read the index alone (without it the ledger's counts scan the table).
      "vacuum (analyze) audit_rows, invitation_ledger",
    ]);
    log(
      `${kind}: inserted in ${auditS!.toFixed(1)} s + ${ledgerS!.toFixed(1)} s, analyze ${analyzeS!.toFixed(1)} s`,
    );
    if (kind === "pglite") con = await startConsole(sim.url, undefined, [], dataDir);
    const cookie = await signIn(con.url);

    // A week in the middle of the year, an actor, an action: each a filter of the Audit page.
    const day = 86_400_000;
    const from = new Date(Date.now() - 200 * day).toISOString();
    const to = new Date(Date.now() - 193 * day).toISOString();
    const deepPage = Math.min(100_000, Math.max(2, Math.floor(auditRows / 2 / 50)));
    const auditQueries: Record<string, string> = {
      first: "",
      actor: "user=user7%40corp.example",
      action: "action=invitation.cancelled",
      dates: `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      actorActionDates: `user=user7%40corp.example&action=invitation.cancelled&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      org: `org=${ORG_ID}`,
      target: "target=person4242",
      deepPage: `page=${deepPage}`,
    };
    // The cursor of a row half-way down the log (GET /api/audit answers nextCursor; older builds do not).
    const half = new Date(Date.now() - (auditRows / 2) * STEP_SECONDS * 1000).toISOString();
    const probe = (await (
      await fetch(`${con.url}/api/audit?to=${encodeURIComponent(half)}&pageSize=1`, { headers: { cookie } })
    ).json()) as { nextCursor?: string | null };
    if (probe.nextCursor) auditQueries.deepCursor = `cursor=${encodeURIComponent(probe.nextCursor)}`;
    const audit: AuditBenchFigures["audit"] = {};
    for (const [name, q] of Object.entries(auditQueries)) {
      const l = await timedGets(`${con.url}/api/audit${q ? `?${q}` : ""}`, cookie, samples);
      audit[name] = { query: q, ...l };
      log(
        `${kind}: audit ${name}: p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms (${l.rows} rows, total ${l.total})`,
      );
    }
    const ledger: AuditBenchFigures["ledger"] = {};
    for (const tab of (process.env.BENCH_LEDGER_TABS ?? "cancelled,accepted,pending").split(",")) {
      const q = `status=${tab}`;
      const l = await timedGets(`${con.url}/api/orgs/${ORG_ID}/ledger?${q}`, cookie, samples);
      ledger[tab] = { query: q, ...l };
      log(`${kind}: ledger ${tab}: p50 ${l.p50.toFixed(0)} ms, p95 ${l.p95.toFixed(0)} ms (${l.rows} rows)`);
    }
    const exports: AuditBenchFigures["export"] = [];
    const which = (process.env.BENCH_AUDIT_EXPORTS ?? "action,org,all").split(",");
    const exportQueries = { action: "action=invitation.created", org: `org=${ORG_ID}`, all: "" };
    for (const [name, q] of Object.entries(exportQueries)) {
      if (!which.includes(name)) continue;
      const e = await streamedExport(con, cookie, q);
      exports.push(e);
      log(
        `${kind}: export ${q || "(all)"}: ${e.lines} lines, ${(e.bytes / 1e6).toFixed(1)} MB in ${e.seconds.toFixed(1)} s, ` +
          `RSS ${e.rssBeforeMb.toFixed(0)} → max ${e.rssMaxMb.toFixed(0)} MB`,
      );
    }
    return {
      db: kind,
      auditRows,
      ledgerRows,
      insertSeconds: { audit: auditS!, ledger: ledgerS!, analyze: analyzeS! },
      audit,
      ledger,
      export: exports,
      consoleRssMb: rssMb(con.proc.pid!),
      loadavg: os.loadavg().map((n) => +n.toFixed(2)),
    };
  } finally {
    await con?.stop();
    await sim.stop();
    await pg?.drop();
  }
}

/** One line per figure, with its goal. */
export function formatAudit(f: AuditBenchFigures): string {
  const lat = (name: string, l: Latency) =>
    `  ${name.padEnd(22)} p50 ${l.p50.toFixed(0).padStart(5)} ms  p95 ${l.p95.toFixed(0).padStart(5)} ms (goal ≤ 100)  ${l.rows} rows${l.total === undefined ? "" : ` of ${l.total}`}`;
  return [
    `audit and ledger on ${f.db}: ${f.auditRows.toLocaleString("en")} audit rows, ${f.ledgerRows.toLocaleString("en")} ledger rows (load ${f.loadavg.join(" ")})`,
    `  insert: audit ${f.insertSeconds.audit.toFixed(1)} s, ledger ${f.insertSeconds.ledger.toFixed(1)} s, analyze ${f.insertSeconds.analyze.toFixed(1)} s`,
    ...Object.entries(f.audit).map(([k, l]) => lat(`audit ${k}`, l)),
    ...Object.entries(f.ledger).map(([k, l]) => lat(`ledger ${k}`, l)),
    ...f.export.map(
      (e) =>
        `  export ${(e.query || "(all)").padEnd(30)} ${e.lines} lines, ${(e.bytes / 1e6).toFixed(1)} MB in ${e.seconds.toFixed(1)} s; ` +
        `RSS ${e.rssBeforeMb.toFixed(0)} → max ${e.rssMaxMb.toFixed(0)} MB (+${e.rssGrowthMb.toFixed(0)}, goal small and not ∝ rows), ${e.rssSamples} samples`,
    ),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) await runStandalone(benchAudit, formatAudit);
