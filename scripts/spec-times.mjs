// Writes e2e/spec-times.json, the measured seconds of each e2e spec file in the PGlite pass, from the Playwright
// JSON reports of the last `npm test` (.test-results/playwright-<group>.json). playwright.config.ts splits the
// PGlite pass into groups of about equal time with it (e2e/support/spec-groups.ts).
//
//   node scripts/spec-times.mjs [report.json ...]   (default: every .test-results/playwright-<n>.json)
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, ".test-results");
const OUT = join(ROOT, "e2e", "spec-times.json");

const reports = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(RESULTS)
      .filter((f) => /^playwright-\d+\.json$/.test(f))
      .map((f) => join(RESULTS, f));
if (reports.length === 0) {
  console.error(
    "[spec-times] no .test-results/playwright-<n>.json: run `npm test -- --only build,e2e` first",
  );
  process.exit(1);
}

/** @type {Record<string, number>} */
const seconds = {};
function walk(suite, file) {
  const spec = basename(suite.file ?? file ?? "");
  for (const s of suite.specs ?? []) {
    for (const t of s.tests ?? []) {
      if (t.projectName?.startsWith("setup")) continue;
      for (const r of t.results ?? []) seconds[spec] = (seconds[spec] ?? 0) + (r.duration ?? 0) / 1000;
    }
  }
  for (const child of suite.suites ?? []) walk(child, spec);
}
for (const report of reports) {
  for (const suite of JSON.parse(readFileSync(report, "utf8")).suites ?? []) walk(suite);
}
const sorted = Object.fromEntries(
  Object.entries(seconds)
    .filter(([spec]) => spec.endsWith(".spec.ts"))
    .sort(([, a], [, b]) => b - a)
    .map(([spec, s]) => [spec, Math.round(s)]),
);
writeFileSync(OUT, `${JSON.stringify(sorted, null, 2)}\n`);
const total = Object.values(sorted).reduce((a, b) => a + b, 0);
console.log(`[spec-times] ${Object.keys(sorted).length} specs, ${total} s in all → e2e/spec-times.json`);
for (const [spec, s] of Object.entries(sorted)) console.log(`  ${String(s).padStart(5)} s  ${spec}`);
