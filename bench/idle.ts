// Idle CPU of a console nobody uses: the CPU time (user + system, every thread) a process spends over N seconds
// without a request, as a share of one core, read from Linux's /proc. What wakes an idle console is its own
// timers: the job layer's polling and scheduling (lib/server/jobs/index.ts) and anything else on a timer.
//   idleCpu(pid, seconds)       the measurement, for bench/run.ts
//   node --import tsx bench/idle.ts   alone: starts the simulator and the console (PGlite; and PostgreSQL when
//                                     TEST_DATABASE_URL is set, or only one with BENCH_DB=pglite|postgres),
//                                     lets start-up work finish, measures, prints JSON
//   BENCH_IDLE_SECONDS          the measured window (default 60; 300 is the full run)
//   BENCH_IDLE_SETTLE_SECONDS   quiet time after start before measuring (default 20: start-up jobs)
//   BENCH_NODE_ARGS             extra Node flags for the console (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
import { readFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";

export const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);

let ticksPerSecond: number | null = null;
function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU seconds (user + system) the process has used so far: /proc/<pid>/stat fields 14 and 15. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / clockTicks();
}

/** Context switches of every thread of the process (each is a thread waking or yielding). */
export function contextSwitches(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
      total += Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      total += Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return total;
}

export interface IdleCpu {
  seconds: number;
  /** CPU time over the window as a share of one core, in %. */
  percentOfCore: number;
  /** The same, per minute of the window (a scheduled job shows as one busier minute). */
  perMinutePercent: number[];
  /** Context switches per second, all threads. */
  wakeupsPerSecond: number;
}

/** Samples the process's CPU time over `seconds` (no request is sent); the caller keeps the process idle. */
export async function idleCpu(pid: number, seconds = IDLE_SECONDS): Promise<IdleCpu> {
  const t0 = performance.now();
  const cpu0 = cpuSeconds(pid);
  const cs0 = contextSwitches(pid);
  const perMinute: number[] = [];
  let mark = { t: t0, cpu: cpu0 };
  const end = t0 + seconds * 1000;
  while (performance.now() < end) {
    const next = Math.min(end, mark.t + 60_000);
    await new Promise((r) => setTimeout(r, next - performance.now()));
    const now = { t: performance.now(), cpu: cpuSeconds(pid) };
    perMinute.push(round((100 * (now.cpu - mark.cpu)) / ((now.t - mark.t) / 1000)));
    mark = now;
  }
  const elapsed = (performance.now() - t0) / 1000;
  return {
    seconds: round(elapsed),
    percentOfCore: round((100 * (cpuSeconds(pid) - cpu0)) / elapsed),
    perMinutePercent: perMinute,
    wakeupsPerSecond: round((contextSwitches(pid) - cs0) / elapsed),
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rssMb, runStandalone, withStack } = await import("./stack");
  const settle = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? 20);
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  await runStandalone((kind) =>
    withStack(kind, { nodeArgs }, async ({ con }) => {
      process.stderr.write(`${kind}: started; ${settle} s to settle, then ${IDLE_SECONDS} s idle\n`);
      await new Promise((r) => setTimeout(r, settle * 1000));
      const pid = con.proc.pid!;
      const idle = await idleCpu(pid, IDLE_SECONDS);
      return { db: kind, ...idle, rssMb: Math.round(rssMb(pid)) };
    }),
  );
}
