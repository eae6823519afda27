// The processes `npm run bench` measures: the Atlas simulator (a seed file with the demo data, optionally N
// extra pending invitations, and rate limits too large to matter) and the built console (scripts/server.mjs)
// on PGlite or on a fresh PostgreSQL database. Each is a child process, so its RSS and CPU are its own.
import { spawn } from "node:child_process";
import { serverNodeArgs } from "../scripts/server-node-args.mjs";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { demoSeed, demoSeedWithExtraPending } from "../sim/src/demo-seed";
import type { EndpointSetName, RateLimitSetting } from "../sim/src/seed-types";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const ORG_ID = "5f1000000000000000000001";
export const SA = {
  clientId: "mdb_sa_id_5f0000000000000000000001",
  clientSecret: "mdb_sa_sk_demo_owner_not_a_real_secret",
};
const ADMIN = { email: "admin@demo.local", password: "bench-demo-password-0123" };

const base = Number(process.env.E2E_PORT_BASE ?? 400);
/** Beside the e2e ports of the same E2E_PORT_BASE (e2e/support/ports.ts uses 3010..3016 and 4010..4012). */
const PORTS = { sim: 4020 + base, console: 3020 + base };

const SETS: EndpointSetName[] = [
  "orgs",
  "org",
  "orgUsers",
  "orgTeams",
  "orgGroups",
  "groups",
  "groupInvites",
  "users",
  "oauth",
  "other",
];
const UNLIMITED = Object.fromEntries(SETS.map((s) => [s, { capacity: 1e9 }]));

const work = mkdtempSync(path.join(tmpdir(), "invite-console-bench-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

export interface Child {
  proc: ChildProcess;
  url: string;
  /** From spawn to the first answer of the readiness probe. */
  readyMs: number;
  log: () => string;
  stop: () => Promise<void>;
}

function waitExit(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once("exit", () => resolve());
  });
}

async function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  url: string,
  probe: string,
  timeoutMs: number,
): Promise<Child> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (d) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr!.on("data", (d) => (out = (out + d.toString()).slice(-20_000)));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
    const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await waitExit(proc);
    clearTimeout(killer);
  };
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${args.join(" ")} exited (${proc.exitCode}):\n${out}`);
    if (performance.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`${args.join(" ")} not ready after ${timeoutMs} ms:\n${out}`);
    }
    const ok = await fetch(`${url}${probe}`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.status < 500)
      .catch(() => false);
    if (ok) return { proc, url, readyMs: performance.now() - t0, log: () => out, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The simulator with the demo seed (+ `extra` pending invitations) and no effective rate limits, except the
 * buckets given in `rateLimits` (bench/bulk.ts and bench/scim.ts: the org-users bucket at 100 per minute).
 */
export async function startSim(
  extra = 0,
  rateLimits: Partial<Record<EndpointSetName, RateLimitSetting>> = {},
): Promise<Child> {
  const now = Date.now();
  const seed = {
    ...(extra ? demoSeedWithExtraPending(now, extra) : demoSeed(now)),
    rateLimits: { ...UNLIMITED, ...rateLimits },
  };
  const file = path.join(work, `seed-${extra}.json`);
  writeFileSync(file, JSON.stringify(seed));
  const url = `http://127.0.0.1:${PORTS.sim}`;
  return start(
    ["--import", "tsx", "sim/src/main.ts"],
    { ...process.env, SIM_HOST: "127.0.0.1", SIM_PORT: String(PORTS.sim), SIM_SEED: file },
    url,
    "/__sim/stats",
    60_000,
  );
}

export type DbKind = "pglite" | "postgres";

/**
 * A fresh database on `server` (default: TEST_DATABASE_URL's), named `<prefix>_<time>` (dropped by the caller
 * through the returned function).
 */
export async function freshPostgres(
  server: string = process.env.TEST_DATABASE_URL!,
  // BENCH_PG_PREFIX: a name of one's own on a shared server (default "bench").
  prefix: string = (process.env.BENCH_PG_PREFIX ?? "bench").replace(/[^a-z0-9_]/g, ""),
): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import("pg");
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
    },
  };
}

