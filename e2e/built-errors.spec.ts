// T20 (with T13's kill while the reconciler has work): kill -9 mid-invite and during the start-up reconciler,
// then every Atlas error class, against the built server: a console of its own (`next start`, port
// PORTS.builtErrors, its own data directory or PostgreSQL database).
//
// Why the built server: Next.js bundles instrumentation (the start-up reconciler) apart from the route
// handlers. When the reconciler has work at start it builds the Atlas client, which is cached on globalThis
// and then served to the routes, so the routes see errors made by the other bundle's copy of the error
// classes. Any identity check (`instanceof`) then fails and a 409, 404, 403 or 429 from Atlas turns into a
// 500. Only a production build with a start-up that did work shows it; in-process tests never do.
//
// Lives of the console:
//   1. invitations acknowledged; kill -9 while an invitation is on its way to Atlas (Atlas makes it);
//   2. kill -9 while the start-up reconciler is reading Atlas (PGlite: every pending row is reconciled at
//      start; PostgreSQL: by the audit-reconcile job, queued at start);
//   3. the reconciler finished the row (success: Atlas made it); every Atlas error class through the real
//      HTTP API, token refusal 401 last; then kill -9 during an invitation Atlas never receives;
//   4. that row is reconciled as a failure, by the job, once its call could have finished (docs/security.md
//      8: pending until then); the error classes again, token refusal 403 last; SIGTERM and `audit verify`.
//
// And (T01, body limits): a 400 MB anonymous POST to /api/auth/sign-in/email, declared and chunked, is refused
// 413 while it streams (scripts/body-limit.mjs), and the same server still answers and signs in afterwards.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, atlas, uniqueEmail } from "./support/atlas";
import { ownConsole } from "./support/console-process";
import { PORTS, consoleDatabaseUrl } from "./support/ports";

const NAME = "built_errors"; // also a PostgreSQL database name (scripts/e2e-fresh-db.mjs)
const own = ownConsole(NAME, PORTS.builtErrors);
/** PGlite: the reconciler reads Atlas at start; PostgreSQL: the audit-reconcile job does, queued at start. */
const RECONCILES_AT_START = !consoleDatabaseUrl(NAME);

const USERS = `/api/atlas/v2/orgs/${ORG_ID}/users`;
const TOKEN = "/api/oauth/token";
const INVITATIONS = `/api/orgs/${ORG_ID}/invitations`;
const MISSING_ID = "5f50000000000000000000ff";

interface AuditRow {
  targetEmail: string | null;
  outcome: string;
  atlasStatus: number | null;
  detail: string | null;
}

test.afterEach(async () => {
  await own.stop("SIGKILL");
});

const inviteBody = (email: string) => ({ data: { emails: email, orgRoles: ["ORG_MEMBER"] } });

async function invite(api: APIRequestContext, email = uniqueEmail("built")): Promise<string> {
  await inviteByApi(api, email);
  return email;
}

/** The console's error envelope: status, code, message (and the answer, for headers). */
async function expectError(res: APIResponse, status: number, code: string, message: RegExp) {
  const text = await res.text();
  expect(res.status(), text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; message: string; retryAfter?: number } };
  expect(body.error.code, text).toBe(code);
  expect(body.error.message, text).toMatch(message);
  return body.error;
}

async function auditOf(api: APIRequestContext, email: string): Promise<AuditRow[]> {
  const res = await api.get(
    `/api/audit?${new URLSearchParams({ action: "invitation.created", target: email, pageSize: "200" })}`,
  );
  expect(res.status()).toBe(200);
  return ((await res.json()).rows as AuditRow[]).filter((r) => r.targetEmail === email);
}

