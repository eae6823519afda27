// A fake console for the CLI's unit tests: answers the routes the CLI calls, records every request.
import { PassThrough } from "node:stream";
import type { CliIo } from "../../cli/src/main.mjs";
import { main } from "../../cli/src/main.mjs";

export const ORG = "5f71e5255afec75a3d0f96dc";
export const INVITATION = "5dd56c847a3e5a1f363d424d";
export const TOKEN = "ic_secretTokenValue0123456789abcdefABCDEF";

export interface Call {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

const invitation = (over: Record<string, unknown> = {}) => ({
  id: INVITATION,
  source: "users",
  email: "user@example.com",
  orgRoles: ["ORG_MEMBER"],
  teamIds: ["5f0000000000000000000aaa"],
  projectRoles: [{ projectId: "5f0000000000000000000bbb", roles: ["GROUP_READ_ONLY"] }],
  inviter: "admin@example.com",
  createdAt: "2026-12-01T10:00:00Z",
  expiresAt: "2027-01-01T10:00:00Z",
  ...over,
});

const run = (status: string, done: number) => ({
  id: "aaaaaaaaaaaaaaaaaaaaaaaa",
  orgId: ORG,
  kind: "import",
  status,
  label: "people.csv",
  headers: ["email"],
  unknownHeaders: [],
  total: 3,
  buckets: {
    ready: 2,
    invalid: 1,
    duplicate: 0,
    already_member: 0,
    already_invited: 0,
    blocked: 0,
    needs_approval: 0,
  },
  states: { skipped: 1, planned: 2 - done, sending: 0, done, failed: 0, cancelled: 0, held: 0 },
  failures: [],
  retryable: 0,
  parentRunId: null,
  createdBy: "admin@example.com",
  createdAt: "2026-12-01T10:00:00Z",
  startedAt: null,
  finishedAt: null,
  progress: {
    done,
    toSend: 2,
    perMinute: null,
    etaSeconds: null,
    rateLimit: null,
    rateRemaining: null,
    waitingUntil: null,
  },
  expectedSeconds: 1,
  approvalsNeeded: 0,
});

export interface FakeOptions {
  /** Answer this status and error envelope to every request. */
  refuse?: { status: number; code: string; message: string; fields?: Record<string, string> };
}

export function fakeConsole(opts: FakeOptions = {}) {
  const calls: Call[] = [];
  let polls = 0;
  const fetchImpl = async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const method = init.method ?? "GET";
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...(init.headers as Record<string, string>) },
      body,
    });
    const envelope = url.searchParams.get("envelope") === "true";
    const answer = (status: number, content: unknown) => {
      const out = envelope ? { status, content: content ?? null } : content;
      if (status === 204 && !envelope) return new Response(null, { status });
      return new Response(JSON.stringify(out), {
        status: status === 204 ? 200 : status,
        headers: { "Content-Type": "application/json" },
      });
    };
    if (opts.refuse) {
      const { status, ...error } = opts.refuse;
      return answer(status, { error });
    }
    const p = url.pathname;
    const base = `/api/orgs/${ORG}`;
    if (method === "GET" && p === `${base}/invitations`)
      return answer(200, { invitations: [invitation()], api: "users" });
    if (method === "POST" && p === `${base}/invitations`) {
      const email = (body as { emails: string }).emails;
      return answer(201, { results: [{ email, outcome: "invited", invitation: invitation({ email }) }] });
    }
    if (method === "PATCH" && p === `${base}/invitations/${INVITATION}`) {
      const after = body as Record<string, unknown>;
      return answer(200, { invitation: invitation(after), before: {}, after });
    }
    if (method === "DELETE" && p === `${base}/invitations/${INVITATION}`) return answer(204, null);
    if (method === "POST" && p === `${base}/invitations/${INVITATION}/renew`)
      return answer(201, { invitation: invitation({ id: "5dd56c847a3e5a1f363d4999" }), finished: true });
    if (method === "POST" && p === `${base}/atlas-users`) {
      const b = body as { username: string };
      return answer(201, {
        id: "5dd56c847a3e5a1f363d4111",
        username: b.username,
        createdAt: null,
        expiresAt: null,
      });
    }
    if (method === "GET" && p === "/api/orgs")
      return answer(200, { orgs: [{ id: ORG, name: "Org" }], connections: [] });
    if (method === "GET" && p === `${base}/projects`)
      return answer(200, { projects: [{ id: "5f71e5255afec75a3d0f96dd", name: "P" }] });
    if (method === "POST" && p === `${base}/bulk`) return answer(201, { run: run("planned", 0) });
    if (method === "POST" && p === `${base}/bulk/aaaaaaaaaaaaaaaaaaaaaaaa/start`)
      return answer(200, { run: run("running", 0) });
    if (method === "GET" && p === `${base}/bulk/aaaaaaaaaaaaaaaaaaaaaaaa`)
      return answer(200, { run: ++polls >= 2 ? run("done", 2) : run("running", 1) });
    return answer(404, { error: { code: "not_found", message: `no route ${method} ${p}` } });
  };
  return { calls, fetch: fetchImpl as typeof fetch };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  calls: Call[];
}

/** Runs the CLI in-process against the fake console. `stdin` lines are what a pipe would give. */
export async function runCli(
  argv: string[],
  opts: FakeOptions & { env?: Record<string, string>; stdin?: PassThrough; input?: string } = {},
): Promise<Ran> {
  const fake = fakeConsole(opts);
  let stdout = "";
  let stderr = "";
  const stdin = opts.stdin ?? new PassThrough();
  if (!opts.stdin) stdin.end(opts.input ?? "");
  const io: CliIo = {
    env: {
      INVITE_CONSOLE_URL: "http://console.test",
      INVITE_CONSOLE_TOKEN: TOKEN,
      XDG_CONFIG_HOME: "/nonexistent-invite-console-test",
      ...opts.env,
    },
    stdin,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    fetch: fake.fetch,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, calls: fake.calls };
}
