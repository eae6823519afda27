// Ports of the servers playwright.config.ts starts. E2E_PORT_BASE moves all of them at once, so that several
// people (or worktrees) can run the suites side by side: base 400 (default) → simulator 4410, consoles 3410+.
const base = Number(process.env.E2E_PORT_BASE ?? 400);
if (!Number.isInteger(base) || base < 0 || base > 999) throw new Error("E2E_PORT_BASE must be 0..999");

export const PORTS = {
  sim: 4010 + base,
  idp: 4011 + base,
  /** Users API mode; single sign-on configured against the test IdP. */
  users: 3010 + base,
  /** Legacy invitations API mode. */
  legacy: 3011 + base,
  /** Short idle and absolute session lifetimes (T14). */
  short: 3012 + base,
  /** Started, killed and restarted by e2e/restarts.spec.ts itself (T13). */
  restarts: 3013 + base,
  /** Started, killed and restarted by e2e/built-errors.spec.ts itself (Atlas error classes after restarts). */
  builtErrors: 3014 + base,
  /** Started by e2e/load-t17.spec.ts itself (T17 load). */
  load: 3015 + base,
  /** Started by e2e/auth-hardening.spec.ts itself (its own TRUSTED_PROXIES and CONSOLE_URL). */
  hardening: 3016 + base,
  /** Started, killed with SIGKILL mid-renew and restarted by e2e/edit-renew.spec.ts itself. */
  editRenew: 3019 + base,
  /** The "attacker" page of e2e/auth-hardening.spec.ts (cross-origin posts and fetches). */
  attacker: 4012 + base,
  /** The two consoles of e2e/scale-out.spec.ts (one PostgreSQL database), started by the spec itself. */
  scaleA: 3017 + base,
  scaleB: 3018 + base,
  /** nginx in front of them (deploy/nginx/console.conf), started by e2e/scale-out.spec.ts. */
  proxy: 4013 + base,
};

export const url = (port: number) => `http://127.0.0.1:${port}`;
export const SIM_URL = url(PORTS.sim);
export const IDP_URL = url(PORTS.idp);

/** Fixed for tests only (demo mode): the demo admin's password and the signing secret. */
export const DEMO_ADMIN = { email: "admin@demo.local", password: "e2e-demo-password-0123" };
export const AUTH_SECRET = "e2e-auth-secret-not-for-production-0123456789";
export const OIDC_CLIENT = { id: "invite-console-e2e", secret: "e2e-oidc-client-secret-0123456789" };
/** Short-lived console: idle 0.1 min (6 s), absolute 0.005 h (18 s). */
export const SHORT_SESSION = { idleSeconds: 6, maxSeconds: 18 };

/** Storage state of the demo admin, written by the `setup` project (one file per console). */
export const ADMIN_STATE = (port: number) => `e2e/.auth/admin-${port}.json`;

/** Where playwright.config.ts keeps each console's data directory and output (stdout + stderr). */
export const consoleDataDir = (name: string) => `.test-results/e2e-data/${PORTS.sim}-${name}`;
export const consoleLog = (name: string) => `.test-results/e2e-logs/${PORTS.sim}-${name}.log`;

/**
 * Set (by scripts/run-tests.mjs, from TEST_DATABASE_URL) to run the consoles on PostgreSQL instead of PGlite:
 * each console gets its own database, `console_e2e_<sim port>_<name>`, re-created empty at its start.
 */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || undefined;
export function consoleDatabaseUrl(name: string): string | undefined {
  if (!E2E_DATABASE_URL) return undefined;
  const u = new URL(E2E_DATABASE_URL);
  // Database names are [a-z0-9_] (scripts/e2e-fresh-db.mjs refuses anything else): "edit-renew" → "edit_renew".
  u.pathname = `/console_e2e_${PORTS.sim}_${name.toLowerCase().replace(/[^a-z0-9_]/g, "_")}`;
  return u.toString();
}
