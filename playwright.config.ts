import { defineConfig } from "@playwright/test";
import { serverNodeArgs } from "./scripts/server-node-args.mjs";
import { chromiumLaunchOptions } from "./scripts/chromium.mjs";
import {
  ADMIN_STATE,
  IDP_URL,
  OIDC_CLIENT,
  PORTS,
  SHORT_SESSION,
  consoleDataDir,
  consoleDatabaseUrl,
  consoleLog,
  SIM_URL,
  url,
} from "./e2e/support/ports";
import { CANARIES } from "./e2e/support/canaries";
import { consoleEnv } from "./e2e/support/console-env";
import { allSpecs, loadSpecTimes, parseGroup, specGroups } from "./e2e/support/spec-groups";

export const SIM_PORT = PORTS.sim;
export const USERS_PORT = PORTS.users;
export const LEGACY_PORT = PORTS.legacy;
export { SIM_URL };

const dataDir = consoleDataDir;
// Each console's output is also kept in a file: the T03 canary test reads the logs for planted secrets.
const freshPostgres = (name: string) =>
  consoleDatabaseUrl(name) ? `node scripts/e2e-fresh-db.mjs '${consoleDatabaseUrl(name)}' && ` : "";
const nextStart = (name: string, port: number) =>
  `rm -rf ${dataDir(name)} && mkdir -p ${dataDir(name)} .test-results/e2e-logs && ${freshPostgres(name)}` +
  `HOST=127.0.0.1 PORT=${port} node ${serverNodeArgs().join(" ")} scripts/server.mjs 2>&1 | tee ${consoleLog(name)}`;

const ssoEnv = {
  OIDC_ISSUER: IDP_URL,
  OIDC_CLIENT_ID: OIDC_CLIENT.id,
  OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
  OIDC_NAME: "Corp SSO",
  OIDC_ALLOWED_DOMAINS: "corp.example",
  OIDC_ROLE_CLAIM: "console_role",
  OIDC_DEFAULT_ROLE: "viewer",
};

const consoleServer = (name: string, port: number, extra: Record<string, string> = {}) => ({
  command: nextStart(name, port),
  env: consoleEnv(name, port, extra),
  // The sign-in page answers without a session; reaching it means the server is up.
  url: `${url(port)}/sign-in`,
  reuseExistingServer: false,
  timeout: 120_000,
});

// The PostgreSQL pass (E2E_DATABASE_URL) is focused on what the database engine changes once the console is
// built and running: sessions and sign-in limits (kept in the database there, shared by instances), crashes and
// restarts, durability of half-done work, the job layer (pg-boss on PostgreSQL instead of PGlite), load, planted
// secrets, and two instances behind nginx. Screens, forms and layout do not depend on the engine: they run on
// PGlite only, and every query they rely on runs on both engines in the Vitest suite (test/support/db.ts).
// This keeps CI under its time budget (README.md "Testing").
const ON_POSTGRES = !!consoleDatabaseUrl("users");
/** On the PostgreSQL pass, the users-api project runs only these; the auth project only POSTGRES_AUTH_SPECS. */
const POSTGRES_SPECS = [
  /built-errors\.spec\.ts/,
  /edit-renew\.spec\.ts/,
  /ledger-sync\.spec\.ts/,
  // load-t17.spec.ts runs on PGlite only: on PostgreSQL, scale-out.spec.ts runs T17 through the proxy with
  // two instances and one of them restarted, which covers it.
  /restarts\.spec\.ts/,
  /security-canary\.spec\.ts/,
];
const POSTGRES_AUTH_SPECS = /auth-(hardening|session|matrix|sso)\.spec\.ts/;

const setupFor = (port: number) => ({ baseURL: url(port), storageState: undefined });

// `npm test` runs the PGlite pass as several Playwright processes at once (scripts/run-tests.mjs), E2E_GROUP=1/2,
// 2/2 …, each with its own servers (E2E_PORT_BASE). The groups are computed from measured per-spec times
// (e2e/spec-times.json, e2e/support/spec-groups.ts); without E2E_GROUP every spec runs.
const GROUP = parseGroup(process.env.E2E_GROUP);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const GROUPED_SPECS = allSpecs().filter((s) => !/^(screenshots|scale-out)\.spec\.ts$/.test(s));
const OTHER_GROUPS_SPECS = GROUP
  ? specGroups(GROUPED_SPECS, loadSpecTimes(), GROUP.count)
      .filter((_, i) => i !== GROUP.index - 1)
      .flat()
  : [];
/** Whether this run has the spec: its group's (E2E_GROUP), the focused PostgreSQL pass's, or every spec. */
const runsSpec = (spec: string) =>
  !OTHER_GROUPS_SPECS.includes(spec) &&
  (!ON_POSTGRES || POSTGRES_SPECS.some((re) => re.test(spec)) || POSTGRES_AUTH_SPECS.test(spec));
// A console is started only for a run that uses it: the legacy-API one serves the invitations-api project
// (invitations.spec.ts, not on the PostgreSQL pass), the short-session one e2e/auth-session.spec.ts. Each start
// creates and migrates a database (about 20 s of CPU on CI's two cores), and an idle console still polls its jobs.
const NEEDS_LEGACY = !ON_POSTGRES && runsSpec("invitations.spec.ts");
const NEEDS_SHORT = runsSpec("auth-session.spec.ts");
/** Added to the testIgnore of every project but the sign-in setups: the specs of the other groups. */
const GROUP_IGNORE = OTHER_GROUPS_SPECS.length
  ? [new RegExp(`/(?:${OTHER_GROUPS_SPECS.map(escapeRe).join("|")})$`)]
  : [];

