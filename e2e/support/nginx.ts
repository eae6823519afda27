// nginx (Debian's package) in front of the consoles of e2e/scale-out.spec.ts: deploy/nginx/console.conf with its
// placeholders filled, wrapped in a minimal nginx.conf, run in the foreground as a child of the test process
// (`nginx -c <conf> -p <temp prefix> -g "daemon off; pid …;"`), on loopback, with its logs and temp files in
// its own directory. The system's nginx service and /etc/nginx are never touched; it is stopped by its pid.
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect } from "@playwright/test";

/** nginx's binary: NGINX_PATH, else the Debian package's /usr/sbin/nginx, else the PATH's; null when none runs. */
export function findNginx(): string | null {
  const candidates = [process.env.NGINX_PATH, "/usr/sbin/nginx", "nginx"].filter(Boolean) as string[];
  for (const bin of candidates) {
    try {
      execFileSync(bin, ["-v"], { stdio: "ignore" });
      return bin;
    } catch {
      // Not installed there.
    }
  }
  return null;
}

export interface OwnNginx {
  readonly base: string;
  readonly dir: string;
  child: ChildProcess | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Lines of its access log: `<upstream addresses tried, comma-separated>|<status>|<method> <uri>`. */
  accessLog(): string[];
  errorLog(): string;
}

export function ownNginx(bin: string, opts: { port: number; upstreams: number[]; dir: string }): OwnNginx {
  const dir = resolve(opts.dir);
  const conf = join(dir, "nginx.conf");
  const site = readFileSync("deploy/nginx/console.conf", "utf8")
    // The placeholders where they are directives (the file's header names them too).
    .replace(/^( *)\{\{SERVERS\}\}$/m, (_m, indent: string) =>
      opts.upstreams.map((p) => `${indent}server 127.0.0.1:${p};`).join("\n"),
    )
    .replace(/^( *listen )\{\{LISTEN\}\};$/m, (_m, listen: string) => `${listen}127.0.0.1:${opts.port};`);
  const self: OwnNginx = {
    base: `http://127.0.0.1:${opts.port}`,
    dir,
    child: null,
    async start() {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(join(dir, "logs"), { recursive: true });
      writeFileSync(join(dir, "console.conf"), site);
      writeFileSync(
        conf,
        [
          "worker_processes 1;",
          `error_log ${join(dir, "logs", "error.log")} warn;`,
          "events { worker_connections 512; }",
          "http {",
          "  log_format upstream '$upstream_addr|$status|$request_method $request_uri';",
          `  access_log ${join(dir, "logs", "access.log")} upstream;`,
          // Every temporary path inside the prefix: the package's defaults are under /var/lib/nginx.
          ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
            (t) => `  ${t}_temp_path ${join(dir, `${t}_temp`)};`,
          ),
          `  include ${join(dir, "console.conf")};`,
          "}",
          "",
        ].join("\n"),
      );
      const child = spawn(
        bin,
        ["-c", conf, "-p", `${dir}/`, "-g", `daemon off; pid ${join(dir, "nginx.pid")};`],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      self.child = child;
      let out = "";
      child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
      const listening = expect
        .poll(
          async () => {
            if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${out}`);
            // Not listening yet: false.
            return fetch(`${self.base}/`, { redirect: "manual" }).then(
              () => true,
              () => false,
            );
          },
          { timeout: 10_000, intervals: [100] },
        )
        .toBe(true);
      await listening.catch((err: Error) => {
        throw new Error(`nginx did not listen in 10 s: ${err.message}\n${out}`);
      });
    },
    stop() {
      const child = self.child;
      self.child = null;
      return new Promise((done) => {
        if (!child || child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        // QUIT: graceful stop of the master and its worker (by the master's pid, which we started).
        child.kill("SIGQUIT");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      });
    },
    accessLog() {
      const file = join(dir, "logs", "access.log");
      return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    },
    errorLog() {
      const file = join(dir, "logs", "error.log");
      return existsSync(file) ? readFileSync(file, "utf8") : "";
    },
  };
  return self;
}
