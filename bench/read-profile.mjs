// `node bench/read-profile.mjs <file.cpuprofile> [from-ms to-ms]` after a build with BUILD_SOURCE_MAPS=1: a
// Chromium CPU profile (bench/profile-first-row.ts, profile-keystroke.ts) read by name through the build's
// source maps: self time by source function, and inclusive time by the nearest project function (app/,
// components/, lib/) on each sample's stack, so a minified profile names the project's own code.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";

const [file, from, to] = process.argv.slice(2);
// STACK=<regular expression>: only the samples with a frame whose name matches (e.g. dispatchDiscreteEvent: what
// a key press runs at once, apart from the work it schedules).
const only = process.env.STACK ? new RegExp(process.env.STACK) : null;
const profile = JSON.parse(readFileSync(file, "utf8"));
const chunks = path.resolve(import.meta.dirname, "../.next/static/chunks");
const consumers = new Map();
const consumer = (url) => {
  const name = url.split("/").pop().split("?")[0];
  if (!consumers.has(name)) {
    // Turbopack names a chunk's map apart from the chunk: its last line says which.
    const js = path.join(chunks, name);
    const ref = existsSync(js) ? /sourceMappingURL=(\S+)\s*$/.exec(readFileSync(js, "utf8"))?.[1] : undefined;
    const map = path.join(chunks, ref ?? `${name}.map`);
    consumers.set(
      name,
      existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, "utf8"))) : null,
    );
  }
  return consumers.get(name);
};
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const named = new Map();
const nameOf = (id) => {
  if (named.has(id)) return named.get(id);
  const f = nodes.get(id).callFrame;
  let out = { label: f.functionName || (f.url ? "(anonymous)" : "(native)"), own: false };
  const c = f.url ? consumer(f.url) : null;
  if (c) {
    const p = c.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    if (p.source) {
      const src = p.source.replace(/^.*?(node_modules\/|\/(app|components|lib)\/)/, (_m, _a, b) =>
        b ? `${b}/` : "",
      );
      out = {
        label: `${p.name ?? f.functionName ?? "?"} ${src}:${p.line}`,
        own: /^(app|components|lib)\//.test(src),
      };
    }
  }
  named.set(id, out);
  return out;
};
const self = new Map();
const mine = new Map();
let t = profile.startTime;
let total = 0;
const lo = from ? profile.startTime + Number(from) * 1000 : -Infinity;
const hi = to ? profile.startTime + Number(to) * 1000 : Infinity;
profile.samples.forEach((s, i) => {
  const d = profile.timeDeltas[i] ?? 0;
  t += d;
  if (t < lo || t > hi) return;
  const top = nameOf(s);
  if (top.label === "(idle)" || top.label === "(program)") return;
  if (only) {
    let hit = false;
    for (let cur = s; cur !== undefined && !hit; cur = parent.get(cur)) hit = only.test(nameOf(cur).label);
    if (!hit) return;
  }
  total += d;
  self.set(top.label, (self.get(top.label) ?? 0) + d);
  const seen = new Set();
  for (let cur = s; cur !== undefined; cur = parent.get(cur)) {
    const n = nameOf(cur);
    if (n.own && !seen.has(n.label)) {
      seen.add(n.label);
      mine.set(n.label, (mine.get(n.label) ?? 0) + d);
    }
  }
});
const show = (title, map, k = 30) => {
  console.log(`\n${title}:`);
  for (const [n, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, k))
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms  ${n}`);
};
console.log(`script time sampled: ${(total / 1000).toFixed(0)} ms`);
show("self time by function", self);
show("inclusive time by project function", mine, 40);
