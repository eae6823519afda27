// SECURITY.md T13: restarts. A console of its own (port PORTS.restarts, its own data directory or PostgreSQL
// database) is stopped ten times with SIGTERM and ten times with SIGKILL, and started again each time. After
// every start: the admin's session from before the first start still works, the stored connection (a
// setting) is still there, and every acknowledged invitation has its completed audit row. At the end: the
// stored connection's secret still decrypts (its test reaches Atlas), Atlas saw at most one token request per
// connection per process, every SIGTERM revoked the tokens its process held, and the audit hash chain
// verifies with `npm run console -- audit verify`.
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { ORG_ID, SIM_URL, atlas, uniqueEmail } from "./support/atlas";
import { consoleEnv } from "./support/console-env";
import { DEMO_ADMIN, PORTS, consoleDataDir, consoleDatabaseUrl, url } from "./support/ports";

const NAME = "restarts";
const BASE = url(PORTS.restarts);
const ENV = { ...process.env, ...consoleEnv(NAME, PORTS.restarts) };
const ROUNDS = { SIGTERM: 10, SIGKILL: 10 } as const;
const SECOND = {
  name: "Second org (kept across restarts)",
  clientId: "mdb_sa_id_5f0000000000000000000003",
  clientSecret: "mdb_sa_sk_demo_second_not_a_real_secret",
};

let server: ChildProcess | null = null;

async function startConsole(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["scripts/server.mjs"], {
    env: { ...ENV, HOST: "127.0.0.1", PORT: String(PORTS.restarts) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${BASE}/sign-in`, { redirect: "manual" });
      if (res.status === 200) return child;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the console did not start in 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopConsole(child: ChildProcess, signal: "SIGTERM" | "SIGKILL") {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    const t0 = Date.now();
    child.once("exit", (code, sig) => resolve({ code, signal: sig, ms: Date.now() - t0 }));
    child.kill(signal);
  });
}

async function invite(api: APIRequestContext): Promise<string> {
  const email = uniqueEmail("restart");
  const res = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
    data: { emails: email, orgRoles: ["ORG_MEMBER"] },
  });
  expect(res.status(), await res.text()).toBe(201);
  expect((await res.json()).results[0].outcome).toBe("invited");
  return email;
}

test.afterEach(async () => {
  if (server && server.exitCode === null) await stopConsole(server, "SIGKILL");
  server = null;
});

test("T13: 10 × SIGTERM and 10 × SIGKILL: sessions, settings and the audit log survive; token calls stay bounded", async () => {
  test.setTimeout(240_000);
  const dataDir = consoleDataDir(NAME);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = consoleDatabaseUrl(NAME);
  if (databaseUrl) execFileSync(process.execPath, ["scripts/e2e-fresh-db.mjs", databaseUrl]);
  await atlas.reset();

  server = await startConsole();
  const api = await playwrightRequest.newContext({ baseURL: BASE, extraHTTPHeaders: { Origin: BASE } });
  const signIn = await api.post("/api/auth/sign-in/email", {
    data: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  });
  expect(signIn.status(), await signIn.text()).toBe(200);
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
    const stopped = await stopConsole(server, signal);
    if (signal === "SIGTERM") {
      // A clean stop: the conventional status, in good time, and (PGlite) the lock given back.
      expect(stopped.code, `exit after SIGTERM (signal ${stopped.signal})`).toBe(143);
      expect(stopped.ms).toBeLessThan(15_000);
      if (!databaseUrl) expect(existsSync(join(dataDir, "console.lock"))).toBe(false);
    } else {
      expect(stopped.signal).toBe("SIGKILL");
    }
    server = await startConsole();
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

  // Token calls bounded: each process asks once per connection it uses (the invite route finds the org's
  // connection by listing the orgs of both: the env one and the stored one), never once per request.
  const CONNECTIONS = 2;
  const tokenCalls = await atlas.journal({ path: "/api/oauth/token" });
  expect(tokenCalls.length).toBeGreaterThanOrEqual(lifetimes);
  expect(tokenCalls.length).toBeLessThanOrEqual(CONNECTIONS * lifetimes);
  // Every SIGTERM revoked the tokens that process held; a SIGKILL cannot (they expire after an hour).
  const revokes = await atlas.journal({ path: "/api/oauth/revoke" });
  expect(revokes).toHaveLength(CONNECTIONS * ROUNDS.SIGTERM);

  await stopConsole(server, "SIGTERM");
  server = null;
  await api.dispose();
  const verify = execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/console.ts", "audit", "verify"],
    { env: ENV, encoding: "utf8" },
  );
  expect(verify).toMatch(/Audit log intact/);
});