/**
 * The built console (next build first) on loopback, wired to the simulator in demo mode. `dataDir`: an
 * existing DATA_DIR to start on again (bench/audit.ts fills PGlite's files while the console is stopped).
 */
export async function startConsole(
  simUrl: string,
  databaseUrl?: string,
  nodeArgs: string[] = [],
  dataDir: string = newDataDir(),
): Promise<Child> {
  const url = `http://127.0.0.1:${PORTS.console}`;
  const env = consoleEnv(PORTS.console, simUrl, dataDir);
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  // As deployed: the heap cap of scripts/server-node-args.mjs (CONSOLE_HEAP_MB changes it).
  return start([...serverNodeArgs(), ...nodeArgs, "scripts/server.mjs"], env, url, "/sign-in", 180_000);
}

/**
 * A benched console's environment: on loopback at `port`, production, the demo (admin and password) wired to the
 * simulator at `simUrl`, warnings and errors logged.
 */
export function consoleEnv(port: number, simUrl: string, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    NODE_ENV: "production",
    ATLAS_BASE_URL: simUrl,
    ATLAS_CLIENT_ID: SA.clientId,
    ATLAS_CLIENT_SECRET: SA.clientSecret,
    ATLAS_INVITES_API: "users",
    CONSOLE_DEMO: "1",
    CONSOLE_DEMO_PASSWORD: ADMIN.password,
    CONSOLE_AUTH_SECRET: "bench-auth-secret-not-for-production-0123456789",
    CONSOLE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  };
}

/** A fresh DATA_DIR under the bench's temporary directory (removed at exit). */
export function newDataDir(): string {
  return mkdtempSync(path.join(work, "data-"));
}

/** Resident set size of a process (Linux /proc), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Signs the demo admin in; the session cookie for later requests. */
export async function signIn(consoleUrl: string): Promise<string> {
  const res = await fetch(`${consoleUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: consoleUrl },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return cookies.join("; ");
}

export async function simStats(simUrl: string): Promise<{ tokensIssued: number; requests: number }> {
  return (await fetch(`${simUrl}/__sim/stats`)).json() as Promise<{ tokensIssued: number; requests: number }>;
}

/** The databases a bench run alone measures: BENCH_DB's, or PGlite and, with TEST_DATABASE_URL, PostgreSQL. */
export function benchKinds(): DbKind[] {
  if (process.env.BENCH_DB) return [process.env.BENCH_DB as DbKind];
  return ["pglite", ...(process.env.TEST_DATABASE_URL ? (["postgres"] as const) : [])];
}

/** The simulator and the console of one bench on one database (bench/memory.ts replaces the simulator). */
export interface Stack {
  sim: Child;
  con: Child;
}

/**
 * Starts the simulator (`extra` pending invitations, `rateLimits`) and the console on `kind` (a fresh PostgreSQL
 * database for "postgres"), runs `fn`, then stops both and drops the database, whether `fn` ended or threw.
 */
export async function withStack<T>(
  kind: DbKind,
  opts: {
    extra?: number;
    rateLimits?: Partial<Record<EndpointSetName, RateLimitSetting>>;
    nodeArgs?: string[];
  },
  fn: (stack: Stack) => Promise<T>,
): Promise<T> {
  const pg = kind === "postgres" ? await freshPostgres() : null;
  const sim = await startSim(opts.extra ?? 0, opts.rateLimits);
  const stack: Stack = { sim, con: await startConsole(sim.url, pg?.url, opts.nodeArgs) };
  try {
    return await fn(stack);
  } finally {
    await stack.con.stop();
    await stack.sim.stop();
    await pg?.drop();
  }
}

/**
 * A bench file run alone (`node --import tsx bench/<name>.ts`): `bench` on each database of benchKinds(), each
 * result printed as `format`'s lines (when given) and one line of JSON, then exit.
 */
export async function runStandalone<T>(
  bench: (kind: DbKind) => Promise<T>,
  format?: (figures: T) => string,
): Promise<never> {
  for (const kind of benchKinds()) {
    const figures = await bench(kind);
    if (format) console.log(format(figures));
    console.log(JSON.stringify(figures));
  }
  process.exit(0);
}
