// Many orgs (issue 18, item 7): a company with 200 Atlas orgs, one per business unit, on two console instances over
// one fresh PostgreSQL database. After `npx next build`:
//   node --conditions=react-server --import tsx bench/orgs.ts
// The simulator holds the demo plus 200 generated orgs (`orgs+200`) that the Demo Org owner owns, with per-org
// buckets of 100 calls a minute and every Atlas answer delayed by BENCH_ATLAS_MS (default 100 ms, a round trip to
// Atlas). The first org list assigns every org its route (probing Owner); then one scheduled tick is queued as
// pg-boss's cron queues it, and the bench waits until every org's ledger has synced. Figures: the sync's wall time
// for 201 orgs against the interval, the orgs each instance synced (pg-boss shares them), Atlas calls per org per
// sync and per hour at LEDGER_SYNC_MINUTES, the most calls any org got in a minute against its bucket, and, in the
// same run, the same reads sent straight to the simulator (8 at a time) as a baseline.
//   BENCH_ORGS (200), BENCH_ATLAS_MS (100), TEST_DATABASE_URL (required), E2E_PORT_BASE (ports 4021+, 3021+)
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PgBoss } from "pg-boss";
import { serverNodeArgs } from "../scripts/server-node-args.mjs";
import { demoSeedWithOrgs } from "../sim/src/demo-seed";
import type { EndpointSetName, RateLimitSetting } from "../sim/src/seed-types";
import { ROOT, SA, consoleEnv, freshPostgres, signIn } from "./stack";

const base = Number(process.env.E2E_PORT_BASE ?? 400);
// Beside bench/stack.ts's simulator (4020+base) and console (3020+base), so both benches can share a base.
// 3022+base is skipped: with the usual base of 1200 it is 4222, NATS's default port, often taken.
const PORTS = { sim: 4021 + base, consoles: [3021 + base, 3023 + base] };
const INTERVAL_MINUTES = 15; // LEDGER_SYNC_MINUTES' default
/** The buckets the sync spends, per org (or per project) and minute. */
const PER_ORG_PER_MINUTE = 100;
const LIMITS: Partial<Record<EndpointSetName, RateLimitSetting>> = {
  org: { capacity: PER_ORG_PER_MINUTE },
  orgUsers: { capacity: PER_ORG_PER_MINUTE },
  orgGroups: { capacity: PER_ORG_PER_MINUTE },
  groupInvites: { capacity: PER_ORG_PER_MINUTE },
};

