import { readFileSync } from "node:fs";
import { startSimulator } from "./server";
import type { SeedInput } from "./simulator";
import type { Seed } from "./seed-types";

function loadSeed(value: string | undefined): SeedInput {
  if (!value || value === "demo") return "demo";
  if (value === "empty") return "empty";
  const extra = /^demo\+(\d{1,6})$/.exec(value);
  if (extra) return `demo+${Number(extra[1])}`;
  const orgs = /^orgs\+(\d{1,4})$/.exec(value);
  if (orgs) return `orgs+${Number(orgs[1])}`;
  try {
    return JSON.parse(readFileSync(value, "utf8")) as Seed;
  } catch (e) {
    console.error(`SIM_SEED=${value}: cannot read the seed file: ${(e as Error).message}`);
    process.exit(2);
  }
}

const host = process.env.SIM_HOST ?? "127.0.0.1";
const port = Number(process.env.SIM_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SIM_PORT=${process.env.SIM_PORT} is not a port number`);
  process.exit(2);
}

// SIM_LISTEN_WAIT_MS: how long a taken port is tried again before giving up (default 0: at once). The e2e
// config waits a little: its port was once taken for a moment just as a run began.
const listenWaitMs = Number(process.env.SIM_LISTEN_WAIT_MS ?? 0);

async function start() {
  const seed = loadSeed(process.env.SIM_SEED);
  const deadline = Date.now() + (Number.isFinite(listenWaitMs) ? listenWaitMs : 0);
  for (;;) {
    try {
      return await startSimulator({ host, port, seed });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE" || Date.now() >= deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

try {
  const running = await start();
  console.log(`Atlas simulator listening on ${running.url}`);
  const stop = () => {
    running.server.closeAllConnections();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (e) {
  console.error(`Atlas simulator could not start on ${host}:${port}: ${(e as Error).message}`);
  process.exit(1);
}
