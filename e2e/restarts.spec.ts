// T13: restarts. A console of its own (port PORTS.restarts, its own data directory or PostgreSQL
// database) is stopped ten times with SIGTERM and ten times with SIGKILL, and started again each time. After
// every start: the admin's session from before the first start still works, the stored connection (a
// setting) is still there, and every acknowledged invitation has its completed audit row. At the end: the
// stored connection's secret still decrypts (its test reaches Atlas), Atlas saw at most one token request per
// connection per process, every SIGTERM revoked the tokens its process held, and the audit hash chain
// verifies with `npm run console -- audit verify`.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, inviteByApi, test } from "./fixtures";
import { SIM_URL, uniqueEmail } from "./support/atlas";
import { ownConsole } from "./support/console-process";
import { PORTS, consoleDataDir, consoleDatabaseUrl } from "./support/ports";

const NAME = "restarts";
const own = ownConsole(NAME, PORTS.restarts);
const ROUNDS = { SIGTERM: 10, SIGKILL: 10 } as const;
const SECOND = {
  name: "Second org (kept across restarts)",
  clientId: "mdb_sa_id_5f0000000000000000000003",
  clientSecret: "mdb_sa_sk_demo_second_not_a_real_secret",
};

async function invite(api: APIRequestContext): Promise<string> {
  const email = uniqueEmail("restart");
  await inviteByApi(api, email);
  return email;
}

test.afterEach(async () => {
  await own.stop("SIGKILL");
});

test("T13: 10 × SIGTERM and 10 × SIGKILL: sessions, settings and the audit log survive; token calls stay bounded", async ({
  sim,
}) => {
  // 21 starts: each takes a few seconds alone, up to 20 s with the other e2e group and its Chromium on 2 cores.
  test.setTimeout(480_000);
  const dataDir = consoleDataDir(NAME);
  const databaseUrl = consoleDatabaseUrl(NAME);
  own.fresh();
  await sim.reset();

  await own.start();
  const api = await own.signIn();
  const created = await api.post("/api/connections", {
    data: { ...SECOND, baseUrl: SIM_URL, invitesApi: "users" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const connectionId = ((await created.json()) as { connection: { id: string } }).connection.id;

  const invited = [await invite(api)];
  let lifetimes = 1;
  // Alternating: SIGTERM, SIGKILL, SIGTERM, …
  const signals = Array.from({ length: ROUNDS.SIGTERM + ROUNDS.SIGKILL }, (_, i) =>
    i % 2 === 0 ? ("SIGTERM" as const) : ("SIGKILL" as const),
  );
  expect(signals.filter((s) => s === "SIGTERM")).toHaveLength(ROUNDS.SIGTERM);

  for (const signal of signals) {
    const stopped = await own.stop(signal);
    if (signal === "SIGTERM") {
      // A clean stop: the conventional status, in good time, and (PGlite) the lock given back.
      expect(stopped.code, `exit after SIGTERM (signal ${stopped.signal})`).toBe(143);
      expect(stopped.ms).toBeLessThan(15_000);
      if (!databaseUrl) expect(existsSync(join(dataDir, "console.lock"))).toBe(false);
    } else {
      expect(stopped.signal).toBe("SIGKILL");
    }
    await own.start();
    lifetimes++;

    // The session from the first sign-in still works (no new sign-in).
    expect((await api.get("/api/users")).status()).toBe(200);
    // The setting is still there and its secret still decrypts (the test reaches Atlas with it).
    const connection = await api.get(`/api/connections/${connectionId}`);
    expect(connection.status()).toBe(200);
    expect(JSON.stringify(await connection.json())).toContain(SECOND.clientSecret.slice(-4));
    // Atlas through the env connection, and one more audited invitation.
    invited.push(await invite(api));
    const audit = await api.get(
      `/api/audit?${new URLSearchParams({ action: "invitation.created", pageSize: "200" })}`,
    );
    const rows = (await audit.json()).rows as { targetEmail: string; outcome: string }[];
    expect(rows.map((r) => r.targetEmail).sort()).toEqual([...invited].sort());
    expect(rows.every((r) => r.outcome === "success")).toBe(true);
  }
  const tested = await api.post(`/api/connections/${connectionId}/test`);
  expect(tested.status(), await tested.text()).toBe(200);
  expect(((await tested.json()) as { test: { ok: boolean } }).test.ok).toBe(true);

  // Token calls bounded: each process asks once per connection it uses, never once per request. The first
  // process uses both connections (saving the stored one tests it); a later one uses the env connection, and
  // the stored one too only if it lists every connection's orgs (Demo Org's route is stored, so it need not);
  // the last one tests the stored connection once more.
  const tokenCalls = await sim.journal({ path: "/api/oauth/token" });
  expect(tokenCalls.length).toBeGreaterThanOrEqual(lifetimes + 1);
  expect(tokenCalls.length).toBeLessThanOrEqual(2 * lifetimes);
  // Every SIGTERM revoked the tokens that process held (two in the first process, one or two in each later
  // one); a SIGKILL cannot (they expire after an hour).
  const revokes = await sim.journal({ path: "/api/oauth/revoke" });
  expect(revokes.length).toBeGreaterThanOrEqual(ROUNDS.SIGTERM + 1);
  expect(revokes.length).toBeLessThanOrEqual(2 * ROUNDS.SIGTERM);

  await own.stop("SIGTERM");
  await api.dispose();
  const verify = execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/console.ts", "audit", "verify"],
    { env: own.env, encoding: "utf8" },
  );
  expect(verify).toMatch(/Audit log intact/);
});