export interface OrgsBench {
  orgs: number;
  atlasMs: number;
  loadAverage: number;
  intervalMinutes: number;
  /** GET /api/orgs the first time: every org probed for Owner and routed. */
  firstOrgListMs: number;
  /** One tick: from queueing it to the last org's successful sync. */
  syncWallMs: number;
  /** syncWallMs / the interval (≤ 1: every org synced within its interval). */
  syncOfInterval: number;
  /** The same Atlas reads sent straight to the simulator, 8 at a time. */
  directWallMs: number;
  /** Orgs synced by each instance. */
  perInstance: number[];
  syncedOrgs: number;
  failedOrgs: number;
  atlasCallsPerOrgPerSync: { mean: number; max: number };
  atlasCallsPerOrgPerHour: number;
  maxCallsPerOrgPerMinute: number;
  bucketPerOrgPerMinute: number;
  rateLimited: number;
  lowestRateLimitRemaining: number | null;
}

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} orgs: ${s}\n`);

interface Proc {
  proc: ChildProcess;
  url: string;
  /** Lines of its log that say an org was synced. */
  synced: () => number;
  tail: () => string;
  stop: () => Promise<void>;
}

/** Spawns a process and resolves once `url + probe` answers, or, with `logged`, once its log shows that text. */
async function spawnReady(
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
  probe: string,
  logged?: string,
): Promise<Proc> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  let partial = "";
  let synced = 0;
  proc.stdout!.on("data", (d: Buffer) => {
    const lines = (partial + d.toString()).split("\n");
    partial = lines.pop()!;
    for (const l of lines) if (l.includes('"msg":"ledger sync"')) synced++;
    tail = (tail + d.toString()).slice(-8_000);
  });
  proc.stderr!.on("data", (d: Buffer) => (tail = (tail + d.toString()).slice(-8_000)));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
    const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = performance.now() + 600_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${args.join(" ")} exited (${proc.exitCode}):\n${tail}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${args.join(" ")} not ready:\n${tail}`);
    }
    const ok = logged
      ? tail.includes(logged)
      : await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(5_000) })
          .then((r) => r.status < 500)
          .catch(() => false);
    if (ok) return { proc, url, synced: () => synced, tail: () => tail, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface JournalEntry {
  time: string;
  path: string;
  status: number | null;
}

/** The org an Atlas call spends: /orgs/{orgId}/… or a project's (/groups/{groupId}/…). */
function orgOfCall(p: string, orgOfProject: Map<string, string>): string | null {
  const org = /^\/api\/atlas\/v2\/orgs\/([0-9a-f]{24})(\/|$)/.exec(p);
  if (org) return org[1]!;
  const group = /^\/api\/atlas\/v2\/groups\/([0-9a-f]{24})(\/|$)/.exec(p);
  return group ? (orgOfProject.get(group[1]!) ?? null) : null;
}

/** The sync's reads of one org straight to the simulator: people, projects, each project's invitations. */
async function directSync(simUrl: string, token: string, orgId: string): Promise<void> {
  const get = async (p: string, version: string) => {
    const res = await fetch(`${simUrl}/api/atlas/v2${p}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: `application/vnd.atlas.${version}+json` },
    });
    if (res.status !== 200) throw new Error(`direct ${p}: ${res.status}`);
    return res.json() as Promise<{ results?: { id: string }[] }>;
  };
  const statuses = ["PENDING", "ACTIVE", "INVITATION_EXPIRED", "INVITATION_REJECTED"]
    .map((s) => `orgMembershipStatuses=${s}`)
    .join("&");
  await get(`/orgs/${orgId}/users?${statuses}&itemsPerPage=500&pageNum=1`, "2025-02-19");
  const projects = await get(`/orgs/${orgId}/groups?itemsPerPage=500&pageNum=1`, "2023-01-01");
  for (const p of projects.results ?? []) await get(`/groups/${p.id}/invites`, "2023-01-01");
}

export async function runOrgsBench(
  opts: { orgs?: number; atlasMs?: number; databaseServer?: string } = {},
): Promise<OrgsBench> {
  const orgs = opts.orgs ?? Number(process.env.BENCH_ORGS ?? 200);
  const atlasMs = opts.atlasMs ?? Number(process.env.BENCH_ATLAS_MS ?? 100);
  const server = opts.databaseServer ?? process.env.TEST_DATABASE_URL;
  if (!server) throw new Error("bench/orgs.ts needs TEST_DATABASE_URL (two instances share one PostgreSQL)");
  const work = mkdtempSync(path.join(os.tmpdir(), "invite-console-bench-orgs-"));
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(work, { recursive: true, force: true })];
  try {
    const seed = { ...demoSeedWithOrgs(Date.now(), orgs), rateLimits: LIMITS };
    const orgIds = seed.orgs!.filter((o) => seed.serviceAccounts![0]!.orgRoles[o.id!]).map((o) => o.id!);
    const orgOfProject = new Map(seed.orgs!.flatMap((o) => (o.projects ?? []).map((p) => [p.id!, o.id!])));
    const seedFile = path.join(work, "seed.json");
    writeFileSync(seedFile, JSON.stringify(seed));
    const simUrl = `http://127.0.0.1:${PORTS.sim}`;
    const sim = await spawnReady(
      ["--import", "tsx", "sim/src/main.ts"],
      { ...process.env, SIM_HOST: "127.0.0.1", SIM_PORT: String(PORTS.sim), SIM_SEED: seedFile },
      simUrl,
      "/__sim/stats",
    );
    cleanups.push(sim.stop);
    const control = (method: string, p: string, body?: unknown) =>
      fetch(`${simUrl}/__sim${p}`, {
        method,
        headers: { "Content-Type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    if (atlasMs > 0) await control("POST", "/faults", { delayMs: atlasMs, times: 100_000_000 });

    const db = await freshPostgres(server, "bench_orgs");
    cleanups.push(db.drop);
    const consoles: Proc[] = [];
    for (const [i, port] of PORTS.consoles.entries()) {
      const url = `http://127.0.0.1:${port}`;
      const env: NodeJS.ProcessEnv = {
        ...consoleEnv(port, simUrl, mkdtempSync(path.join(work, "data-"))),
        DATABASE_URL: db.url,
        // The bench queues the tick itself; a daily schedule keeps a cron tick from adding a second round
        // mid-measure. The figures are judged against the default interval (15 minutes).
        LEDGER_SYNC_MINUTES: "1440",
        // "ledger sync" lines count the orgs each instance synced.
        LOG_LEVEL: "info",
      };
      // The second starts once the first has migrated the database and created the demo admin.
      const first = i === 0 ? "demo admin ready" : undefined;
      const c = await spawnReady([...serverNodeArgs(), "scripts/server.mjs"], env, url, "/sign-in", first);
      consoles.push(c);
      cleanups.push(c.stop);
    }
    // Both answering.
    for (const c of consoles) {
      const deadline = performance.now() + 600_000;
      while (
        !(await fetch(`${c.url}/sign-in`, { signal: AbortSignal.timeout(5_000) })
          .then((r) => r.status < 500)
          .catch(() => false))
      ) {
        if (performance.now() > deadline) throw new Error(`${c.url} not ready:\n${c.tail()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    log(`simulator with ${orgIds.length} orgs (${atlasMs} ms per call), two consoles on ${db.url}`);

    const cookie = await signIn(consoles[0]!.url);
    let t = performance.now();
    const list = await fetch(`${consoles[0]!.url}/api/orgs`, { headers: { Cookie: cookie } });
    if (list.status !== 200) throw new Error(`GET /api/orgs answered ${list.status}`);
    const listed = ((await list.json()) as { orgs: { connectionId: string | null }[] }).orgs;
    const firstOrgListMs = performance.now() - t;
    log(`first org list: ${listed.length} orgs, ${Math.round(firstOrgListMs)} ms`);

    // One tick, as pg-boss's cron queues it on one instance.
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    cleanups.push(() => client.end());
    const boss = new PgBoss({
      connectionString: db.url,
      schema: "pgboss",
      supervise: false,
      schedule: false,
    });
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: false, close: true }));
    await control("DELETE", "/requests");
    const before = consoles.map((c) => c.synced());
    const startedAt = new Date();
    t = performance.now();
    await boss.send("ledger-sync", {});
    const count = async () =>
      (
        await client.query<{ done: number; failed: number; lowest: number | null }>(
          `select count(*) filter (where last_success_at >= $1)::int as done,
                  count(*) filter (where last_finished_at >= $1 and last_error is not null)::int as failed,
                  min(lowest_ratelimit_remaining) as lowest
             from ledger_sync_state`,
          [startedAt],
        )
      ).rows[0]!;
    let state = await count();
    const deadline = performance.now() + INTERVAL_MINUTES * 60_000;
    while (state.done < orgIds.length && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      state = await count();
    }
    const syncWallMs = performance.now() - t;
    log(`synced ${state.done}/${orgIds.length} in ${Math.round(syncWallMs)} ms`);
    // Let the last log lines arrive.
    await new Promise((r) => setTimeout(r, 500));
    const perInstance = consoles.map((c, i) => c.synced() - before[i]!);

    const journal = (await (await control("GET", "/requests")).json()) as JournalEntry[];
    const perOrg = new Map<string, number>();
    const perOrgMinute = new Map<string, number>();
    for (const e of journal) {
      const org = orgOfCall(e.path, orgOfProject);
      if (!org) continue;
      perOrg.set(org, (perOrg.get(org) ?? 0) + 1);
      const key = `${org} ${e.time.slice(0, 16)}`;
      perOrgMinute.set(key, (perOrgMinute.get(key) ?? 0) + 1);
    }
    const calls = orgIds.map((id) => perOrg.get(id) ?? 0);
    const mean = calls.reduce((a, b) => a + b, 0) / calls.length;
    const stats = (await (await control("GET", "/stats")).json()) as { rateLimited: number };

    // Baseline, same run: the same reads sent straight to the simulator, 8 orgs at a time.
    const tokenRes = await fetch(`${simUrl}/api/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${SA.clientId}:${SA.clientSecret}`).toString("base64")}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    await control("POST", "/reset", {});
    if (atlasMs > 0) await control("POST", "/faults", { delayMs: atlasMs, times: 100_000_000 });
    t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < orgIds.length) await directSync(simUrl, token, orgIds[next++]!);
      }),
    );
    const directWallMs = performance.now() - t;

    return {
      orgs: orgIds.length,
      atlasMs,
      loadAverage: os.loadavg()[0]!,
      intervalMinutes: INTERVAL_MINUTES,
      firstOrgListMs: Math.round(firstOrgListMs),
      syncWallMs: Math.round(syncWallMs),
      syncOfInterval: syncWallMs / (INTERVAL_MINUTES * 60_000),
      directWallMs: Math.round(directWallMs),
      perInstance,
      syncedOrgs: state.done,
      failedOrgs: state.failed,
      atlasCallsPerOrgPerSync: { mean, max: Math.max(...calls) },
      atlasCallsPerOrgPerHour: mean * (60 / INTERVAL_MINUTES),
      maxCallsPerOrgPerMinute: Math.max(0, ...perOrgMinute.values()),
      bucketPerOrgPerMinute: PER_ORG_PER_MINUTE,
      rateLimited: stats.rateLimited,
      lowestRateLimitRemaining: state.lowest,
    };
  } finally {
    for (const f of cleanups.reverse()) await f().catch(() => undefined);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  runOrgsBench().then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
