// What the crash tests share (test/audit/crash-reconcile.test.ts, test/bulk/crash-exactly-once.test.ts): a
// simulator, the console processes they start (killed, and their databases dropped, after the file), one fresh
// database per store (PGlite always, PostgreSQL when TEST_DATABASE_URL is set), and the environment of a
// console process against that simulator.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import type { Child } from "./child";
import { TEST_DATABASE_URL, createPostgresDatabase, tempDataDir } from "./db";

const UNSET = undefined as unknown as string;

export interface CrashKit {
  sim(): TestSim;
  /** Killed with SIGKILL after the file, if still running. */
  track(...children: Child[]): void;
  stores: { name: "pglite" | "postgres"; database: () => Promise<Record<string, string>> }[];
  /** A console process's environment: the store's database, the simulator's demo org, quiet jobs. */
  env(database: Record<string, string>, extra?: Record<string, string>): Record<string, string>;
}

export function useCrashProcesses(prefix: string): CrashKit {
  let sim: TestSim | undefined;
  const children: Child[] = [];
  const cleanup: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(async () => {
    for (const c of children) c.proc.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    for (const f of cleanup.reverse()) await f();
    await sim?.close();
  });
  return {
    sim: () => sim!,
    track: (...c) => children.push(...c),
    stores: [
      { name: "pglite", database: async () => ({ DATA_DIR: tempDataDir(prefix), DATABASE_URL: UNSET }) },
      ...(TEST_DATABASE_URL
        ? [
            {
              name: "postgres" as const,
              database: async () => {
                const fresh = await createPostgresDatabase(TEST_DATABASE_URL!);
                cleanup.push(() => fresh.drop());
                return { DATA_DIR: tempDataDir(prefix), DATABASE_URL: fresh.url };
              },
            },
          ]
        : []),
    ],
    env: (database, extra = {}) => ({
      ...database,
      CRASH_ORG_ID: DEMO.orgId,
      ATLAS_BASE_URL: sim!.url,
      ATLAS_CLIENT_ID: DEMO.owner.clientId,
      ATLAS_CLIENT_SECRET: DEMO.owner.clientSecret,
      ATLAS_INVITES_API: "users",
      CONSOLE_ENCRYPTION_KEYS: `vtest:${randomBytes(32).toString("base64")}`,
      CONSOLE_AUTH_SECRET: "vitest-auth-secret-not-for-production-0123456789",
      CONSOLE_URL: "http://127.0.0.1:3999",
      CONSOLE_DEMO: "0",
      NODE_ENV: "development",
      LEDGER_SYNC_MINUTES: "0",
      ...extra,
    }),
  };
}
