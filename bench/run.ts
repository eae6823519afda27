// `npm run bench` (after `npx next build`): the console measured against Atlas itself in the same run, on
// PGlite and, when TEST_DATABASE_URL is set, again on a fresh PostgreSQL database. Prints a table of figures
// and ratios against the goals and writes bench/results.json. Not a test: the machine's load moves absolute
// numbers, so throughput and latency are always compared with the direct Atlas calls measured beside them.
//   BENCH_LOAD_SECONDS   mixed load before the second RSS reading (default 60; 600 is the full run)
//   BENCH_ROUND_SECONDS  length of each throughput round (default 5; 3 rounds console, 3 direct, interleaved)
//   BENCH_BROWSER=0      skip Chromium; BENCH_DB=pglite|postgres to run only one database
//   E2E_PORT_BASE        moves the bench's ports (simulator 4020+base, console 3020+base)
//   BENCH_PARTS          what to run, comma-separated (default all): core (throughput, latency, RSS, browser),
//                        idle (bench/idle.ts), bulk (bench/bulk.ts), scim (bench/scim.ts), audit (bench/audit.ts),
//                        orgs (bench/orgs.ts, PostgreSQL only). Each part starts its own simulator and console.
//                        firstrow: core's Chromium figures alone (first row and whole list at each size).
//   BENCH_RESULTS        where the figures are written (default bench/results.json; a focused run elsewhere)
//   BENCH_FIRST_ROW_SIZES extra pending invitations for the Chromium figures (default 1000,10000,50000);
//                        BENCH_FIRST_ROW_LOADS page loads at each (default 3)
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchAudit } from "./audit";
import { benchBulk } from "./bulk";
import { IDLE_SECONDS, idleCpu } from "./idle";
import { bigReads, memoryBreakdown } from "./memory";
import { runOrgsBench } from "./orgs";
import { benchScim } from "./scim";
import { launch, firstLoadJs, signedInContext } from "./browser";
import { FIRST_ROW_SIZES, firstRowAt } from "./first-row";
import {
  atlasCallsOf,
  atlasToken,
  closedLoop,
  directCall,
  getJson,
  mixedLoad,
  quantile,
  sequential,
} from "./load";
import type { Call } from "./load";
import { report } from "./report";
import type { DbRun, Results } from "./report";
import { ORG_ID, ROOT, freshPostgres, rssMb, signIn, simStats, startConsole, startSim } from "./stack";
import type { Child, DbKind } from "./stack";

const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const BROWSER = process.env.BENCH_BROWSER !== "0";
const WORKERS = 8;
const PARTS = new Set(
  (process.env.BENCH_PARTS ?? "core,idle,bulk,scim,audit,orgs").split(",").map((p) => p.trim()),
);
/** Quiet time after the mixed load before idle CPU is measured (pending requests, GC, a scheduled job). */
const IDLE_SETTLE_SECONDS = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? 20);

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

/** Throughput of two calls in interleaved rounds (the machine's load hits both alike). */
async function sideBySide(a: Call, b: Call, rounds: number) {
  const out = { a: { n: 0, s: 0, errors: 0 }, b: { n: 0, s: 0, errors: 0 } };
  for (let r = 0; r < rounds; r++) {
    for (const [k, call] of [
      ["a", a],
      ["b", b],
    ] as const) {
      const res = await closedLoop(call, WORKERS, ROUND_SECONDS);
      out[k].n += res.latencies.length;
      out[k].s += ROUND_SECONDS;
      out[k].errors += res.errors;
    }
  }
  return { a: out.a.n / out.a.s, b: out.b.n / out.b.s, errors: out.a.errors + out.b.errors };
}

/** Sequential latency of two calls, interleaved in rounds. */
async function latencies(a: Call, b: Call, rounds: number, perRound: number) {
  const la: number[] = [];
  const lb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    la.push(...(await sequential(a, perRound)));
    lb.push(...(await sequential(b, perRound)));
  }
  return { a: la, b: lb };
}

async function scalePaths(kind: DbKind, run: DbRun): Promise<void> {
  if (PARTS.has("bulk")) {
    log(`${kind}: bulk import (bench/bulk.ts)`);
    run.bulk = await benchBulk(kind);
  }
  if (PARTS.has("scim")) {
    log(`${kind}: SCIM burst (bench/scim.ts)`);
    run.scim = await benchScim(kind);
  }
  if (PARTS.has("audit")) {
    log(`${kind}: audit and ledger at scale (bench/audit.ts)`);
    run.audit = await benchAudit(kind);
  }
}

