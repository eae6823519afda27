// Attacks against the built server (scripts/server.mjs + next build), through real sockets and a real browser:
// malformed percent-encoding and traversal through real URL decoding (raw requests: fetch would normalise
// the path), cross-origin form posts and fetches from another port (T04), open-redirect spellings on the
// sign-in page's redirect and form (T18), forged X-Forwarded-For with and without TRUSTED_PROXIES and the
// per-account lockouts under parallel attempts (T19: passwords, two-factor codes), 300 anonymous requests
// (T21), and the data directory's file modes (T22). These last run on a console of their own, started and
// stopped here.
import type { ChildProcess } from "node:child_process";
import { serverNodeArgs } from "../scripts/server-node-args.mjs";
import { execFileSync, spawn } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID } from "./support/atlas";
import { totp } from "./support/auth";
import { consoleEnv } from "./support/console-env";
import { ADMIN_STATE, DEMO_ADMIN, PORTS, consoleDataDir, consoleDatabaseUrl, url } from "./support/ports";
import { adminCookie, raw } from "./support/raw-http";

const SHARED = url(PORTS.users);
// Next to the ports of e2e/support/ports.ts, moved by E2E_PORT_BASE like them.
const OWN_PORT = PORTS.hardening;
const OWN = url(OWN_PORT);
const ATTACKER_PORT = PORTS.attacker;
const ATTACKER = url(ATTACKER_PORT);

