// docs/security.md T03: planted secrets never appear in `.next/`, in any HTTP response, in the console's logs, in
// audit rows or in the raw PGlite files. The planted ones: the env connection's Atlas secret, the auth signing
// secret, the SSO client secret, the encryption key ring (runtime and, through scripts/run-tests.mjs, build
// time) and a stored connection's secret created here through the API and then used (its test sends it to
// Atlas' token endpoint, so it passes through the code paths that could log it).
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { SIM_URL } from "./support/atlas";
import { CANARIES } from "./support/canaries";
import { AUTH_SECRET, E2E_DATABASE_URL, OIDC_CLIENT, consoleDataDir, consoleLog } from "./support/ports";

const ENV_ATLAS_SECRET = "mdb_sa_sk_demo_owner_not_a_real_secret";
const STORED = CANARIES.runtime.storedSecret;
/** Key material only: the `v1:` prefix is not secret. */
const keyOf = (ring: string) => ring.split(",").map((k) => k.slice(k.indexOf(":") + 1));

const RUNTIME_SECRETS: Record<string, string> = {
  "env Atlas secret": ENV_ATLAS_SECRET,
  "auth secret": AUTH_SECRET,
  "SSO client secret": OIDC_CLIENT.secret,
  "encryption key": keyOf(CANARIES.runtime.CONSOLE_ENCRYPTION_KEYS)[0]!,
  "stored connection secret": STORED,
};
const BUILD_SECRETS: Record<string, string> = {
  "build-time Atlas secret": CANARIES.build.ATLAS_CLIENT_SECRET!,
  "build-time auth secret": CANARIES.build.CONSOLE_AUTH_SECRET!,
  "build-time encryption key": keyOf(CANARIES.build.CONSOLE_ENCRYPTION_KEYS!)[0]!,
};

function leaks(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => name);
}

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const st = statSync(path);
    if (st.isDirectory()) yield* files(path);
    else if (st.isFile()) yield path;
  }
}

/** Searches bytes, not text: PGlite pages and build chunks are binary as often as not. */
function scanDir(
  dir: string,
  secrets: Record<string, string>,
  skip: (path: string) => boolean = () => false,
) {
  const needles = Object.entries(secrets).map(([name, value]) => [name, Buffer.from(value)] as const);
  const found: string[] = [];
  let scanned = 0;
  for (const path of files(dir)) {
    if (skip(path)) continue;
    const bytes = readFileSync(path);
    scanned++;
    for (const [name, needle] of needles) if (bytes.includes(needle)) found.push(`${name} in ${path}`);
  }
  return { found, scanned };
}

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

