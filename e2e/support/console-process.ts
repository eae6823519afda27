// A console server that a spec starts, kills and starts again itself (scripts/server.mjs on the production build),
// with its own port and its own data directory (or PostgreSQL database): e2e/restarts.spec.ts,
// e2e/built-errors.spec.ts, e2e/load-t17.spec.ts.
import type { ChildProcess } from "node:child_process";
import { serverNodeArgs } from "../../scripts/server-node-args.mjs";
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, request as playwrightRequest } from "@playwright/test";
import { consoleEnv } from "./console-env";
import { DEMO_ADMIN, consoleDataDir, consoleDatabaseUrl, consoleLog, url } from "./ports";

export type StopSignal = "SIGTERM" | "SIGKILL";

export interface OwnConsole {
  readonly name: string;
  readonly port: number;
  readonly base: string;
  readonly env: NodeJS.ProcessEnv;
  /** The running server process, if any. */
  child: ChildProcess | null;
  /** Empties its data directory (or re-creates its PostgreSQL database). */
  fresh(): void;
  /** Starts scripts/server.mjs and waits until it answers (register() — migrations, reconciler — has run). */
  start(opts?: { waitReady?: boolean }): Promise<ChildProcess>;
  /** Sends the signal and waits for the exit. */
  stop(signal: StopSignal): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** Waits until the started server answers its sign-in page. */
  ready(timeoutMs?: number): Promise<void>;
  /** Everything the server wrote to stderr in this lifetime. */
  stderr(): string;
  /** An API context signed in as the demo admin, sending this console's Origin on every request. */
  signIn(): Promise<APIRequestContext>;
}

export function ownConsole(
  name: string,
  port: number,
  extra: Record<string, string> = {},
  /** Options for node itself, before Next's command line (e.g. a preloaded probe). */
  nodeArgs: string[] = [],
): OwnConsole {
  const base = url(port);
  const env = { ...process.env, ...consoleEnv(name, port, extra) };
  const log = consoleLog(name);
  let stderr = "";
  const self: OwnConsole = {
    name,
    port,
    base,
    env,
    child: null,
    fresh() {
      const dataDir = consoleDataDir(name);
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
      mkdirSync(dirname(log), { recursive: true });
      rmSync(log, { force: true });
      const databaseUrl = consoleDatabaseUrl(name);
      if (databaseUrl) execFileSync(process.execPath, ["scripts/e2e-fresh-db.mjs", databaseUrl]);
    },
    async start({ waitReady = true } = {}) {
      stderr = "";
      const child = spawn(process.execPath, [...serverNodeArgs(), ...nodeArgs, "scripts/server.mjs"], {
        env: { ...env, HOST: "127.0.0.1", PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      self.child = child;
      // Kept in a file like the consoles of playwright.config.ts (the T03 canary test reads those logs).
      child.stdout!.on("data", (chunk: Buffer) => appendFileSync(log, chunk));
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        appendFileSync(log, chunk);
      });
      if (waitReady) await self.ready();
      return child;
    },
    // A first start creates and migrates the PGlite database (about 20 s on a busy 2-core machine) before it listens.
    async ready(timeoutMs = 90_000) {
      const child = self.child;
      if (!child) throw new Error(`console ${name} is not started`);
      const started = expect
        .poll(
          async () => {
            if (child.exitCode !== null || child.signalCode !== null) {
              throw new Error(`the console exited with ${child.exitCode ?? child.signalCode}: ${stderr}`);
            }
            // Not listening yet: false.
            return fetch(`${base}/sign-in`, { redirect: "manual" }).then(
              (res) => res.status === 200,
              () => false,
            );
          },
          { timeout: timeoutMs, intervals: [100] },
        )
        .toBe(true);
      await started.catch((err: Error) => {
        throw new Error(`the console did not start in ${timeoutMs} ms: ${err.message}\n${stderr}`);
      });
    },
    stop(signal) {
      const child = self.child;
      return new Promise((resolve) => {
        const t0 = Date.now();
        if (!child || child.exitCode !== null || child.signalCode !== null) {
          resolve({ code: child?.exitCode ?? null, signal: child?.signalCode ?? null, ms: 0 });
          return;
        }
        child.once("exit", (code, sig) => {
          if (self.child === child) self.child = null;
          resolve({ code, signal: sig, ms: Date.now() - t0 });
        });
        child.kill(signal);
      });
    },
    stderr: () => stderr,
    async signIn() {
      // Its own cookies only (not the storage state of the project the spec runs in).
      const api = await playwrightRequest.newContext({
        baseURL: base,
        extraHTTPHeaders: { Origin: base },
        storageState: { cookies: [], origins: [] },
      });
      const res = await api.post("/api/auth/sign-in/email", {
        data: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
      });
      expect(res.status(), await res.text()).toBe(200);
      return api;
    },
  };
  return self;
}
