import path from "node:path";
import { defineConfig } from "vitest/config";
import WaitFirstSequencer from "./test/support/sequencer";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "test/server-only.ts"),
    },
  },
  test: {
    include: ["sim/test/**/*.test.ts", "lib/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts"],
    // Migrated PGlite and PostgreSQL templates that test/support/db.ts copies instead of migrating per open().
    globalSetup: ["test/support/database-templates.ts"],
    // Three files at a time even on two cores (Vitest's default there is one): the slow files mostly wait
    // (pg-boss cron ticks, child processes starting, timers), and three overlap that waiting. Child-process
    // tests (CLI, a second process on one data directory) start several times slower while others run, hence
    // a generous limit per test (a hung test still fails, later).
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    sequence: { sequencer: WaitFirstSequencer },
  },
});
