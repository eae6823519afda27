#!/usr/bin/env node
// `npm run demo` (production build) and `npm run dev` (next dev): the Atlas simulator with the demo seed and the
// console wired to it, both on loopback, in demo mode. Ctrl-C stops both.
//   --dev              Next.js in development mode instead of next build + the production server
//   --fresh            start from an empty data directory (deletes DATA_DIR first)
//   PORT=3000          console port; SIM_PORT=4010 simulator port
//   DATA_DIR=./.data   where the console keeps its database (PGlite) and generated demo keys
//   CONSOLE_DEMO_PASSWORD=…  the demo admin's password (default: a new random one, printed below)
//   DEMO_SKIP_BUILD=1  reuse an existing .next build
import { spawn, spawnSync } from "node:child_process";
import { serverNodeArgs } from "./server-node-args.mjs";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const fresh = process.argv.includes("--fresh");
const host = "127.0.0.1";
const port = process.env.PORT ?? "3000";
const simPort = process.env.SIM_PORT ?? "4010";
const dataDir = path.resolve(root, process.env.DATA_DIR ?? ".data");
const demoEmail = "admin@demo.local";
const demoPassword = process.env.CONSOLE_DEMO_PASSWORD ?? randomBytes(12).toString("base64url");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const children = [];

function stopAll(code = 0) {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 300).unref();
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

function startSimulator() {
  return new Promise((resolve, reject) => {
    const sim = spawn(process.execPath, ["--import", "tsx", "sim/src/main.ts"], {
      cwd: root,
      env: { ...process.env, SIM_HOST: host, SIM_PORT: simPort, SIM_SEED: process.env.SIM_SEED ?? "demo" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(sim);
    let out = "";
    sim.stdout.on("data", (d) => {
      out += d.toString();
      const m = /Atlas simulator listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    sim.on("exit", (code) => reject(new Error(`the Atlas simulator exited (${code}) before listening`)));
  });
}

async function main() {
  if (fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const simUrl = await startSimulator();
  const consoleUrl = `http://${host}:${port}`;
  const env = {
    ...process.env,
    ATLAS_BASE_URL: simUrl,
    ATLAS_CLIENT_ID: "mdb_sa_id_5f0000000000000000000001",
    ATLAS_CLIENT_SECRET: "mdb_sa_sk_demo_owner_not_a_real_secret",
    ATLAS_CONNECTION_NAME: "Demo (Atlas simulator)",
    CONSOLE_DEMO: "1",
    // The demo admin is (re)set to this password at every start; the sign-in secret is generated into DATA_DIR.
    CONSOLE_DEMO_PASSWORD: demoPassword,
    CONSOLE_URL: process.env.CONSOLE_URL ?? consoleUrl,
    DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (!dev && !(process.env.DEMO_SKIP_BUILD === "1" && existsSync(path.join(root, ".next", "BUILD_ID")))) {
    console.log("Building the console (next build)…");
    const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "inherit" });
    if (build.status !== 0) {
      console.error("next build failed");
      stopAll(1);
      return;
    }
  }
  // The console's own server (scripts/server.mjs): Next.js behind the forwarded-header and path checks.
  const next = spawn(
    process.execPath,
    [...serverNodeArgs(), path.join(root, "scripts", "server.mjs"), ...(dev ? ["--dev"] : [])],
    {
      cwd: root,
      env: { ...env, HOST: host, PORT: port, NODE_ENV: dev ? "development" : "production" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  children.push(next);
  let announced = false;
  next.stdout.on("data", (d) => {
    const text = d.toString();
    process.stdout.write(text);
    if (!announced && /listening on/.test(text)) {
      announced = true;
      console.log(
        [
          "",
          `  Invite Console (demo) → ${consoleUrl}`,
          `  Sign in as            → ${demoEmail}  /  ${demoPassword}`,
          `  Atlas simulator       → ${simUrl}  (demo org "Demo Org", control API under /__sim/)`,
          `  Data directory        → ${path.relative(root, dataDir) || "."}  (npm run demo -- --fresh starts empty)`,
          "  Demo mode: the demo admin needs no second factor; other admins set up TOTP at first sign-in.",
          "  Ctrl-C stops both.",
          "",
        ].join("\n"),
      );
    }
  });
  next.on("exit", (code) => stopAll(code ?? 0));
}

main().catch((e) => {
  console.error(e.message);
  stopAll(1);
});