/**
 * Chromium at each of FIRST_ROW_SIZES (bench/first-row.ts): the simulator restarted with that many extra pending
 * invitations each time (the console stays), first-load JS at the first size and 16 big concurrent reads at
 * 10,000 when asked. Returns the simulator now running and the token calls of those stopped.
 */
async function browserAtScale(
  con: Child,
  cookie: string,
  first: Child,
  also: { firstLoadJs: boolean; bigReads: boolean },
): Promise<{ sim: Child; tokens: number; benchTokens: number; figures: Partial<DbRun> }> {
  let sim = first;
  let tokens = 0;
  let benchTokens = 0;
  const figures: Partial<DbRun> = { browser: [] };
  const browser = await launch();
  try {
    for (const extra of FIRST_ROW_SIZES) {
      tokens += (await simStats(sim.url)).tokensIssued;
      await sim.stop();
      log(`simulator with ${extra.toLocaleString("en")} extra pending invitations`);
      sim = await startSim(extra);
      log(`simulator ready in ${(sim.readyMs / 1000).toFixed(1)} s`);
      if (also.firstLoadJs && !figures.firstLoadJs) {
        log("browser: first-load JS");
        const context = await signedInContext(browser, con.url, cookie);
        figures.firstLoadJs = await firstLoadJs(context, con.url);
        await context.close();
      }
      figures.browser!.push(await firstRowAt(browser, con.url, cookie, sim.url, extra, log));
      benchTokens++;
      if (also.bigReads && extra === 10_000) {
        log("16 concurrent reads of the 10,000-invitation list (the heap cap)");
        figures.bigReads = { ...(await bigReads(con.url, cookie, 16)), rssAfterMb: rssMb(con.proc.pid!) };
      }
    }
  } finally {
    await browser.close();
  }
  return { sim, tokens, benchTokens, figures };
}

/** BENCH_PARTS=firstrow without core: only the Chromium figures at scale, on a console of their own. */
async function firstRowOnly(kind: DbKind, run: DbRun): Promise<void> {
  log(`${kind}: first row at ${FIRST_ROW_SIZES.join(", ")} extra invitations (bench/first-row.ts)`);
  const pg = kind === "postgres" ? await freshPostgres() : null;
  let sim: Child = await startSim(0);
  const con = await startConsole(sim.url, pg?.url);
  try {
    const scale = await browserAtScale(con, await signIn(con.url), sim, {
      firstLoadJs: false,
      bigReads: false,
    });
    sim = scale.sim;
    Object.assign(run, scale.figures);
  } finally {
    await con.stop();
    await sim.stop();
    await pg?.drop();
  }
}

