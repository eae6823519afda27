#!/usr/bin/env node
// `npm run demo` (production build) and `npm run dev` (next dev): the Atlas simulator with the demo seed and the
// console wired to it, both on loopback. Ctrl-C stops both.
//   --dev            next dev instead of next build + next start
//   PORT=3000        console port; SIM_PORT=4010 simulator port
//   DEMO_SKIP_BUILD=1  reuse an existing .next build
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const host = "127.0.0.1";
const port = process.env.PORT ?? "3000";
const simPort = process.env.SIM_PORT ?? "4010";
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
  const simUrl = await startSimulator();
  const env = {
    ...process.env,
    ATLAS_BASE_URL: simUrl,
    ATLAS_CLIENT_ID: "mdb_sa_id_5f0000000000000000000001",
    ATLAS_CLIENT_SECRET: "mdb_sa_sk_demo_owner_not_a_real_secret",
    ATLAS_CONNECTION_NAME: "Demo (Atlas simulator)",
    CONSOLE_DEMO: "1",
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
  const next = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-H", host, "-p", port], {
    cwd: root,
    env: { ...env, NODE_ENV: dev ? "development" : "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(next);
  let announced = false;
  next.stdout.on("data", (d) => {
    const text = d.toString();
    process.stdout.write(text);
    if (!announced && /Ready|ready|started server/.test(text)) {
      announced = true;
      console.log(
        [
          "",
          `  Invite Console (demo) → http://${host}:${port}`,
          `  Atlas simulator       → ${simUrl}  (demo org "Demo Org", control API under /__sim/)`,
          "  Sign-in: none yet — the console treats you as the local admin and listens on 127.0.0.1 only.",
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