/** The simulator's journal entry of the create for this address, once it has arrived. */
async function createArrived(email: string) {
  let entry: { status: number | null; fault?: number; dropped?: boolean } | undefined;
  await expect
    .poll(
      async () => {
        const creates = await atlas.journal({ method: "POST", path: USERS });
        entry = creates.find((e) => (e.body as { username?: string } | null)?.username === email);
        return entry !== undefined;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  return entry!;
}

/** Starts an invitation, waits until Atlas has it in hand (held there by a delay fault), then kill -9. */
async function killMidInvite(api: APIRequestContext, email: string): Promise<void> {
  const pending = api.post(INVITATIONS, inviteBody(email)).catch(() => null);
  expect((await createArrived(email)).fault).toBeDefined();
  const stopped = await own.stop("SIGKILL");
  expect(stopped.signal).toBe("SIGKILL");
  expect(await pending).toBeNull(); // the browser never got an answer
  await api.dispose();
}

/** Every Atlas error class, through the console's HTTP API, keeps its status, code and message. */
async function errorClasses(api: APIRequestContext): Promise<void> {
  const list = await api.get(INVITATIONS);
  expect(list.status(), await list.text()).toBe(200);
  const pending = ((await list.json()).invitations as { email: string; source: string }[]).find(
    // A seeded one: an address this console invited within the last minute is refused without asking Atlas.
    (i) => i.source === "users" && !i.email.endsWith("@e2e.example"),
  )!;

  // 409: a pending invitation exists for the address (Atlas refuses the duplicate).
  const duplicatesBefore = (await atlas.journal({ method: "POST", path: USERS })).length;
  await expectError(
    await api.post(INVITATIONS, inviteBody(pending.email)),
    409,
    "conflict",
    /^Already invited/,
  );
  const creates = await atlas.journal({ method: "POST", path: USERS });
  expect(creates.length).toBe(duplicatesBefore + 1);
  expect(creates.at(-1)!.status).toBe(409);

  // Atlas has no such invitation (404): the list the browser acted on is out of date.
  await expectError(
    await api.delete(`${INVITATIONS}/${MISSING_ID}`, { data: { source: "users" } }),
    409,
    "stale_list",
    /no longer pending|no such|not found/i,
  );

  // 403: the service account lacks the role (on a create and on a read).
  await atlas.fault({ method: "POST", path: USERS, status: 403, errorCode: "USER_UNAUTHORIZED" });
  await expectError(
    await api.post(INVITATIONS, inviteBody(uniqueEmail("forbidden"))),
    403,
    "forbidden",
    /lacks Organization Owner/,
  );
  await atlas.fault({ method: "GET", path: USERS, status: 403, errorCode: "USER_UNAUTHORIZED" });
  await expectError(await api.get(INVITATIONS), 403, "forbidden", /lacks Organization Owner/);

  // 429 with Retry-After: 503 atlas_rate_limited, Retry-After passed on (on a create and on a read, which retries
  // in place only for waits of a few seconds).
  await atlas.fault({ method: "POST", path: USERS, status: 429, retryAfter: 30 });
  const limitedCreate = await api.post(INVITATIONS, inviteBody(uniqueEmail("limited")));
  expect((await expectError(limitedCreate, 503, "atlas_rate_limited", /retry in 30 s/)).retryAfter).toBe(30);
  expect(limitedCreate.headers()["retry-after"]).toBe("30");
  await atlas.fault({ method: "GET", path: USERS, status: 429, retryAfter: 30 });
  const limitedRead = await api.get(INVITATIONS);
  expect((await expectError(limitedRead, 503, "atlas_rate_limited", /retry in 30 s/)).retryAfter).toBe(30);
  expect(limitedRead.headers()["retry-after"]).toBe("30");
  expect(await atlas.faults()).toEqual([]); // each fault above was used exactly once

  // A create whose answer was lost (Atlas made it, then answered 503): the console reads it back → invited,
  // audited as a success.
  const lost = uniqueEmail("lost-answer");
  await atlas.fault({ method: "POST", path: USERS, status: 503, afterProcessing: true });
  const reconciled = await api.post(INVITATIONS, inviteBody(lost));
  expect(reconciled.status(), await reconciled.text()).toBe(201);
  expect((await reconciled.json()).results[0].outcome).toBe("invited");
  expect((await auditOf(api, lost)).map((r) => r.outcome)).toEqual(["success"]);

  // A create Atlas did not make (503 before processing): unknown outcome, said so, never a 500.
  const notMade = uniqueEmail("not-made");
  await atlas.fault({ method: "POST", path: USERS, status: 503 });
  await expectError(
    await api.post(INVITATIONS, inviteBody(notMade)),
    502,
    "unknown_outcome",
    /not created|Check the list/,
  );
}

/** Token refusal: Atlas answers 401 to the cached token, and the token endpoint refuses a new one. */
async function tokenRefusal(api: APIRequestContext, status: 401 | 403): Promise<void> {
  await atlas.fault({ method: "GET", path: USERS, status: 401, errorCode: "UNAUTHORIZED" });
  await atlas.fault({ method: "POST", path: TOKEN, status, errorCode: "access_denied" });
  const res = await api.get(INVITATIONS);
  if (status === 401) {
    await expectError(res, 502, "atlas_auth", /rejected the credentials/);
  } else {
    expect((await expectError(res, 503, "atlas_rate_limited", /token/)).retryAfter).toBe(60);
    expect(res.headers()["retry-after"]).toBe("60");
  }
}

test("T20: kill -9 mid-invite, restart with the reconciler busy, then every Atlas error class keeps its status and message", async ({
  sim,
}) => {
  test.setTimeout(300_000);
  own.fresh();
  await sim.reset();

  // Life 1: acknowledged invitations, then kill -9 while a create is held at Atlas (Atlas makes it after
  // the console is gone: the audit row stays pending).
  await own.start();
  let api = await own.signIn();
  const acknowledged = [await invite(api), await invite(api)];
  const made = uniqueEmail("made");
  await sim.fault({ method: "POST", path: USERS, delayMs: 1_500 });
  await killMidInvite(api, made);
  await expect.poll(async () => (await createArrived(made)).status, { timeout: 10_000 }).toBe(201);

  // Life 2: killed while the start-up reconciler waits for Atlas (its read of the address is held).
  await sim.fault({ method: "GET", path: USERS, delayMs: 3_000 });
  await own.start({ waitReady: false });
  if (RECONCILES_AT_START) {
    await expect
      // The start (open the database, migrate, begin the reconciler) comes first: up to a minute on a busy CI.
      .poll(async () => (await sim.journal({ method: "GET", path: USERS })).some((e) => e.fault), {
        timeout: 90_000,
      })
      .toBe(true);
  } else {
    await own.ready();
  }
  expect((await own.stop("SIGKILL")).signal).toBe("SIGKILL");
  await sim.clearFaults(); // PostgreSQL: the held read was never made

  // Life 3: the reconciler finished the row the kill left pending: Atlas made that invitation.
  await own.start();
  api = await own.signIn();
  await expect
    .poll(async () => (await auditOf(api, made)).map((r) => r.outcome), { timeout: 30_000 })
    .toEqual(["success"]);
  await errorClasses(api);
  await tokenRefusal(api, 401);
  // The token back-off (10 s after a rejected credential) ends and the console works again.
  await expect
    .poll(async () => (await api.get(INVITATIONS)).status(), { timeout: 20_000, intervals: [1_000] })
    .toBe(200);
  // kill -9 during a create that Atlas never receives (held, then the connection is cut).
  const neverMade = uniqueEmail("never-made");
  await sim.fault({ method: "POST", path: USERS, delayMs: 1_500, drop: true });
  await killMidInvite(api, neverMade);
  await expect.poll(async () => (await createArrived(neverMade)).dropped, { timeout: 10_000 }).toBe(true);

  // Life 4: that row is reconciled as a failure; the error classes again, token limit last.
  await own.start();
  api = await own.signIn();
  // Pending until its call could have finished (begin + the call's longest time with retries), then failure.
  await expect
    .poll(async () => (await auditOf(api, neverMade)).map((r) => r.outcome), {
      timeout: 120_000,
      intervals: [2_000],
    })
    .toEqual(["failure"]);
  await errorClasses(api);
  await tokenRefusal(api, 403);

  // Every acknowledged invitation has its one completed row; the reconciled ones say so.
  for (const email of acknowledged)
    expect((await auditOf(api, email)).map((r) => r.outcome)).toEqual(["success"]);
  expect((await auditOf(api, made))[0]!.detail).toMatch(/reconciled after a restart: the invitation exists/);
  expect((await auditOf(api, neverMade))[0]!.detail).toMatch(/reconciled after a restart: Atlas has no/);
  await api.dispose();
  const stopped = await own.stop("SIGTERM");
  expect(stopped.code).toBe(143);
  const verify = execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/console.ts", "audit", "verify"],
    { env: own.env, encoding: "utf8" },
  );
  expect(verify).toMatch(/Audit log intact/);
});

/**
 * POSTs up to `total` bytes of junk to the console (with a Content-Length, or chunked), as fast as the socket
 * takes them, and stops at the first answer; write errors after it are expected (the server cuts the rest).
 */
function hugePost(
  port: number,
  path: string,
  total: number,
  chunked: boolean,
): Promise<{ status: number; text: string; sent: number; reset?: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      agent: false,
      headers: {
        "Content-Type": "application/json",
        ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(total) }),
      },
    });
    req.on("response", (res) => {
      answered = true;
      const at = sent;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, text, sent: at });
        req.destroy();
      });
    });
    // A client that goes on sending after the 413 may find the connection cut before it has read the answer
    // (the server drops the rest of a refused body, then closes): that is a refusal too, and `sent` says when.
    req.on("error", (e: NodeJS.ErrnoException) => {
      if (answered) return;
      if (e.code === "EPIPE" || e.code === "ECONNRESET") resolve({ status: 0, text: "", sent, reset: true });
      else reject(e);
    });
    const piece = Buffer.alloc(1024 * 1024, "a");
    const write = () => {
      while (!answered && sent < total && !req.destroyed) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", write);
      }
      if (!answered && !req.destroyed) req.end();
    };
    write();
  });
}