async function runOn(kind: DbKind): Promise<DbRun> {
  log(`${kind}: starting the simulator and the console`);
  const pg = kind === "postgres" ? await freshPostgres() : null;
  let sim: Child = await startSim(0);
  let tokens = 0;
  // Tokens the bench itself asked for (its direct calls), apart from the console's.
  let benchTokens = 1;
  const con = await startConsole(sim.url, pg?.url);
  try {
    const run: DbRun = { db: kind, readyMs: con.readyMs, rssStartMb: rssMb(con.proc.pid!) } as DbRun;
    const cookie = await signIn(con.url);
    const h = { cookie };
    const consoleList = getJson(`${con.url}/api/orgs/${ORG_ID}/invitations`, h);
    const consoleOrgs = getJson(`${con.url}/api/orgs`, h);
    for (let i = 0; i < 10; i++) await consoleList();
    await consoleOrgs();
    const listCalls = await atlasCallsOf(sim.url, consoleList);
    const orgsCalls = await atlasCallsOf(sim.url, consoleOrgs);
    const token = await atlasToken(sim.url);
    const directList = directCall(sim.url, token, listCalls);
    const directOrgs = directCall(sim.url, token, orgsCalls);
    run.listAtlasCalls = listCalls.length;
    run.orgsAtlasCalls = orgsCalls.length;

    log(`${kind}: list throughput, ${WORKERS} concurrent, 3 × ${ROUND_SECONDS} s each side`);
    const tp = await sideBySide(consoleList, directList, 3);
    run.listPerSecond = { console: tp.a, direct: tp.b, errors: tp.errors };

    log(`${kind}: list latency, sequential`);
    const lat = await latencies(consoleList, directList, 4, 50);
    run.listLatency = {
      consoleP50: quantile(lat.a, 0.5),
      consoleP99: quantile(lat.a, 0.99),
      directP50: quantile(lat.b, 0.5),
      directP99: quantile(lat.b, 0.99),
    };

    log(`${kind}: get-session and /api/orgs, sequential`);
    // better-auth limits its own routes to 300 per minute and address (lib/server/auth/config.ts).
    const session = await sequential(getJson(`${con.url}/api/auth/get-session`, h), 100);
    run.getSessionMs = { p50: quantile(session, 0.5), p99: quantile(session, 0.99) };
    const orgs = await latencies(consoleOrgs, directOrgs, 2, 50);
    run.orgsMs = { console: quantile(orgs.a, 0.5), direct: quantile(orgs.b, 0.5) };

    log(`${kind}: where the added latency goes, sequential`);
    // A request refused without a session cookie (401: no session lookup, one upsert of the caller-minute's
    // refusal tally, lib/server/auth/refusals.ts) is about the floor of the server and the route wrapper; one
    // with a session and one small query adds the session check. The rest of the list's added latency is
    // routing, the Atlas client and the aggregation.
    // Next's own cost for a route handler: better-auth's /api/auth/ok without a cookie reads no database.
    const route = await sequential(getJson(`${con.url}/api/auth/ok`, {}), 100);
    const refused = await sequential(getJson(`${con.url}/api/orgs/${ORG_ID}/invitations`, {}, [401]), 100);
    const sessionOnly = await sequential(getJson(`${con.url}/api/account/notifications`, h), 100);
    run.floorMs = {
      route: quantile(route, 0.5),
      refused: quantile(refused, 0.5),
      sessionOnly: quantile(sessionOnly, 0.5),
    };

    log(`${kind}: mixed load for ${LOAD_SECONDS} s`);
    run.mixedLoad = { seconds: LOAD_SECONDS, ...(await mixedLoad(con.url, cookie, LOAD_SECONDS, WORKERS)) };
    run.rssAfterLoadMb = rssMb(con.proc.pid!);
    run.memoryAfterLoad = memoryBreakdown(con.proc.pid!);

    if (PARTS.has("idle")) {
      log(`${kind}: idle CPU over ${IDLE_SECONDS} s, after ${IDLE_SETTLE_SECONDS} s to settle`);
      await new Promise((r) => setTimeout(r, IDLE_SETTLE_SECONDS * 1000));
      run.idle = await idleCpu(con.proc.pid!, IDLE_SECONDS);
    }

    if (BROWSER) {
      const scale = await browserAtScale(con, cookie, sim, { firstLoadJs: true, bigReads: true });
      sim = scale.sim;
      tokens += scale.tokens;
      benchTokens += scale.benchTokens;
      Object.assign(run, scale.figures);
    }
    tokens += (await simStats(sim.url)).tokensIssued - 0;
    run.tokenCalls = {
      console: tokens - benchTokens,
      simulatorStarts: 1 + (run.browser?.length ?? 0),
    };
    return run;
  } finally {
    await con.stop();
    await sim.stop();
    await pg?.drop();
  }
}

async function main() {
  const kinds: DbKind[] = ["pglite"];
  if (process.env.TEST_DATABASE_URL) kinds.push("postgres");
  const only = process.env.BENCH_DB as DbKind | undefined;
  const results: Results = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((n) => +n.toFixed(2)),
      node: process.version,
    },
    settings: { loadSeconds: LOAD_SECONDS, roundSeconds: ROUND_SECONDS, workers: WORKERS },
    runs: [],
  };
  for (const kind of only ? kinds.filter((k) => k === only) : kinds) {
    const run = PARTS.has("core") ? await runOn(kind) : ({ db: kind } as DbRun);
    if (!PARTS.has("core") && PARTS.has("firstrow") && BROWSER) await firstRowOnly(kind, run);
    await scalePaths(kind, run);
    results.runs.push(run);
  }
  if (PARTS.has("orgs") && process.env.TEST_DATABASE_URL && only !== "pglite") {
    log("200 orgs on two instances over PostgreSQL (bench/orgs.ts)");
    results.orgs = await runOrgsBench();
  }
  const table = report(results);
  console.log(table);
  const out = process.env.BENCH_RESULTS ?? path.join(ROOT, "bench", "results.json");
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${out}`);
}

await main();
process.exit(0);
