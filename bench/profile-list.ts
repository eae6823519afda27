/* eslint-disable @typescript-eslint/no-explicit-any -- a V8 .cpuprofile is untyped JSON */
// `node --conditions=react-server --import tsx bench/profile-list.ts`: CPU profile of the console under list load (node --cpu-prof), summarised by self time per package.
import { readdirSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import { closedLoop, getJson } from "./load";
import { ORG_ID, signIn, startConsole, startSim } from "./stack";

const dir = "/tmp/perf-prof";
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir);
const sim = await startSim(Number(process.env.EXTRA ?? 0));
const con = await startConsole(sim.url, undefined, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
const cookie = await signIn(con.url);
const path = process.env.PROFILE_PATH ?? `/api/orgs/${ORG_ID}/invitations`;
const call = getJson(`${con.url}${path}`, { cookie });
for (let i = 0; i < 20; i++) await call();
const res = await closedLoop(call, 8, Number(process.env.SECONDS ?? 15));
console.log(`${res.perSecond.toFixed(1)}/s, errors ${res.errors}`);
await con.stop();
await sim.stop();
for (const f of readdirSync(dir)) {
  const p = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
  const byId = new Map<number, any>(p.nodes.map((n: any) => [n.id, n]));
  const self = new Map<number, number>();
  const dt = p.timeDeltas as number[];
  (p.samples as number[]).forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (dt[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  if (total < 1e6) continue;
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  for (const [id, t] of self) {
    const cf = byId.get(id).callFrame;
    const url: string = cf.url || "(native)";
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const key = m
      ? m[1]!
      : url.includes(".next/server")
        ? `.next/server/${url.split("/").pop()}`
        : url.split("/").slice(-2).join("/") || cf.functionName;
    pkg.set(key, (pkg.get(key) ?? 0) + t);
    const fk = `${cf.functionName || "(anon)"} ${key}:${cf.lineNumber}`;
    fn.set(fk, (fn.get(fk) ?? 0) + t);
  }
  console.log(`profile ${f}: ${(total / 1e6).toFixed(1)} s sampled`);
  for (const [k, t] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`  ${((t / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  console.log("  top functions:");
  for (const [k, t] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${((t / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
process.exit(0);