export default defineConfig({
  testDir: "e2e",
  // One simulator is shared by every console: tests reset it, so they run one at a time.
  workers: 1,
  // Per port base: several Playwright processes at once (E2E_GROUP) must not clear each other's output.
  outputDir: `test-results/${PORTS.sim}`,
  fullyParallel: false,
  retries: 0,
  // Room for a slow machine: a CI machine of 2026-12-02 ran every test about twice as long as the one before
  // it (and longer still with the two halves at once); 45 s and 10 s were then too short for 8 tests that pass.
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: "list",
  use: {
    // No trace by default: recording one (DOM snapshots and screenshots at every action) doubled the browser's
    // CPU time (layout.spec.ts alone: 75 s → 39 s of CPU, 4.7 → 3.5 min, 2026-12-06). A failure still leaves its
    // error, the page's aria snapshot (error-context.md) and a screenshot; E2E_TRACE=1 records traces again.
    trace: process.env.E2E_TRACE === "1" ? "retain-on-failure" : "off",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    // Signs in as the demo admin on each console and saves the storage state the other projects start from.
    { name: "setup", testMatch: /setup\.ts$/, use: setupFor(USERS_PORT) },
    ...(NEEDS_LEGACY ? [{ name: "setup-legacy", testMatch: /setup\.ts$/, use: setupFor(LEGACY_PORT) }] : []),
    {
      name: "users-api",
      use: { baseURL: url(USERS_PORT), storageState: ADMIN_STATE(USERS_PORT) },
      ...(ON_POSTGRES ? { testMatch: POSTGRES_SPECS } : {}),
      testIgnore: [/screenshots/, /auth.*\.spec\.ts/, /scale-out\.spec\.ts/, ...GROUP_IGNORE],
      dependencies: ["setup"],
    },
    // Always defined (npm test names it with --project in every group), but with no test and no legacy console
    // where the run does not have invitations.spec.ts.
    NEEDS_LEGACY
      ? {
          name: "invitations-api",
          use: { baseURL: url(LEGACY_PORT), storageState: ADMIN_STATE(LEGACY_PORT) },
          testMatch: /invitations\.spec\.ts/,
          testIgnore: GROUP_IGNORE,
          grep: /@both-apis/,
          dependencies: ["setup-legacy"],
        }
      : { name: "invitations-api", testMatch: /(?!)/ },
    {
      // Sign-in, roles, sessions, headers, SSO and the role × route matrix (each test signs in itself).
      name: "auth",
      use: { baseURL: url(USERS_PORT) },
      testMatch: ON_POSTGRES ? POSTGRES_AUTH_SPECS : /auth.*\.spec\.ts/,
      testIgnore: GROUP_IGNORE,
      dependencies: ["setup"],
    },
    // Two consoles on one PostgreSQL database behind nginx (the spec starts all three itself): only with
    // E2E_DATABASE_URL, in the PostgreSQL pass of scripts/run-tests.mjs.
    ...(consoleDatabaseUrl("users")
      ? [{ name: "scale-out", testMatch: /scale-out\.spec\.ts/, timeout: 180_000 }]
      : []),
    {
      name: "screenshots",
      use: {
        baseURL: url(USERS_PORT),
        storageState: ADMIN_STATE(USERS_PORT),
        viewport: { width: 1280, height: 800 },
      },
      testMatch: /screenshots\.spec\.ts/,
      dependencies: ["setup"],
    },
  ],
  webServer: [
    {
      command: "node --import tsx sim/src/main.ts",
      env: {
        SIM_HOST: "127.0.0.1",
        SIM_PORT: String(SIM_PORT),
        SIM_SEED: "demo",
        SIM_LISTEN_WAIT_MS: "15000",
      },
      url: `${SIM_URL}/__sim/stats`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: "node --import tsx e2e/support/idp-server.ts",
      env: {
        IDP_PORT: String(PORTS.idp),
        IDP_CLIENT_ID: OIDC_CLIENT.id,
        IDP_CLIENT_SECRET: OIDC_CLIENT.secret,
        IDP_REDIRECT_URIS: `${url(USERS_PORT)}/api/auth/callback/oidc`,
      },
      url: `${IDP_URL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    consoleServer("users", USERS_PORT, {
      ...ssoEnv,
      CONSOLE_ENCRYPTION_KEYS: CANARIES.runtime.CONSOLE_ENCRYPTION_KEYS,
    }),
    ...(NEEDS_LEGACY ? [consoleServer("legacy", LEGACY_PORT, { ATLAS_INVITES_API: "invitations" })] : []),
    ...(NEEDS_SHORT
      ? [
          consoleServer("short", PORTS.short, {
            SESSION_IDLE_MINUTES: String(SHORT_SESSION.idleSeconds / 60),
            SESSION_MAX_HOURS: String(SHORT_SESSION.maxSeconds / 3600),
          }),
        ]
      : []),
  ],
});
