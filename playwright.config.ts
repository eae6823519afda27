import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's Chromium here and in CI (never `playwright install`); CHROMIUM_PATH wins; on a laptop without
// either, Playwright's own browser.
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export const SIM_PORT = 4410;
export const USERS_PORT = 3410;
export const LEGACY_PORT = 3411;
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;

const atlasEnv = (invitesApi: "users" | "invitations") => ({
  ATLAS_BASE_URL: SIM_URL,
  ATLAS_CLIENT_ID: "mdb_sa_id_5f0000000000000000000001",
  ATLAS_CLIENT_SECRET: "mdb_sa_sk_demo_owner_not_a_real_secret",
  ATLAS_INVITES_API: invitesApi,
  ATLAS_TIMEOUT_MS: "5000",
  CONSOLE_DEMO: "1",
  NEXT_TELEMETRY_DISABLED: "1",
});

const nextStart = (port: number) => `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${port}`;

export default defineConfig({
  testDir: "e2e",
  // One simulator is shared by both consoles: tests reset it, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "users-api", use: { baseURL: `http://127.0.0.1:${USERS_PORT}` }, testIgnore: /screenshots/ },
    {
      name: "invitations-api",
      use: { baseURL: `http://127.0.0.1:${LEGACY_PORT}` },
      testMatch: /invitations\.spec\.ts/,
      grep: /@both-apis/,
    },
    {
      name: "screenshots",
      use: { baseURL: `http://127.0.0.1:${USERS_PORT}`, viewport: { width: 1280, height: 800 } },
      testMatch: /screenshots\.spec\.ts/,
    },
  ],
  webServer: [
    {
      command: "node --import tsx sim/src/main.ts",
      env: { SIM_HOST: "127.0.0.1", SIM_PORT: String(SIM_PORT), SIM_SEED: "demo" },
      url: `${SIM_URL}/__sim/stats`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: nextStart(USERS_PORT),
      env: atlasEnv("users"),
      url: `http://127.0.0.1:${USERS_PORT}/api/orgs`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: nextStart(LEGACY_PORT),
      env: atlasEnv("invitations"),
      url: `http://127.0.0.1:${LEGACY_PORT}/api/orgs`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
});
