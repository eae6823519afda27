// The test runner behind `npm test`.
//
// Runs every suite in SUITES in order, each as a child process, and keeps going after a failure so that
// every suite reports. Writes `.test-results/summary.json`, prints a short table and, as its very last
// line, `N passed, M failed`. Exits 0 only when nothing failed.
//
// Run a subset (comma-separated suite names; unknown names are an error):
//   npm test -- --only unit
//   npm test -- --only=typecheck,lint
//   TEST_ONLY=unit npm test
// `--only` wins over TEST_ONLY when both are given.
//
// Adding a suite: append a descriptor to SUITES.
//   { name, command, args, env?, resultFile?, count? }
//   - `resultFile` (relative to the repo root) is deleted before the suite runs, so a stale file from an
//     earlier run can never be read as this run's result.
//   - `count({ exitCode, resultFile })` returns { passed, failed, skipped }; without it the suite counts as
//     1 passed when the command exits 0, else 1 failed.
//   A later "e2e" suite would run Playwright with its JSON reporter (PLAYWRIGHT_JSON_OUTPUT_NAME pointing
//   into .test-results/) and count from `stats.expected` / `unexpected` / `skipped` the way the unit suite
//   counts from Vitest's JSON.

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = join(ROOT, ".test-results");
const SUMMARY_FILE = join(RESULTS_DIR, "summary.json");
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** @typedef {{ passed: number, failed: number, skipped: number }} Counts */

// Suites run in phases (PHASES, in that order); everything in one phase runs at the same time, its output lines
// prefixed with the suite's name. The static checks run beside each other and beside the build: each is mostly
// one core. The unit suite and the PGlite end-to-end groups each fill both cores by themselves. The unit suite
// beside the PostgreSQL pass (niced) made the whole longer, not shorter: both lean on the same PostgreSQL server
// and the pass's restarts and timers slowed down (2026-12-06).
const PHASES = ["static", "unit", "e2e", "postgres"];

const SUITES = [
  { name: "typecheck", phase: "static", command: NPX, args: ["tsc", "--noEmit", "-p", "tsconfig.json"] },
  { name: "lint", phase: "static", command: NPX, args: ["eslint", "."] },
  { name: "format", phase: "static", command: NPX, args: ["prettier", "--check", "."] },
  {
    name: "build",
    phase: "static",
    command: NPX,
    args: ["next", "build"],
    // docs/security.md T03: secrets planted in the build's environment; e2e/security-canary.spec.ts makes sure
    // none of them ends up in .next/.
    env: { NEXT_TELEMETRY_DISABLED: "1", BUILD_SKIP_TYPECHECK: "1", ...buildCanaries() },
  },
  {
    name: "unit",
    phase: "unit",
    command: NPX,
    args: [
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=.test-results/vitest.json",
    ],
    resultFile: ".test-results/vitest.json",
    count: countVitest,
  },

  {
    name: "e2e",
    phase: "e2e",
    command: NPX,
    args: [
      "playwright",
      "test",
      "--project=users-api",
      "--project=invitations-api",
      "--project=auth",
      "--reporter=list,json",
    ],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: ".test-results/playwright.json" },
    resultFile: ".test-results/playwright.json",
    count: countPlaywright,
  },
];

