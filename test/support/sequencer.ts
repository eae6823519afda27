// The order in which Vitest starts test files: the ones that wait on real time (two one-minute pg-boss ticks,
// workers that poll every few seconds, child processes killed and restarted) first, so their waiting overlaps
// the rest of the suite instead of setting the end of the run; then Vitest's own order (cached durations,
// else file size) for the others.
import { BaseSequencer, type TestSpecification } from "vitest/node";

const WAIT_FIRST = [
  "test/bulk/crash-exactly-once.test.ts",
  "test/ledger/sync-two-instances.test.ts",
  "test/notifications/two-instances.test.ts",
  "test/audit/crash-reconcile.test.ts",
  "test/jobs/jobs.test.ts",
  "test/notifications/notifications.test.ts",
  "test/connections/keys-startup.test.ts",
];

export default class WaitFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = WAIT_FIRST.findIndex((suffix) => f.moduleId.endsWith(suffix));
      return i === -1 ? WAIT_FIRST.length : i;
    };
    // Array.prototype.sort is stable: the others keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
