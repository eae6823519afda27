// Where a console's memory is, read from outside (Linux /proc/<pid>/smaps) and from inside (the SIGUSR2 report
// of lib/server/memory-report.ts, when the console runs with MEMORY_REPORT=1), and whether the heap cap holds
// against the largest read: 16 concurrent reads of a 10,000-invitation list.
//   memoryBreakdown(pid)           resident MB by kind of mapping, for bench/run.ts
//   memoryReport(child)            the console's own report (V8 heap by space, external, array buffers)
//   bigReads(url, cookie, n)       n concurrent reads of the list at once, their statuses and times
//   node --import tsx bench/memory.ts   alone: PGlite (and PostgreSQL with TEST_DATABASE_URL; BENCH_DB picks one):
//                                       start, mixed load for BENCH_LOAD_SECONDS (default 120), then the
//                                       simulator with 10,000 extra invitations and BENCH_BIG_ROUNDS (3) rounds
//                                       of 16 reads; prints the breakdown at each step as JSON
//   E2E_PORT_BASE, BENCH_NODE_ARGS  as bench/idle.ts; BENCH_MEMORY_REPORT=0 skips the console's own report
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Child } from "./stack";

const MB = 1024;

export interface Resident {
  rssMb: number;
  /** PGlite's WebAssembly memory (resident pages; a memory that grew was copied whole, so all of it is). */
  wasmMemoryMb: number;
  /** File-backed pages: the node binary, shared libraries, mapped files. */
  filesMb: number;
  /** Every other anonymous page: V8's heap, compiled code (JavaScript and WebAssembly), malloc. */
  anonymousMb: number;
}

/**
 * Resident MB of a process by kind of mapping, from /proc/<pid>/smaps. A WebAssembly memory is the accessible
 * start of a reservation of several GB that V8 makes for it: a read-write anonymous mapping followed at once by
 * the inaccessible rest (nothing else in the process reserves that much).
 */
export function memoryBreakdown(pid: number): Resident {
  const maps: { start: number; end: number; perms: string; file: boolean; rssKb: number }[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (head) {
      maps.push({
        start: parseInt(head[1]!, 16),
        end: parseInt(head[2]!, 16),
        perms: head[3]!,
        file: head[5]!.startsWith("/") && head[4] !== "0",
        rssKb: 0,
      });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && maps.length) maps.at(-1)!.rssKb = Number(rss[1]);
  }
  const kb = { wasm: 0, files: 0, anon: 0 };
  maps.forEach((m, i) => {
    const next = maps[i + 1];
    const wasm =
      !m.file &&
      m.perms.startsWith("rw") &&
      next !== undefined &&
      next.start === m.end &&
      next.perms.startsWith("---") &&
      next.end - next.start >= 4 * 1024 ** 3;
    kb[m.file ? "files" : wasm ? "wasm" : "anon"] += m.rssKb;
  });
  const r = (n: number) => Math.round((n / MB) * 10) / 10;
  return {
    rssMb: r(kb.wasm + kb.files + kb.anon),
    wasmMemoryMb: r(kb.wasm),
    filesMb: r(kb.files),
    anonymousMb: r(kb.anon),
  };
}

/** The console's own report (SIGUSR2, MEMORY_REPORT=1): the last one its log holds after the signal. */
export async function memoryReport(child: Child): Promise<Record<string, unknown> | null> {
  const before = child.log().length;
  child.proc.kill("SIGUSR2");
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const lines = child
      .log()
      .split("\n")
      .filter((l) => l.includes('"memory report"'));
    const last = lines.at(-1);
    if (last && child.log().length !== before) {
      return (JSON.parse(last) as { memory: Record<string, unknown> }).memory;
    }
  }
  return null;
}

export interface BigReads {
  concurrent: number;
  statuses: Record<string, number>;
  slowestMs: number;
  bytes: number;
}

/** `n` reads of the org's invitation list sent at once (the heap's worst case: every answer built together). */
export async function bigReads(url: string, cookie: string, n = 16): Promise<BigReads> {
  const { ORG_ID } = await import("./stack");
  const statuses: Record<string, number> = {};
  let slowest = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      const t0 = performance.now();
      const status = await fetch(`${url}/api/orgs/${ORG_ID}/invitations`, { headers: { cookie } })
        .then(async (res) => {
          bytes = Math.max(bytes, (await res.arrayBuffer()).byteLength);
          return String(res.status);
        })
        .catch((e: unknown) => `error: ${e instanceof Error ? e.message : String(e)}`);
      statuses[status] = (statuses[status] ?? 0) + 1;
      slowest = Math.max(slowest, performance.now() - t0);
    }),
  );
  return { concurrent: n, statuses, slowestMs: Math.round(slowest), bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { runStandalone, signIn, startSim, withStack } = await import("./stack");
  const { mixedLoad } = await import("./load");
  const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  process.env.MEMORY_REPORT = "1";
  const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
  await runStandalone((kind) =>
    withStack(kind, { nodeArgs }, async (stack) => {
      const { con } = stack;
      const pid = con.proc.pid!;
      const steps: Record<string, unknown> = { db: kind };
      // BENCH_MEMORY_REPORT=0: a console built before lib/server/memory-report.ts (SIGUSR2 would end it).
      const inside = process.env.BENCH_MEMORY_REPORT !== "0";
      const snap = async (name: string) => {
        steps[name] = { resident: memoryBreakdown(pid), inside: inside ? await memoryReport(con) : null };
        log(`${kind} ${name}: ${JSON.stringify(steps[name])}`);
      };
      const cookie = await signIn(con.url);
      await snap("start");
      log(`${kind}: mixed load for ${loadSeconds} s`);
      const load = await mixedLoad(con.url, cookie, loadSeconds, 8);
      steps.mixedLoad = { seconds: loadSeconds, ...load };
      await snap("afterMixedLoad");
      await stack.sim.stop();
      stack.sim = await startSim(10_000);
      const rounds: BigReads[] = [];
      const bigRounds = Number(process.env.BENCH_BIG_ROUNDS ?? 3);
      for (let i = 0; i < bigRounds; i++) rounds.push(await bigReads(con.url, cookie, 16));
      steps.bigReads = rounds;
      log(`${kind}: 16 concurrent reads of 10,000 invitations: ${JSON.stringify(rounds)}`);
      await snap("afterBigReads");
      return steps;
    }),
  );
}