test.describe("on the shared console", () => {
  test("malformed percent-encoding answers 400 on every route class, signed in or not", async () => {
    const paths = [
      `/api/orgs/%E0%A4%A/invitations`,
      `/api/orgs/${ORG_ID}/invitations/%zz`,
      "/api/auth/%zz",
      "/api/auth/sign-in/%",
      "/api/%",
      "/%",
      "/orgs/%zz",
      "/orgs/%E0%A4%A/invitations",
      "/sign-in%",
      "/users/%C0",
      "/_next/static/%zz",
      "/icon.svg%",
    ];
    for (const cookie of [undefined, adminCookie(PORTS.users)]) {
      for (const path of paths) {
        const res = await raw(SHARED, path, { headers: cookie ? { cookie } : {} });
        expect(res.status, `${path} (${cookie ? "signed in" : "anonymous"}): ${res.body}`).toBe(400);
        expect(JSON.parse(res.body).error.code).toBe("invalid_input");
      }
    }
  });

  test("encoded dot segments and slashes reach no other route: 400 before Next.js resolves them", async () => {
    const cookie = adminCookie(PORTS.users);
    const refused = [
      "/api/orgs/..%2F..%2Fusers/invitations",
      "/api/orgs/%2e%2e/%2e%2e/api/users",
      "/api/orgs/%2E%2E/users",
      `/api/orgs/${ORG_ID}/invitations/..%2F..%2F..%2Fusers`,
      `/api/orgs/${ORG_ID}%2F..%2F..%2Fusers/invitations`,
      `/api/orgs/${ORG_ID}/invitations/%5C..%5Cusers`,
      "/orgs/%2e%2e/users",
      "/sign-in/%2e%2e/users",
      "/api/orgs/%00/invitations",
    ];
    for (const path of refused) {
      for (const headers of [{}, { cookie }] as Record<string, string>[]) {
        const res = await raw(SHARED, path, { headers });
        expect(res.status, `${path} ${headers.cookie ? "as admin" : "anonymous"}: ${res.body}`).toBe(400);
      }
    }
    // Encoded twice: one decoding leaves a literal "%2e%2e%2f", an id that is not one.
    const twice = "/api/orgs/%252e%252e%252fusers/invitations";
    expect((await raw(SHARED, twice)).status).toBe(401);
    expect((await raw(SHARED, twice, { headers: { cookie } })).status).toBe(400);
  });

  test("T04: a form post and a fetch from another port, with the admin's cookies, change nothing", async ({
    browser,
    sim,
  }) => {
    const victim = `csrf-${Date.now().toString(36)}@evil.example`;
    const target = `${SHARED}/api/orgs/${ORG_ID}/invitations`;
    const page = `<!doctype html><html><body>
      <form id="f" method="POST" action="${target}" enctype="text/plain">
        <input name='{"emails":"${victim}","orgRoles":["ORG_MEMBER"],"x":"' value='"}'>
      </form>
      <script>
        fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include",
          headers: { "Content-Type": "text/plain" },
          body: JSON.stringify({ emails: ${JSON.stringify(victim)}, orgRoles: ["ORG_MEMBER"] }) })
          .finally(() => { document.title = "fetched"; document.getElementById("f").submit(); });
      </script></body></html>`;
    const attacker = http.createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(page);
    });
    await new Promise<void>((r) => attacker.listen(ATTACKER_PORT, "127.0.0.1", r));
    try {
      const context = await browser.newContext({ storageState: ADMIN_STATE(PORTS.users) });
      const tab = await context.newPage();
      const posted = tab.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
      await tab.goto(`${ATTACKER}/`);
      const answer = await posted;
      expect([401, 403]).toContain(answer.status());
      await tab.waitForURL(target);
      await expect(tab.locator("body")).toContainText(/forbidden|unauthorized/);
      await context.close();
    } finally {
      await new Promise((r) => attacker.close(r));
    }
    expect(JSON.stringify(await sim.journal())).not.toContain(victim);
  });

  test("T04: an Origin that matches a forged Host header is still another origin (CONSOLE_URL decides)", async ({
    sim,
  }) => {
    const victim = `host-${Date.now().toString(36)}@evil.example`;
    const forged = {
      host: "evil.example:8080",
      origin: "http://evil.example:8080",
      "content-type": "application/json",
    };
    const invite = await raw(SHARED, `/api/orgs/${ORG_ID}/invitations`, {
      method: "POST",
      headers: { ...forged, cookie: adminCookie(PORTS.users) },
      body: JSON.stringify({ emails: victim, orgRoles: ["ORG_MEMBER"] }),
    });
    expect(invite.status, invite.body).toBe(403);
    const signIn = await raw(SHARED, "/api/auth/sign-in/email", {
      method: "POST",
      headers: forged,
      body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
    });
    expect(signIn.status, signIn.body).toBe(403);
    expect(signIn.headers["set-cookie"]).toBeUndefined();
    expect(JSON.stringify(await sim.journal())).not.toContain(victim);
  });

  const SPELLINGS = [
    `/\\127.0.0.1:${ATTACKER_PORT}/`,
    `\\\\127.0.0.1:${ATTACKER_PORT}/`,
    `/\t/127.0.0.1:${ATTACKER_PORT}/`,
    `/\r\n/127.0.0.1:${ATTACKER_PORT}/`,
    `\t//127.0.0.1:${ATTACKER_PORT}/`,
    `//127.0.0.1:${ATTACKER_PORT}/`,
    `${ATTACKER}/`,
    `/.//127.0.0.1:${ATTACKER_PORT}/`,
  ];

  test("T18: open-redirect spellings stay on the console, signed in (server redirect) and signed out (form)", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const signedIn = await browser.newContext({ storageState: ADMIN_STATE(PORTS.users) });
    const signedOut = await browser.newContext();
    for (const spelling of SPELLINGS) {
      const where = `/sign-in?next=${encodeURIComponent(spelling)}`;
      const a = await signedIn.newPage();
      await a.goto(`${SHARED}${where}`);
      await a.waitForLoadState("load");
      expect(new URL(a.url()).origin, `signed in, next=${JSON.stringify(spelling)}`).toBe(SHARED);
      await a.close();

      const b = await signedOut.newPage();
      await b.goto(`${SHARED}${where}`);
      await b.getByLabel("E-mail").fill(DEMO_ADMIN.email);
      await b.getByLabel("Password").fill(DEMO_ADMIN.password);
      await b.getByRole("button", { name: "Sign in", exact: true }).click();
      await b.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
      expect(new URL(b.url()).origin, `signed out, next=${JSON.stringify(spelling)}`).toBe(SHARED);
      await b.close();
      await signedOut.clearCookies();
    }
    await signedIn.close();
    await signedOut.close();
  });
});

