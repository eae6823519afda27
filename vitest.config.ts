import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "test/server-only.ts"),
    },
  },
  test: {
    include: ["sim/test/**/*.test.ts", "lib/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts"],
    // Three files at a time even on CI's two cores (Vitest's default there is one): the slow files mostly wait
    // (pg-boss cron ticks, child processes starting, timers), and three overlap that waiting: the suite took
    // 700 s with one worker and 376 s with three on the same 2-core machine. Child-process tests (CLI, a second
    // process on one data directory) take longer to start while others run: a CI run saw 56 s for a test that takes
    // 15 s alone, hence 120 s per test (a hung test still fails, later).
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
