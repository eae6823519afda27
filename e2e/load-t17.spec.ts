// T17 (without a proxy in front): load on the built server (a console of its own on port PORTS.load, through
// scripts/server.mjs) while Atlas answers 2 % of its calls with 503 and the audit log is read and exported.
//
// For 30 s: two inviters (one new address per request) and two readers of the invitations list, paced
// together below the simulator's org-users rate limit (500 calls per org and minute, which list reads and
// creates share: going past it is Atlas refusing, answered 503 atlas_rate_limited with Retry-After, not the fault
// this test is about), and one reader of the audit log (page and CSV export). A controller
// keeps the simulator's injected 503s at 2 % of the Atlas calls made so far (half of them after Atlas did
// the work, as when an answer is lost). Then:
// - no unexpected answer: reads are 200 (GET/DELETE retry in place), a create is 201 or, when Atlas did not
//   make it, 502 unknown_outcome; never a 500;
// - no lost or duplicated audit row: one invitation.created row per request, its outcome matching the answer
//   and Atlas's state, none left pending, and the hash chain verifies;
// - token calls ≤ 2; the live heap after a full collection does not grow with the number of requests.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { ownConsole } from "./support/console-process";
import { PORTS, consoleDataDir } from "./support/ports";

const NAME = "load";
const PROBE = resolve(consoleDataDir(NAME), "..", `${NAME}-memory.json`);
const own = ownConsole(NAME, PORTS.load, { MEMORY_PROBE_FILE: PROBE }, [
  "--expose-gc",
  "--import",
  pathToFileURL(resolve("e2e/support/memory-probe.mjs")).href,
]);
const LOAD_MS = 30_000;
const FAULT_RATE = 0.02;
/** Per inviter: at most one create every 400 ms (5/s in all, below the org-users bucket of 500/min). */
const INVITE_PERIOD_MS = 400;
/** Per list reader: at most one list a second (2/s in all: with the creates, about 420 org-users calls a minute). */
const LIST_PERIOD_MS = 1_000;
const INVITATIONS = `/api/orgs/${ORG_ID}/invitations`;
/** Growth of the live heap allowed over the last two thirds of the load. */
const MAX_HEAP_GROWTH_MB = 25;