test("T03: planted secrets stay out of .next/, responses, logs, audit rows and the database files", async ({
  page,
  playwright,
}) => {
  test.setTimeout(150_000);
  const bodies: { url: string; text: string }[] = [];
  page.on("response", async (res) => {
    try {
      bodies.push({ url: res.url(), text: (await res.body()).toString("latin1") });
    } catch {
      // Redirects and aborted requests have no body to read.
    }
  });

  // A stored connection with the canary secret, tested (the secret goes to Atlas' token endpoint and is refused).
  await page.goto("/connections");
  await expect(page.getByRole("heading", { name: "Atlas connections" })).toBeVisible();
  const own = new URL(page.url()).origin;
  const created = await page.request.post("/api/connections", {
    headers: { Origin: own },
    data: {
      name: `T03 canary ${Date.now().toString(36)}`,
      baseUrl: SIM_URL,
      clientId: "mdb_sa_id_5f00000000000000000000c3",
      clientSecret: STORED,
      invitesApi: "users",
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connection = (await created.json()) as { connection?: { id: string }; id?: string };
  const connectionId = connection.connection?.id ?? connection.id;
  expect(connectionId).toBeTruthy();
  const tested = await page.request.post(`/api/connections/${connectionId}/test`, {
    headers: { Origin: own },
  });
  expect(tested.status()).toBeLessThan(500);
  const rotated = await page.request.post(`/api/connections/${connectionId}/rotate`, {
    headers: { Origin: own },
    data: { clientSecret: `${STORED}_rotated` },
  });
  expect(rotated.status(), await rotated.text()).toBeLessThan(300);

  // A personal API token: shown once (that answer is the one place it may be), then used by a script, revoked,
  // and used again: it must not appear in any later answer, log line, audit row or database file.
  const madeToken = await page.request.post("/api/account/tokens", {
    headers: { Origin: own },
    data: { name: `T03 canary token ${Date.now().toString(36)}` },
  });
  expect(madeToken.status(), await madeToken.text()).toBe(201);
  const apiToken = (await madeToken.json()) as { token: string; id: string };
  const script = await playwright.request.newContext({
    baseURL: own,
    extraHTTPHeaders: { Authorization: `Bearer ${apiToken.token}` },
    storageState: { cookies: [], origins: [] },
  });
  for (const path of ["/api/orgs", "/api/orgs/5f1000000000000000000001/invitations", "/api/audit"]) {
    const res = await script.get(path);
    expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
    bodies.push({ url: `${path} (token)`, text: await res.text() });
  }
  const revokedToken = await page.request.delete(`/api/account/tokens/${apiToken.id}`, {
    headers: { Origin: own },
  });
  expect(revokedToken.status()).toBe(204);
  const afterRevoke = await script.get("/api/orgs");
  expect(afterRevoke.status()).toBe(401);
  bodies.push({ url: "/api/orgs (revoked token)", text: await afterRevoke.text() });
  await script.dispose();
  const tokens = await page.request.get("/api/account/tokens");
  bodies.push({ url: "/api/account/tokens", text: await tokens.text() });

  // Every screen, then every read route, as the admin.
  for (const path of [
    "/",
    "/connections",
    "/audit",
    "/users",
    "/orgs/5f1000000000000000000001/invitations",
  ]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  for (const path of [
    "/api/orgs",
    "/api/connections",
    `/api/connections/${connectionId}`,
    "/api/audit",
    "/api/audit/export",
    "/api/users",
    "/api/orgs/5f1000000000000000000001/invitations",
  ]) {
    const res = await page.request.get(path);
    bodies.push({ url: path, text: await res.text() });
  }
  const secrets = {
    ...RUNTIME_SECRETS,
    "rotated secret": `${STORED}_rotated`,
    // Without its first characters (the prefix that lists show on purpose).
    "API token": apiToken.token.slice(8),
  };
  const inResponses = bodies.flatMap((b) => leaks(b.text, secrets).map((l) => `${l} in ${b.url}`));
  expect(inResponses).toEqual([]);
  expect(bodies.length).toBeGreaterThan(10);

  // The audit rows recorded the connection's creation, test and rotation — without the secret.
  const audit = await page.request.get("/api/audit/export");
  const csv = await audit.text();
  expect(csv).toMatch(/connection\.created/);
  expect(csv).toMatch(/connection\.secret_rotated/);
  expect(leaks(csv, secrets)).toEqual([]);

  await page.request.delete(`/api/connections/${connectionId}`, { headers: { Origin: own } });

  // The build output: no runtime secret (none existed at build time) and no build-time secret.
  expect(existsSync(".next"), "run `next build` first").toBe(true);
  const build = scanDir(".next", { ...RUNTIME_SECRETS, ...BUILD_SECRETS }, (p) =>
    p.includes(`${join(".next", "cache")}`),
  );
  expect(build.found).toEqual([]);
  expect(build.scanned).toBeGreaterThan(20);

  // The console's own output (pino logs, Next's messages) from the start of this run.
  const log = readFileSync(consoleLog("users"), "utf8");
  expect(log.length).toBeGreaterThan(0);
  expect(leaks(log, secrets)).toEqual([]);

  // The raw PGlite files (the encryption key file that demo mode may write is the only place a key may live).
  // On the PostgreSQL run the database is elsewhere; the repository tests check the stored ciphertext there.
  const data = scanDir(consoleDataDir("users"), secrets, (p) => p.endsWith("encryption.key"));
  expect(data.found).toEqual([]);
  if (!E2E_DATABASE_URL) expect(data.scanned).toBeGreaterThan(10);
});
