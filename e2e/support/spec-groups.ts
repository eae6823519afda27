// Splits the e2e spec files of the PGlite pass into groups of about equal time, so that scripts/run-tests.mjs can
// run them as several Playwright processes at once (E2E_GROUP=i/n, each with its own servers on E2E_PORT_BASE).
// The times are measured ones (e2e/spec-times.json, written by scripts/spec-times.mjs from the last run's JSON
// reports); a spec without a measure counts as the median, so a new spec lands somewhere sensible until the next
// measure. Longest first, each into the group with the least time so far (LPT): deterministic for a given file.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function loadSpecTimes(file = path.join(E2E_DIR, "spec-times.json")): Record<string, number> {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
}

/** The groups, each a list of spec file names (e.g. "audit.spec.ts"), in a stable order. */
export function specGroups(specs: string[], times: Record<string, number>, count: number): string[][] {
  const known = specs.map((s) => times[s]).filter((t): t is number => typeof t === "number");
  const sortedKnown = [...known].sort((a, b) => a - b);
  const median = sortedKnown[Math.floor(sortedKnown.length / 2)] ?? 60;
  const weighted = specs
    .map((spec): { spec: string; t: number } => ({ spec, t: times[spec] ?? median }))
    .sort((a, b) => b.t - a.t || a.spec.localeCompare(b.spec));
  const groups = Array.from({ length: count }, () => ({ specs: [] as string[], t: 0 }));
  for (const { spec, t } of weighted) {
    const lightest = groups.reduce((min, g) => (g.t < min.t ? g : min));
    lightest.specs.push(spec);
    lightest.t += t;
  }
  return groups.map((g) => g.specs.sort());
}

/** E2E_GROUP as { index (1-based), count }, or null when unset. */
export function parseGroup(value: string | undefined): { index: number; count: number } | null {
  if (value === undefined || value === "") return null;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || count > 8 || index < 1 || index > count) {
    throw new Error(
      `E2E_GROUP must look like 1/2 (group/groups, at most 8 groups), not ${JSON.stringify(value)}`,
    );
  }
  return { index, count };
}

/** Every spec file of e2e/ (not the sign-in setup). */
export function allSpecs(): string[] {
  return readdirSync(E2E_DIR)
    .filter((f) => f.endsWith(".spec.ts"))
    .sort();
}