interface Answer {
  kind: "invite" | "list" | "audit" | "export";
  status: number;
  code?: string;
  email?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's live JavaScript heap after a full collection (e2e/support/memory-probe.mjs), in MB. */
async function heapMb(pid: number): Promise<number> {
  rmSync(PROBE, { force: true });
  process.kill(pid, "SIGUSR2");
  await expect.poll(() => existsSync(PROBE), { timeout: 10_000 }).toBe(true);
  return (JSON.parse(readFileSync(PROBE, "utf8")) as { heapUsed: number }).heapUsed / 2 ** 20;
}

test.afterEach(async () => {
  await own.stop("SIGKILL");
});

test("T17: load with 2 % Atlas 503s while the audit log is read: no unexpected answer, no lost or duplicated audit row, token calls ≤ 2", async ({
  sim,
}) => {
  test.setTimeout(150_000);
  own.fresh();
  await sim.reset();
  await own.start();
  const api = await own.signIn();
  // Warm-up: every route once, so that memory is compared after the code is loaded.
  expect((await api.get(INVITATIONS)).status()).toBe(200);
  expect((await api.get("/api/audit")).status()).toBe(200);
  expect((await api.get("/api/audit/export")).status()).toBe(200);
  const heapBefore = await heapMb(own.child!.pid!);

  const answers: Answer[] = [];
  const deadline = Date.now() + LOAD_MS;
  const running = () => Date.now() < deadline;

  async function controller() {
    let added = 0;
    while (running()) {
      const [stats, pending] = await Promise.all([sim.stats(), sim.faults()]);
      if (pending.length === 0 && stats.faultsInjected < Math.floor(stats.requests * FAULT_RATE)) {
        // Atlas calls only: a refused token is another test (e2e/built-errors.spec.ts).
        await sim.fault({ path: "/api/atlas/v2/*", status: 503, afterProcessing: added++ % 2 === 1 });
      }
      await sleep(50);
    }
    await sim.clearFaults();
  }

  async function inviter(tag: string) {
    while (running()) {
      const started = Date.now();
      const email = uniqueEmail(`load-${tag}`);
      const res = await api.post(INVITATIONS, { data: { emails: email, orgRoles: ["ORG_MEMBER"] } });
      const body = (await res.json()) as { error?: { code: string } };
      answers.push({ kind: "invite", status: res.status(), code: body.error?.code, email });
      await sleep(Math.max(0, INVITE_PERIOD_MS - (Date.now() - started)));
    }
  }

  async function reader(kind: "list" | "audit") {
    let n = 0;
    while (running()) {
      if (kind === "list") {
        const started = Date.now();
        const res = await api.get(INVITATIONS);
        answers.push({ kind, status: res.status(), code: (await res.json()).error?.code });
        await sleep(Math.max(0, LIST_PERIOD_MS - (Date.now() - started)));
      } else if (n++ % 3 === 2) {
        const res = await api.get("/api/audit/export");
        await res.body();
        answers.push({ kind: "export", status: res.status() });
      } else {
        const res = await api.get(`/api/audit?${new URLSearchParams({ page: String(1 + (n % 3)) })}`);
        answers.push({ kind, status: res.status(), code: (await res.json()).error?.code });
      }
    }
  }

  // The live heap once the load has run for a third of its time: warm-up (compiled code, caches) is over.
  let heapWarm = NaN;
  const warm = async () => {
    await sleep(LOAD_MS / 3);
    heapWarm = await heapMb(own.child!.pid!);
  };

  await Promise.all([
    warm(),
    controller(),
    inviter("a"),
    inviter("b"),
    reader("list"),
    reader("list"),
    reader("audit"),
  ]);
  const heapAfter = await heapMb(own.child!.pid!);
  const stats = await sim.stats();

  // The load was real, and so were the 503s.
  const invites = answers.filter((a) => a.kind === "invite");
  expect(invites.length).toBeGreaterThan(20);
  expect(answers.filter((a) => a.kind !== "invite").length).toBeGreaterThan(20);
  expect(stats.faultsInjected).toBeGreaterThanOrEqual(Math.floor(stats.requests * FAULT_RATE) - 1);
  expect(stats.faultsInjected).toBeGreaterThan(3);

  // No unexpected answer.
  const unexpected = answers.filter((a) =>
    a.kind === "invite"
      ? !(a.status === 201 || (a.status === 502 && a.code === "unknown_outcome"))
      : a.status !== 200,
  );
  expect(unexpected).toEqual([]);

  // One audit row per create, matching the answer and Atlas; none pending.
  const rows = await allAuditRows(api);
  const created = rows.filter((r) => r.action === "invitation.created");
  expect(created.map((r) => r.targetEmail).sort()).toEqual(invites.map((a) => a.email).sort());
  expect(rows.filter((r) => r.outcome === "pending")).toEqual([]);
  const inAtlas = new Set(
    ((await (await api.get(INVITATIONS)).json()).invitations as { email: string }[]).map((i) => i.email),
  );
  for (const a of invites) {
    const row = created.find((r) => r.targetEmail === a.email)!;
    if (a.status === 201) {
      expect(row.outcome, a.email).toBe("success");
      expect(inAtlas.has(a.email!), a.email).toBe(true);
    } else {
      expect(row.outcome, a.email).toBe("unknown");
      expect(inAtlas.has(a.email!), a.email).toBe(false);
    }
  }

  // Token calls bounded: one for the process (a second only if Atlas had dropped the first).
  expect((await sim.journal({ path: "/api/oauth/token" })).length).toBeLessThanOrEqual(2);
  // Memory stable: after warm-up, the live heap after a full collection grows by little (seen: 0 to 11 MB over
  // 200 to 600 answers); a leak of one list or export per request would add well over 25 MB.
  const heap = `heap after GC ${heapBefore.toFixed(1)} → ${heapWarm.toFixed(1)} → ${heapAfter.toFixed(1)} MB`;
  expect(heapAfter - heapWarm, heap).toBeLessThan(MAX_HEAP_GROWTH_MB);

  await api.dispose();
  expect((await own.stop("SIGTERM")).code).toBe(143);
  const verify = execFileSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/console.ts", "audit", "verify"],
    { env: own.env, encoding: "utf8" },
  );
  expect(verify).toMatch(/Audit log intact/);
  console.log(
    `T17: ${answers.length} answers (${invites.length} creates), ${stats.requests} Atlas calls, ` +
      `${stats.faultsInjected} 503s, ${stats.rateLimited} 429s, ${heap}`,
  );
});

interface Row {
  action: string;
  targetEmail: string | null;
  outcome: string;
}

async function allAuditRows(api: APIRequestContext): Promise<Row[]> {
  const out: Row[] = [];
  for (let page = 1; ; page++) {
    const res = await api.get(`/api/audit?${new URLSearchParams({ page: String(page), pageSize: "200" })}`);
    expect(res.status()).toBe(200);
    const { rows, total } = (await res.json()) as { rows: Row[]; total: number };
    out.push(...rows);
    if (out.length >= total || rows.length === 0) return out;
  }
}
