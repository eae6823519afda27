import "server-only";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { logger } from "../log";

// How long a first start may spend creating the database files (initdb in WebAssembly, on a busy machine).
const INIT_TIMEOUT_MS = 120_000;

// The child's whole program: create the cluster in the directory it is given, then close it.
const INIT_SCRIPT = `
const { PGlite } = await import("@electric-sql/pglite");
const db = await PGlite.create(process.argv[1], { postgresqlconf: JSON.parse(process.argv[2]) });
await db.close();
`;

/**
 * A fresh PGlite directory is initialised (initdb) by a short-lived child process, so that this process never
 * holds initdb's WebAssembly instance: PGlite keeps that memory once it has run (a first start in process
 * stays several times larger than a restart on the same files). Runs only when the directory holds no
 * cluster yet. Returns false when the child could not do it (PGlite then initialises in process, as before).
 */
export async function initPgliteInChild(dir: string, conf: string[]): Promise<boolean> {
  if (existsSync(path.join(dir, "PG_VERSION"))) return true;
  const started = performance.now();
  const outcome = await new Promise<{ ok: boolean; detail: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--input-type=module", "-e", INIT_SCRIPT, dir, JSON.stringify(conf)],
      // The project root: the child resolves @electric-sql/pglite from there, as the console does.
      { cwd: process.cwd(), stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (stderr = (stderr + d).slice(-2_000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), INIT_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: e.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, detail: signal ? `killed by ${signal}` : `exit ${code}: ${stderr.trim()}` });
    });
  });
  if (outcome.ok && existsSync(path.join(dir, "PG_VERSION"))) {
    logger.info({ ms: Math.round(performance.now() - started) }, "PGlite database files created");
    return true;
  }
  logger.warn(
    { detail: outcome.detail.slice(0, 500) },
    "PGlite could not be initialised in a child process; initialising in this process (uses more memory)",
  );
  return false;
}