/** Playwright JSON reporter: stats.expected / unexpected / flaky / skipped; unreadable → 1 failure. */
function countPlaywright({ exitCode, resultFile }) {
  let report;
  try {
    report = JSON.parse(readFileSync(resultFile, "utf8"));
  } catch (error) {
    console.error(`[run-tests] e2e: cannot read ${resultFile} (${error.code ?? error.message})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const st = report.stats ?? {};
  const counts = {
    passed: (st.expected ?? 0) + (st.flaky ?? 0),
    failed: st.unexpected ?? 0,
    skipped: st.skipped ?? 0,
  };
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

// How a suite runs: once, or (e2e) as E2E_GROUPS Playwright processes at once on PGlite (default 2) and, when
// TEST_DATABASE_URL is set (.ci/run exports it when a server answers on 127.0.0.1:5432), a focused pass on
// PostgreSQL: after the groups, or beside them with E2E_POSTGRES_BESIDE=1. A variant
// may name its own phase (PHASES); without one it runs in its suite's.
function suiteVariants(suite) {
  // Most of an e2e test's time is spent waiting (for servers, timers, animations), so several Playwright
  // processes share the cores well. Each group has its own simulator, IdP and consoles on its own ports
  // (E2E_PORT_BASE) and its own output; playwright.config.ts splits the specs by measured time (E2E_GROUP).
  if (suite.name === "e2e") {
    const count = e2eGroupCount();
    const groups = Array.from({ length: count }, (_, i) => ({
      suffix: ` (group ${i + 1} of ${count})`,
      resultFile: `.test-results/playwright-${i + 1}.json`,
      env: {
        E2E_GROUP: `${i + 1}/${count}`,
        E2E_PORT_BASE: String(400 + 100 * i),
        PLAYWRIGHT_JSON_OUTPUT_NAME: `.test-results/playwright-${i + 1}.json`,
      },
    }));
    if (!process.env.TEST_DATABASE_URL) return groups;
    const postgres = postgresVariant(400 + 100 * count);
    postgres.phase = process.env.E2E_POSTGRES_BESIDE === "1" ? "e2e" : "postgres";
    return [...groups, postgres];
  }
  return [{ suffix: "", env: {} }];
}

function e2eGroupCount() {
  const raw = process.env.E2E_GROUPS ?? "2";
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 4) throw new Error(`E2E_GROUPS must be 1 to 4, not ${raw}`);
  return n;
}

/** The PostgreSQL pass, on its own ports (beside the PGlite groups it must not share theirs). */
function postgresVariant(portBase) {
  // Database-level Vitest tests already run on both (test/support/db.ts testDatabases()); the end-to-end suite
  // runs a second time with every console on PostgreSQL.
  // Plus the two-instance suite behind nginx (e2e/scale-out.spec.ts), which needs one shared PostgreSQL
  // database; SCALE_LOAD_SECONDS keeps its load short here (600 is the full run, README.md "Testing").
  return {
    suffix: " (postgresql)",
    // Focused (playwright.config.ts POSTGRES_SPECS): what the engine changes in a running console — sessions
    // and limits, crashes and restarts, jobs, load, two instances. Screens and forms run on PGlite only.
    args: [
      "playwright",
      "test",
      "--project=users-api",
      "--project=auth",
      "--project=scale-out",
      "--reporter=list,json",
    ],
    env: {
      E2E_DATABASE_URL: process.env.TEST_DATABASE_URL,
      E2E_PORT_BASE: String(portBase),
      SCALE_LOAD_SECONDS: process.env.SCALE_LOAD_SECONDS ?? "60",
    },
  };
}

function buildCanaries() {
  return JSON.parse(readFileSync(new URL("../e2e/support/canaries.json", import.meta.url), "utf8")).build;
}

/** Default counting: the exit code is the whole verdict. */
function countByExitCode({ exitCode }) {
  return exitCode === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}

/** Vitest JSON reporter output; a missing or unreadable file (Vitest crashed) counts as 1 failure. */
function countVitest({ exitCode, resultFile }) {
  let report;
  try {
    report = JSON.parse(readFileSync(resultFile, "utf8"));
  } catch (error) {
    console.error(`[run-tests] unit: cannot read ${resultFile} (${error.code ?? error.message})`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const num = (value) => (Number.isFinite(value) ? value : 0);
  const counts = {
    passed: num(report.numPassedTests),
    failed: num(report.numFailedTests),
    skipped: num(report.numPendingTests) + num(report.numTodoTests),
  };
  // A test file that fails to load, an unhandled error or "no test files found" makes Vitest exit non-zero
  // without any failed test: that must still count as a failure.
  if (exitCode !== 0 && counts.failed === 0) {
    console.error(`[run-tests] unit: vitest exited ${exitCode} with no failed test; counting 1 failure`);
    counts.failed = 1;
  }
  return counts;
}

/** Runs a command; with `prefix`, its output goes line by line to ours, each line prefixed. */
function runCommand(command, args, env, prefix) {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit",
      env: { ...process.env, ...env },
      shell: process.platform === "win32",
    });
    if (prefix) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        let pending = "";
        from.setEncoding("utf8");
        from.on("data", (chunk) => {
          const lines = (pending + chunk).split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) to.write(`${prefix} ${line}\n`);
        });
        from.on("end", () => {
          if (pending) to.write(`${prefix} ${pending}\n`);
        });
      }
    }
    child.on("error", (error) => {
      console.error(`[run-tests] cannot start ${command}: ${error.message}`);
      resolveRun(127);
    });
    child.on("close", (code, signal) => {
      if (signal) console.error(`[run-tests] ${command} killed by ${signal}`);
      resolveRun(code ?? 1);
    });
  });
}

async function runSuite(suite, variant, prefixed = false) {
  const name = suite.name + variant.suffix;
  const relResult = variant.resultFile ?? suite.resultFile;
  const resultFile = relResult ? join(ROOT, relResult) : undefined;
  if (resultFile) rmSync(resultFile, { force: true });
  const args = variant.args ?? suite.args;
  console.log(`\n━━ ${name}: ${suite.command} ${args.join(" ")}`);
  const started = performance.now();
  const exitCode = await runCommand(
    suite.command,
    args,
    { ...suite.env, ...variant.env },
    prefixed ? `[${name}]` : undefined,
  );
  const durationMs = Math.round(performance.now() - started);
  const counts = (suite.count ?? countByExitCode)({ exitCode, resultFile });
  return { name, ...counts, durationMs };
}

function parseOnly(argv) {
  let only = process.env.TEST_ONLY ?? "";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--only") only = argv[++i] ?? "";
    else if (arg.startsWith("--only=")) only = arg.slice("--only=".length);
    else throw new Error(`unknown argument ${JSON.stringify(arg)} (expected --only <suite,...>)`);
  }
  const names = only
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const known = new Set(SUITES.map((suite) => suite.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`unknown suite ${unknown.join(", ")} (suites: ${[...known].join(", ")})`);
  }
  return names.length > 0 ? new Set(names) : known;
}

function printTable(results) {
  const rows = [
    ["suite", "passed", "failed", "skipped", "time"],
    ...results.map((r) => [
      r.name,
      String(r.passed),
      String(r.failed),
      String(r.skipped),
      `${(r.durationMs / 1000).toFixed(1)}s`,
    ]),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  console.log("");
  for (const row of rows) {
    console.log(
      row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join("  "),
    );
  }
}

function writeSummary(results) {
  const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
  const summary = {
    suites: results,
    passed: total("passed"),
    failed: total("failed"),
    skipped: total("skipped"),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

async function main() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  rmSync(SUMMARY_FILE, { force: true });

  let selected;
  try {
    selected = parseOnly(process.argv.slice(2));
  } catch (error) {
    console.error(`[run-tests] ${error.message}`);
    writeSummary([{ name: "arguments", passed: 0, failed: 1, skipped: 0, durationMs: 0 }]);
    console.log("0 passed, 1 failed");
    return 2;
  }

  if (process.env.TEST_DATABASE_URL) {
    console.log(
      "[run-tests] TEST_DATABASE_URL is set: database tests run on PGlite and PostgreSQL, and e2e runs twice",
    );
  }

  const results = [];
  const jobs = SUITES.filter((suite) => selected.has(suite.name)).flatMap((suite) =>
    suiteVariants(suite).map((variant) => ({ suite, variant, phase: variant.phase ?? suite.phase })),
  );
  for (const phase of PHASES) {
    const batch = jobs.filter((job) => job.phase === phase);
    const outcomes = await Promise.all(
      batch.map((job) => runSuite(job.suite, job.variant, batch.length > 1)),
    );
    results.push(...outcomes);
  }

  const summary = writeSummary(results);
  printTable(results);
  console.log("");
  if (summary.skipped > 0) console.log(`(${summary.skipped} skipped)`);
  console.log(`${summary.passed} passed, ${summary.failed} failed`);
  return summary.failed === 0 ? 0 : 1;
}

process.exitCode = await main();
