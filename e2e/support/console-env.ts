// The environment of a console server started for the end-to-end tests: by playwright.config.ts (its
// webServer entries) and by tests that start and stop their own console (e2e/restarts.spec.ts).
import { AUTH_SECRET, DEMO_ADMIN, SIM_URL, consoleDataDir, consoleDatabaseUrl, url } from "./ports";

export const consoleEnv = (name: string, port: number, extra: Record<string, string> = {}) => ({
  ATLAS_BASE_URL: SIM_URL,
  ATLAS_CLIENT_ID: "mdb_sa_id_5f0000000000000000000001",
  ATLAS_CLIENT_SECRET: "mdb_sa_sk_demo_owner_not_a_real_secret",
  ATLAS_INVITES_API: "users",
  ATLAS_TIMEOUT_MS: "5000",
  CONSOLE_DEMO: "1",
  CONSOLE_DEMO_PASSWORD: DEMO_ADMIN.password,
  CONSOLE_AUTH_SECRET: AUTH_SECRET,
  CONSOLE_URL: url(port),
  // A fresh database per console and per run (the command empties it first): PGlite in DATA_DIR, or its own
  // PostgreSQL database when E2E_DATABASE_URL is set.
  DATA_DIR: consoleDataDir(name),
  ...(consoleDatabaseUrl(name) ? { DATABASE_URL: consoleDatabaseUrl(name)! } : {}),
  NEXT_TELEMETRY_DISABLED: "1",
  // No scheduled ledger sync: it would add Atlas calls to the journals other specs count. A spec that needs
  // one calls POST /api/orgs/{orgId}/ledger/sync.
  LEDGER_SYNC_MINUTES: "0",
  // Specs sync several times within seconds (each its own baseline); the per-org limit has Vitest cases.
  LEDGER_SYNC_NOW_SECONDS: "0",
  ...extra,
});
