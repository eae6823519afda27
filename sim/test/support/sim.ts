// Test support: start a simulator on a free port and talk to it over real HTTP.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { DEMO } from "../../src/demo-seed";
import { startSimulator } from "../../src/server";
import type { RunningSimulator } from "../../src/server";
import type { JournalEntry, SeedInput } from "../../src/simulator";

/** A fetch that failed on a reused keep-alive socket the server had closed (reset, or closed before answering). */
function staleSocket(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return cause?.code === "ECONNRESET" || cause?.code === "UND_ERR_SOCKET";
}

export { DEMO };

export const V2023 = "application/vnd.atlas.2023-01-01+json";
export const V2025 = "application/vnd.atlas.2025-02-19+json";

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface ApiOptions {
  accept?: string | null;
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface TestSim {
  url: string;
  running: RunningSimulator;
  close(): Promise<void>;
  /** A fresh access token for a service account (default: the Demo Org owner). */
  token(account?: { clientId: string; clientSecret: string }): Promise<string>;
  /** Calls the Atlas API with a cached owner token unless `token` is given (null: no Authorization). */
  api<T = any>(method: string, path: string, opts?: ApiOptions): Promise<ApiResponse<T>>;
  control<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>;
  journal(filter?: { method?: string; path?: string; operationId?: string }): Promise<JournalEntry[]>;
}

export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
}

async function toResponse<T>(res: Response): Promise<ApiResponse<T>> {
  const text = await res.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, text, body: body as T };
}

export async function startTestSim(seed: SeedInput = "demo"): Promise<TestSim> {
  const running = await startSimulator({ seed, port: 0 });
  const url = running.url;
  let ownerToken: string | undefined;

  const token: TestSim["token"] = async (account = DEMO.owner) => {
    const res = await fetch(`${url}/api/oauth/token`, {
      method: "POST",
      headers: {
        Authorization: basic(account.clientId, account.clientSecret),
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      body: "grant_type=client_credentials",
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`token request failed: ${res.status}`);
    return body.access_token;
  };

  const api: TestSim["api"] = async (method, path, opts = {}) => {
    if (opts.token === undefined) {
      // The cached owner token dies when a test moves the simulated clock past its hour: fetch a new one.
      const first = await api(method, path, { ...opts, token: (ownerToken ??= await token()) });
      if (first.status !== 401) return first;
      ownerToken = await token();
      return api(method, path, { ...opts, token: ownerToken });
    }
    const auth = opts.token;
    const headers: Record<string, string> = { ...opts.headers };
    const accept = opts.accept === undefined ? V2023 : opts.accept;
    if (accept !== null) headers.Accept = accept;
    if (auth !== null) headers.Authorization = `Bearer ${auth}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers["Content-Type"] = opts.contentType ?? accept ?? "application/json";
    const res = await fetch(`${url}${path}`, { method, headers, body });
    return toResponse(res);
  };

  const control: TestSim["control"] = async (method, path, body) => {
    const send = () =>
      fetch(`${url}${path}`, {
        method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // A kept-alive socket the simulator closed as idle (5 s) while this process was too busy to see it: the
    // request never reached the simulator (seen as ECONNRESET after a 60 s SCIM burst in this process). The
    // simulator's own routes (reset, journal, stats) are safe to send again; Atlas's are not retried.
    const res = await send().catch((err: unknown) => {
      if (!staleSocket(err)) throw err;
      return send();
    });
    return toResponse(res);
  };

  const journal: TestSim["journal"] = async (filter = {}) => {
    const q = new URLSearchParams(
      Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][],
    );
    return (await control<JournalEntry[]>("GET", `/__sim/requests?${q}`)).body;
  };

  return { url, running, close: () => running.close(), token, api, control, journal };
}

/**
 * A simulator for the enclosing describe block (or file), started before its tests and closed after them; with
 * `reset` (the default) its state goes back to the seed before every test. The object returned is filled in by
 * beforeAll, so use it inside hooks and tests only.
 */
export function useTestSim(opts: { seed?: SeedInput; reset?: boolean } = {}): TestSim {
  const sim = {} as TestSim;
  beforeAll(async () => {
    Object.assign(sim, await startTestSim(opts.seed));
  });
  afterAll(() => sim.close());
  if (opts.reset ?? true) {
    beforeEach(async () => {
      await sim.control("POST", "/__sim/reset");
    });
  }
  return sim;
}

export const ORG = DEMO.orgId;
export const ORG_PATH = `/api/atlas/v2/orgs/${DEMO.orgId}`;