// A console of its own: its environment changes between tests (TRUSTED_PROXIES), it is counted from empty,
// and its data directory is inspected.
let own: ChildProcess | null = null;
const OWN_DIR = consoleDataDir("hardening");

async function startOwn(extra: Record<string, string> = {}): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...consoleEnv("hardening", OWN_PORT, extra),
    HOST: "127.0.0.1",
    PORT: String(OWN_PORT),
  };
  // Generated into the data directory (T22), as outside production without it.
  delete env.CONSOLE_AUTH_SECRET;
  const child = spawn(process.execPath, [...serverNodeArgs(), "scripts/server.mjs"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}: ${stderr}`);
        return fetch(`${OWN}/sign-in`).then(
          (r) => r.status === 200,
          () => false,
        );
      },
      { timeout: 60_000, intervals: [200], message: `the console did not start: ${stderr}` },
    )
    .toBe(true);
  own = child;
}

async function stopOwn(): Promise<number | null> {
  if (!own || own.exitCode !== null) return own?.exitCode ?? null;
  const child = own;
  own = null;
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

async function ownAdmin(): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL: OWN, extraHTTPHeaders: { Origin: OWN } });
  const res = await api.post("/api/auth/sign-in/email", {
    data: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  });
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

/** A console user on the console of its own, with a password set through the one-time link. */
async function ownUser(): Promise<{ id: string; email: string; password: string }> {
  const admin = await ownAdmin();
  const email = `hardening-${Date.now().toString(36)}@people.example`;
  const res = await admin.post("/api/users", { data: { email, role: "viewer" } });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  const token = new URL(body.setPasswordUrl).searchParams.get("token")!;
  const password = `pw-hardening-${Date.now()}-0123456789`;
  const set = await admin.post("/api/auth/reset-password", { data: { newPassword: password, token } });
  expect(set.status(), await set.text()).toBe(200);
  await admin.dispose();
  return { id: body.user.id, email, password };
}

async function refusedRows(
  api: APIRequestContext,
): Promise<{ id: string; ip: string | null; detail: string }[]> {
  const res = await api.get(
    `/api/audit?${new URLSearchParams({ action: "request.refused", pageSize: "200" })}`,
  );
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).rows;
}

test.describe("on a console of its own", () => {
  test.describe.configure({ mode: "serial" });
  test.beforeAll(() => {
    rmSync(OWN_DIR, { recursive: true, force: true });
  });
  // On PostgreSQL the sign-in limits live in the database (shared by instances) and outlive a restart:
  // each test starts from an empty database, as it does from an empty limiter on PGlite.
  test.beforeEach(() => {
    const databaseUrl = consoleDatabaseUrl("hardening");
    if (databaseUrl) execFileSync(process.execPath, ["scripts/e2e-fresh-db.mjs", databaseUrl]);
  });
  test.afterEach(async () => {
    await stopOwn();
  });

  test("T22: the data directory is 0700 and its files 0600 after first start, key generation and rotation", async () => {
    test.skip(
      !!consoleDatabaseUrl("hardening"),
      "checks the modes of PGlite's files in DATA_DIR; on PostgreSQL the data lives in the server (this test runs in the PGlite pass)",
    );
    test.setTimeout(180_000);
    const modes = () => {
      const bad: string[] = [];
      const walk = (dir: string) => {
        if ((statSync(dir).mode & 0o777) !== 0o700)
          bad.push(`${dir} ${(statSync(dir).mode & 0o777).toString(8)}`);
        for (const name of readdirSync(dir)) {
          const p = join(dir, name);
          const st = statSync(p);
          if (st.isDirectory()) walk(p);
          else if ((st.mode & 0o777) !== 0o600) bad.push(`${p} ${(st.mode & 0o777).toString(8)}`);
        }
      };
      walk(OWN_DIR);
      return bad;
    };
    await startOwn();
    expect((statSync(OWN_DIR).mode & 0o777).toString(8)).toBe("700");
    expect(readdirSync(OWN_DIR)).toEqual(expect.arrayContaining(["auth-secret", "encryption.key", "pglite"]));
    expect(await stopOwn()).toBe(143);
    expect(modes()).toEqual([]);
    // Rotation (the CLI opens the same directory).
    execFileSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/console.ts", "keys", "rotate"],
      { env: { ...process.env, ...consoleEnv("hardening", OWN_PORT), CONSOLE_AUTH_SECRET: undefined } },
    );
    expect(modes()).toEqual([]);
    await startOwn();
    expect(await stopOwn()).toBe(143);
    expect(modes()).toEqual([]);
  });

  test("T19: a forged X-Forwarded-For is not the audited address, and rotating it escapes no limit", async () => {
    await startOwn();
    for (const forged of ["6.6.6.6", "6.6.6.6, 7.7.7.7", "junk"]) {
      const res = await raw(OWN, "/api/users", { headers: { "x-forwarded-for": forged } });
      expect(res.status).toBe(401);
    }
    const admin = await ownAdmin();
    const ips = new Set((await refusedRows(admin)).map((r) => r.ip));
    expect([...ips]).toEqual(["127.0.0.1"]);
    // better-auth's per-address sign-in limit (30 a minute) counts the socket address, whatever the header says.
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await raw(OWN, "/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: OWN, "x-forwarded-for": `198.51.100.${i}` },
        body: JSON.stringify({ email: `nobody-${i}@example.com`, password: "wrong-password-123" }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    await admin.dispose();
  });

  test("T19: behind a trusted proxy, the address left of it is the client's", async () => {
    // The test's own socket plays the proxy.
    await startOwn({ TRUSTED_PROXIES: "127.0.0.1" });
    const res = await raw(OWN, "/api/users", { headers: { "x-forwarded-for": "6.6.6.6, 203.0.113.9" } });
    expect(res.status).toBe(401);
    // The proxy's X-Forwarded-Proto stands: over https, HSTS.
    const https = await raw(OWN, "/sign-in", { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    // API routes skip the proxy (proxy.ts); next.config.ts gives them HSTS under the same condition.
    const httpsApi = await raw(OWN, "/api/orgs", { headers: { "x-forwarded-proto": "https" } });
    expect(httpsApi.status).toBe(401);
    expect(httpsApi.headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
    const plainApi = await raw(OWN, "/api/orgs");
    expect(plainApi.headers["strict-transport-security"]).toBeUndefined();
    const admin = await ownAdmin();
    expect((await refusedRows(admin)).map((r) => r.ip)).toContain("203.0.113.9");
    await admin.dispose();
  });

  test("T19: 25 parallel wrong passwords on one account: at most 5 evaluated, then the right one is refused", async () => {
    await startOwn();
    const user = await ownUser();
    const attempt = (password: string) =>
      raw(OWN, "/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: OWN },
        body: JSON.stringify({ email: user.email, password }),
      });
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => attempt(`wrong-password-${i}-xyz`)),
    );
    const evaluated = answers.filter((a) => a.status === 401);
    expect(evaluated.length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(20);
    const right = await attempt(user.password);
    expect(right.status).toBe(429);
    expect(right.body).toContain("Too many failed sign-ins for this account");
  });

  test("T19: two-factor codes from a password holder: 20 over 4 parallel sign-ins, at most 10 checked, then locked and audited", async () => {
    // The socket plays a trusted proxy, so that every call comes from an address of its own: the per-address
    // rate limit never answers instead of the account's lock.
    await startOwn({ TRUSTED_PROXIES: "127.0.0.1" });
    const user = await ownUser();
    let address = 0;
    const from = async () =>
      playwrightRequest.newContext({
        baseURL: OWN,
        extraHTTPHeaders: { Origin: OWN, "x-forwarded-for": `198.51.100.${(++address % 250) + 1}` },
      });
    const signIn = async (api: APIRequestContext) => {
      const res = await api.post("/api/auth/sign-in/email", {
        data: { email: user.email, password: user.password },
      });
      expect(res.status(), await res.text()).toBe(200);
      return res.json();
    };
    // The user turns TOTP on through better-auth's own endpoints.
    const me = await from();
    await signIn(me);
    const enable = await me.post("/api/auth/two-factor/enable", { data: { password: user.password } });
    expect(enable.status(), await enable.text()).toBe(200);
    const secret = new URL((await enable.json()).totpURI).searchParams.get("secret")!;
    expect(
      (await me.post("/api/auth/two-factor/verify-totp", { data: { code: totp(secret) } })).status(),
    ).toBe(200);
    await me.dispose();
    const valid = new Set([-30_000, 0, 30_000].map((d) => totp(secret, Date.now() + d)));
    const wrong = ["000000", "111111", "222222", "333333", "444444", "555555"].find((c) => !valid.has(c))!;

    const challenges = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const api = await from();
        expect(await signIn(api)).toMatchObject({ twoFactorRedirect: true });
        return api;
      }),
    );
    const codes = (
      await Promise.all(
        challenges.map(async (api) => {
          const mine: string[] = [];
          for (let i = 0; i < 5; i++) {
            const res = await api.post("/api/auth/two-factor/verify-totp", { data: { code: wrong } });
            mine.push((await res.json()).code);
          }
          return mine;
        }),
      )
    ).flat();
    expect(codes.filter((c) => c === "INVALID_CODE")).toHaveLength(10);
    expect(codes.filter((c) => c === "ACCOUNT_TEMPORARILY_LOCKED")).toHaveLength(10);

    // A new sign-in (the right password) does not lift the lock: the right code is refused.
    const late = await from();
    expect(await signIn(late)).toMatchObject({ twoFactorRedirect: true });
    const right = await late.post("/api/auth/two-factor/verify-totp", { data: { code: totp(secret) } });
    expect(right.status()).toBe(429);
    for (const api of [...challenges, late]) await api.dispose();

    const admin = await ownAdmin();
    const rows = async (action: string) => {
      const res = await admin.get(
        `/api/audit?${new URLSearchParams({ action, target: user.email, pageSize: "200" })}`,
      );
      expect(res.status(), await res.text()).toBe(200);
      return (await res.json()).rows as { outcome: string; detail: string | null }[];
    };
    const failed = await rows("auth.two_factor_failed");
    expect(failed.filter((r) => r.outcome === "failure")).toHaveLength(10);
    expect(failed.filter((r) => r.outcome === "refused").map((r) => r.detail)).toEqual([
      "two-factor sign-in locked for 15 minutes after 10 wrong codes",
    ]);
    expect((await rows("auth.password_verified")).length).toBe(5);
    await admin.dispose();
  });

  test("deactivated: the right password is answered exactly like a wrong one, and an unused set-password link is dead", async () => {
    await startOwn();
    const user = await ownUser();
    const admin = await ownAdmin();
    const link = await admin.post(`/api/users/${user.id}/set-password-link`);
    expect(link.status(), await link.text()).toBe(201);
    const token = new URL((await link.json()).setPasswordUrl).searchParams.get("token")!;
    expect((await admin.patch(`/api/users/${user.id}`, { data: { active: false } })).status()).toBe(200);
    const reset = await admin.post("/api/auth/reset-password", {
      data: { newPassword: "a-new-password-0123456789", token },
    });
    expect(reset.status(), await reset.text()).toBe(400);
    const attempt = (password: string) =>
      raw(OWN, "/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: OWN },
        body: JSON.stringify({ email: user.email, password }),
      });
    const wrong = await attempt("wrong-password-0123456");
    const right = await attempt(user.password);
    expect(right.status).toBe(wrong.status);
    expect(right.body).toBe(wrong.body);
    await admin.dispose();
  });

  test("T21: 300 anonymous requests add at most a handful of audit rows, and one says how many", async () => {
    test.setTimeout(180_000);
    // The test's socket plays a trusted proxy, so that the burst comes from an address of its own: earlier
    // tests' refusals (from 127.0.0.1) are other callers, with tallies and sums of their own.
    await startOwn({ TRUSTED_PROXIES: "127.0.0.1" });
    const admin = await ownAdmin();
    const caller = `203.0.113.${10 + (Date.now() % 200)}`;
    const mine = async () => (await refusedRows(admin)).filter((r) => r.ip === caller);
    const minuteOf = (t: number) => Math.floor(t / 60_000);
    // Start well inside a minute, so that the burst is most likely one caller-minute.
    await expect
      .poll(() => Date.now() % 60_000, { timeout: 25_000, intervals: [1_000] })
      .toBeLessThanOrEqual(40_000);
    const anonymous = await playwrightRequest.newContext({
      baseURL: OWN,
      extraHTTPHeaders: { "x-forwarded-for": caller },
    });
    const burstStart = Date.now();
    const answers = await Promise.all(Array.from({ length: 300 }, () => anonymous.get("/api/users")));
    const crossed = minuteOf(Date.now()) - minuteOf(burstStart);
    expect(answers.every((a) => a.status() === 401)).toBe(true);
    // One row for the caller-minute's first refusal. A slow machine may carry the burst into the next
    // minute: that minute's first refusal is one more row, and it sums up the minute before (one more).
    const during = await mine();
    expect(during.length, JSON.stringify(during)).toBeGreaterThanOrEqual(1);
    expect(during.length, JSON.stringify(during)).toBeLessThanOrEqual(1 + 2 * crossed);
    // After the minute, the first refusal of any new caller-minute sums the finished one up: other callers
    // (one address each) ask until the caller's sum is there.
    const sumsOf = (rows: { detail?: string | null }[]) =>
      rows.flatMap((r) => {
        const n = /^(\d+) refused requests/.exec(r.detail ?? "")?.[1];
        return n ? [Number(n)] : [];
      });
    const bystanders = await playwrightRequest.newContext({ baseURL: OWN });
    let others = 0;
    await expect
      .poll(
        async () => {
          const other = `198.51.100.${++others}`;
          await bystanders.get("/api/orgs", { headers: { "x-forwarded-for": other } });
          return sumsOf(await mine()).length;
        },
        { timeout: 90_000, intervals: [2_000] },
      )
      .toBeGreaterThan(0);
    // The caller's next refusal is the first of its new minute: a row of its own.
    expect((await anonymous.get("/api/orgs")).status()).toBe(401);
    const rows = await mine();
    const sums = sumsOf(rows);
    if (crossed === 0) {
      // The minute's first row, its sum (all 300, the first included), the next minute's first row.
      expect(sums, JSON.stringify(rows)).toEqual([300]);
      expect(rows.length, JSON.stringify(rows)).toBe(3);
    } else {
      // A minute with a single refusal has its own row and no sum.
      expect(
        sums.reduce((a, b) => a + b, 0),
        JSON.stringify(rows),
      ).toBeGreaterThanOrEqual(300 - crossed);
      expect(
        sums.reduce((a, b) => a + b, 0),
        JSON.stringify(rows),
      ).toBeLessThanOrEqual(300);
      expect(rows.length, JSON.stringify(rows)).toBeLessThanOrEqual(3 + 2 * crossed);
    }
    await bystanders.dispose();
    await anonymous.dispose();
    await admin.dispose();
  });
});
