// Calls the console's route handlers as Next.js does: a Request and a params Promise. The Atlas behind them
// is a real simulator; configuration comes through process.env like in production (read once by env()).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { getDb, installDb } from "@/lib/server/db";
import { DEMO, startTestSim } from "@/sim/test/support/sim";
import { checkAnswer } from "@/lib/openapi/contract";
import type { SeedInput } from "@/sim/src/simulator";
import type { TestSim } from "@/sim/test/support/sim";
import { migratedDataDir } from "./db";
import type { TestDatabaseHandle } from "./db";
import { prepareTestAuth, signedInRequest } from "./session";

const ORIGIN = "http://127.0.0.1:3999";

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

export interface CallOptions {
  /** Skip the OpenAPI contract check of the answer (only for paths the document cannot have). */
  noContract?: boolean;
  params?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: string;
}

export interface RouteResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

let defaultHeaders: Record<string, string> = {};

/** Headers every call() sends unless overridden (e.g. the session cookie from signedInRequest). */
export function useDefaultHeaders(headers: Record<string, string>): void {
  defaultHeaders = headers;
}

export async function call(
  handler: Handler,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<RouteResponse> {
  const headers: Record<string, string> = {
    Origin: ORIGIN,
    "Sec-Fetch-Site": "same-origin",
    ...defaultHeaders,
    ...opts.headers,
  };
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] ??= "application/json";
  }
  for (const [k, v] of Object.entries(headers)) if (v === "") delete headers[k];
  const req = new Request(`${ORIGIN}${path}${opts.query ?? ""}`, { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  // Every answer a route test receives is held to the OpenAPI document (issue 17: the contract test). A route
  // test that calls a handler under a path the document does not have (a made-up one) says so with noContract.
  if (!opts.noContract) {
    const url = new URL(req.url);
    const envelope = url.searchParams.get("envelope") === "true";
    const type = res.headers.get("content-type");
    const body =
      envelope && parsed && typeof parsed === "object" ? (parsed as { content?: unknown }).content : parsed;
    const status =
      envelope && parsed && typeof parsed === "object"
        ? Number((parsed as { status?: unknown }).status)
        : res.status;
    let problems = url.pathname.startsWith("/api/auth/")
      ? [] // better-auth's own endpoints are not the console's API
      : checkAnswer(
          method,
          url.pathname,
          status,
          status === 204 ? null : type,
          status === 204 ? undefined : (body ?? undefined),
        );
    // A path no route has (hostile tests make them up: "..", odd ids) must still answer the documented error envelope.
    if (problems.length === 1 && problems[0]!.startsWith("no documented operation") && status >= 400) {
      const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      problems = typeof error?.code === "string" && typeof error.message === "string" ? [] : problems;
    }
    if (problems.length > 0)
      throw new Error(`The answer does not match the OpenAPI document:\n${problems.join("\n")}`);
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Starts a simulator and points the console's environment at it (before any handler reads env()). */
export async function consoleAgainstSimulator(
  opts: {
    invitesApi?: "users" | "invitations";
    account?: { clientId: string; clientSecret: string };
    seed?: SeedInput;
  } = {},
): Promise<TestSim> {
  // The console's database (idempotency, audit): a fresh PGlite directory per test file, migrated (a copy).
  process.env.DATA_DIR = migratedDataDir("console-routes-");
  prepareTestAuth();
  const sim = await startTestSim(opts.seed);
  const account = opts.account ?? DEMO.owner;
  process.env.ATLAS_BASE_URL = sim.url;
  process.env.ATLAS_CLIENT_ID = account.clientId;
  process.env.ATLAS_CLIENT_SECRET = account.clientSecret;
  process.env.ATLAS_INVITES_API = opts.invitesApi ?? "users";
  process.env.ATLAS_TIMEOUT_MS = "3000";
  // Stored connection secrets are encrypted with a key ring of this test process.
  process.env.CONSOLE_ENCRYPTION_KEYS ??= `vtest:${randomBytes(32).toString("base64")}`;
  // Opened here, not by the first request: a PGlite start takes seconds, and an idle pause that long lets
  // the simulator close the tests' keep-alive connection under their feet (ECONNRESET).
  await getDb();
  return sim;
}

/**
 * For the enclosing describe block: a fresh database from `open` installed as the console's, with a signed-in
 * admin as the default caller; both undone after the block.
 */
export function useAdminOnDatabase(open: () => Promise<TestDatabaseHandle>): void {
  let handle: TestDatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await open();
    installDb(handle);
    useDefaultHeaders(await signedInRequest("admin"));
  });
  afterAll(async () => {
    useDefaultHeaders({});
    installDb(null);
    await handle?.close();
  });
}

export { DEMO };