/** The server process's resident memory in MB (Linux), or null elsewhere. */
function rssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

test("T01 body limit: a 400 MB anonymous POST to sign-in is refused 413 while it streams, and the server keeps answering", async () => {
  test.setTimeout(150_000);
  own.fresh();
  await own.start();
  const pid = own.child!.pid;
  const before = rssMb(pid);
  const total = 400 * 1024 * 1024;
  for (const chunked of [false, true]) {
    const res = await hugePost(own.port, "/api/auth/sign-in/email", total, chunked);
    if (!res.reset) {
      expect(res.status, res.text).toBe(413);
      expect(JSON.parse(res.text)).toEqual({
        error: { code: "too_large", message: "The request body is too large (limit 1 MB)." },
      });
    }
    // Refused near the limit, not after the body: a declared length before any of it is needed.
    expect(res.sent, chunked ? "chunked" : "declared").toBeLessThan(64 * 1024 * 1024);
  }
  // A body just over the limit, sent whole, reads the answer.
  const over = await fetch(`${own.base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "a".repeat(2 * 1024 * 1024),
  });
  expect(over.status).toBe(413);
  expect(await over.json()).toEqual({
    error: { code: "too_large", message: "The request body is too large (limit 1 MB)." },
  });
  // Before the limit, 60 MB alone raised the resident memory from 311 to 582 MB.
  const after = rssMb(pid);
  if (before !== null && after !== null) expect(after - before).toBeLessThan(100);
  // Still the same process, answering and signing in.
  expect(own.child?.pid).toBe(pid);
  expect(own.child?.exitCode).toBeNull();
  await own.ready(10_000);
  const api = await own.signIn();
  expect((await api.get(INVITATIONS)).status()).toBe(200);
  await api.dispose();
});
