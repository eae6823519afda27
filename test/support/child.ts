// Spawns a TypeScript program as a separate Node.js process, as `npm run console` does.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export interface Child {
  proc: ChildProcess;
  /** Everything printed so far on stdout. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout contains text (rejects when the process exits first or after timeoutMs). */
  waitFor(text: string | RegExp | ((stdout: string) => boolean), timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnTs(script: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  proc.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    for (const l of listeners) l();
  });
  proc.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on("exit", (code, signal) => {
      // Let the last output arrive before anyone reads it.
      setImmediate(() => {
        resolve({ code, signal });
        for (const l of listeners) l();
      });
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  const matches = (text: string | RegExp | ((stdout: string) => boolean)) =>
    typeof text === "string" ? out.includes(text) : typeof text === "function" ? text(out) : text.test(out);
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(text, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; stdout: ${out}; stderr: ${err}`));
        }, timeoutMs);
        const check = () => {
          if (matches(text)) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (done) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`process exited before ${String(text)}; stdout: ${out}; stderr: ${err}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}
