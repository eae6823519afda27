// `npm run sim` as a user runs it: a real process, its listening line, seeds from the environment, SIGTERM.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { basic } from "./support/sim";

const ROOT = path.resolve(__dirname, "../..");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

interface Started {
  child: ChildProcess;
  url?: string;
  output: () => string;
  exit: Promise<number | null>;
}

/** Starts the simulator CLI and resolves once it prints its listening line (or exits). */
function runSim(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "sim/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, SIM_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve) => {
    const started: Started = { child, output: () => out, exit };
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Atlas simulator listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ ...started, url: m[1] });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exit.then(() => resolve(started));
  });
}

async function orgsOf(url: string, clientId: string, secret: string) {
  const tokenRes = await fetch(`${url}/api/oauth/token`, {
    method: "POST",
    headers: { Authorization: basic(clientId, secret), "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const res = await fetch(`${url}/api/atlas/v2/orgs`, {
    headers: { Authorization: `Bearer ${access_token}`, Accept: "application/vnd.atlas.2023-01-01+json" },
  });
  return ((await res.json()) as { results: { name: string }[] }).results.map((o) => o.name);
}

describe("npm run sim", () => {
  it("prints its listening line, serves the demo seed and stops at once on SIGTERM", async () => {
    const s = await runSim({});
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(
      await orgsOf(s.url!, "mdb_sa_id_5f0000000000000000000001", "mdb_sa_sk_demo_owner_not_a_real_secret"),
    ).toEqual(["Demo Org"]);
    const t0 = Date.now();
    s.child.kill("SIGTERM");
    expect(await s.exit).toBe(0);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("SIM_SEED=path loads a seed file (the documented example)", async () => {
    const s = await runSim({ SIM_SEED: "sim/seeds/example.json" });
    expect(await orgsOf(s.url!, "mdb_sa_id_aa0000000000000000000001", "mdb_sa_sk_example_owner")).toEqual([
      "Acme",
    ]);
  });

  it("SIM_SEED=empty has no accounts at all", async () => {
    const s = await runSim({ SIM_SEED: "empty" });
    const res = await fetch(`${s.url}/api/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: basic("mdb_sa_id_5f0000000000000000000001", "mdb_sa_sk_demo_owner_not_a_real_secret"),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    expect(res.status).toBe(401);
  });

  it("a missing or invalid seed stops start-up with a message naming the problem", async () => {
    const missing = await runSim({ SIM_SEED: "/nonexistent/seed.json" });
    expect(await missing.exit).toBe(2);
    expect(missing.output()).toMatch(/SIM_SEED=\/nonexistent\/seed\.json: cannot read the seed file/);

    const dir = mkdtempSync(path.join(tmpdir(), "sim-seed-"));
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ orgs: [{ id: "nothex", name: "Bad" }] }));
    const invalid = await runSim({ SIM_SEED: bad });
    expect(await invalid.exit).toBe(1);
    expect(invalid.output()).toMatch(/org Bad has id "nothex"/);
  });

  it("a taken port is reported, not a crash trace", async () => {
    const first = await runSim({});
    const port = new URL(first.url!).port;
    const second = await runSim({ SIM_PORT: port });
    expect(await second.exit).toBe(1);
    expect(second.output()).toMatch(/could not start on 127\.0\.0\.1:\d+/);
  });
});
