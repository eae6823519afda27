import "server-only";
import SCIMMY from "scimmy";
import { env } from "../../env";
import { consoleOrigin } from "@/lib/console-origin";
import { readLimitedText } from "../../api/with-console";
import { clientIp } from "../../auth/client-ip";
import { getDb } from "../../db";
import { scimRequests } from "../../db/schema";
import { logger } from "../../log";
import { authenticateProvisioningToken } from "../tokens";
import { wakeOrg } from "../dirty";
import type { ScimCaller } from "../store";
import { backlogOf } from "../store";
import { Admission } from "./admission";
import { ScimError, errorBody, toScimError } from "./errors";
import { parseFilter } from "./filter";
import type { ScimContext } from "./resources";
import { declareResources } from "./resources";

// The SCIM 2.0 endpoint (RFC 7643 / 7644) at /scim/v2, for identity providers (docs/provisioning.md). Every
// answer is application/scim+json; every failure a SCIM error. A provisioning token names its org, so the IdP
// has one base URL. What real IdPs send is taken as they send it: Entra's capitalised PATCH ops and "True" /
// "False" strings, Okta's PATCH without a path, an empty filter, application/json bodies, no User-Agent.

export const SCIM_MEDIA_TYPE = "application/scim+json; charset=utf-8";
const MAX_BODY_BYTES = 1024 * 1024;
/** SCIM requests worked at once in this process; past it the IdP is asked to come back (429). */
const MAX_IN_FLIGHT = 48;
/** Directory changes Atlas has not followed yet, per org, past which writes are refused for a while (429). */
const MAX_BACKLOG = 5_000;
const MAX_COUNT = 200;

let inFlight = 0;
/** Recent SCIM request times in this process: a request expected to take past its target is refused at once. */
const admission = new Admission();

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": SCIM_MEDIA_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

function failure(e: ScimError, extra: Record<string, string> = {}): Response {
  return answer(e.status, errorBody(e), {
    ...(e.retryAfter ? { "Retry-After": String(e.retryAfter) } : {}),
    ...extra,
  });
}

const unauthorized = (detail: string) =>
  failure(new ScimError(401, null, detail), { "WWW-Authenticate": 'Bearer realm="scim"' });

async function caller(req: Request): Promise<ScimCaller | null> {
  const header = req.headers.get("authorization") ?? "";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return null;
  const found = await authenticateProvisioningToken(m[1]!, clientIp(req.headers));
  return found ? { orgId: found.orgId, tokenId: found.tokenId, tokenName: found.tokenName } : null;
}

// ---- what IdPs send, made standard ----

const BOOL = /^(true|false)$/i;
const bool = (v: unknown) => (typeof v === "string" && BOOL.test(v) ? v.toLowerCase() === "true" : v);

/** Entra sends `"active": "False"`: a boolean as a string. */
function normaliseResource(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const out = { ...(body as Record<string, unknown>) };
  for (const key of Object.keys(out)) if (key.toLowerCase() === "active") out.active = bool(out[key]);
  return out;
}

/** Entra capitalises ops ("Replace") and sends strings for booleans; removals of members come with a value list. */
function normalisePatch(body: unknown): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const msg = body as { Operations?: unknown; operations?: unknown };
  const ops = Array.isArray(msg.Operations)
    ? msg.Operations
    : Array.isArray(msg.operations)
      ? msg.operations
      : null;
  if (!ops) return body;
  const out: unknown[] = [];
  for (const raw of ops) {
    if (!raw || typeof raw !== "object") {
      out.push(raw);
      continue;
    }
    const op = { ...(raw as Record<string, unknown>) };
    if (typeof op.op === "string") op.op = op.op.toLowerCase();
    const path = typeof op.path === "string" ? op.path.trim() : undefined;
    if (path !== undefined && path.toLowerCase() === "active") op.value = bool(op.value);
    if (path === undefined && op.value && typeof op.value === "object" && !Array.isArray(op.value)) {
      op.value = normaliseResource(op.value);
    }
    // {"op":"remove","path":"members","value":[{"value":"id"}]}: one removal per member, by filter path.
    if (op.op === "remove" && path?.toLowerCase() === "members" && Array.isArray(op.value)) {
      for (const m of op.value) {
        const id = m && typeof m === "object" ? (m as { value?: unknown }).value : null;
        if (typeof id === "string" && /^[\w.@:-]{1,100}$/.test(id)) {
          out.push({ op: "remove", path: `members[value eq "${id}"]` });
        }
      }
      continue;
    }
    out.push(op);
  }
  return { schemas: (body as { schemas?: unknown }).schemas, Operations: out };
}

async function readBody(req: Request): Promise<unknown> {
  let text: string;
  try {
    text = await readLimitedText(req, MAX_BODY_BYTES);
  } catch {
    throw new ScimError(413, null, `The request body is too large (limit ${MAX_BODY_BYTES / 1024} KB).`);
  }
  if (text.trim() === "") throw new ScimError(400, "invalidSyntax", "The request has no body.");
  if (text.includes("\u0000")) throw new ScimError(400, "invalidValue", "The body holds a NUL character.");
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid JSON.");
  }
}

function intParam(url: URL, name: string, min: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === "") return undefined;
  if (!/^-?\d{1,9}$/.test(raw.trim()))
    throw new ScimError(400, "invalidValue", `${name} must be a whole number.`);
  return Math.max(min, Number(raw));
}

function listConfig(url: URL) {
  const filter = url.searchParams.get("filter");
  parseFilter(filter); // refuses a bad filter with invalidFilter before anything is read
  const count = intParam(url, "count", 0);
  const startIndex = intParam(url, "startIndex", 1);
  const attributes = url.searchParams.get("attributes") ?? undefined;
  const excludedAttributes = url.searchParams.get("excludedAttributes") ?? undefined;
  return {
    ...(filter && filter.trim() !== "" ? { filter } : {}),
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
    startIndex: startIndex ?? 1,
    count: Math.min(count ?? MAX_COUNT, MAX_COUNT),
  };
}

function withLocation(base: string, value: unknown): unknown {
  if (!value || typeof value !== "object") return value;
  const v = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const fix = (r: Record<string, unknown>) => {
    const meta = r.meta as Record<string, unknown> | undefined;
    if (meta && typeof r.id === "string") {
      const kind = meta.resourceType === "Group" ? "Groups" : "Users";
      if (meta.resourceType === "User" || meta.resourceType === "Group")
        meta.location = `${base}/${kind}/${r.id}`;
    }
  };
  if (Array.isArray(v.Resources)) for (const r of v.Resources) fix(r as Record<string, unknown>);
  else fix(v);
  return v;
}

type Kind = "Users" | "Groups";
interface ResourceInstance {
  read(ctx: unknown): Promise<unknown>;
  write(body: unknown, ctx: unknown): Promise<unknown>;
  patch(body: unknown, ctx: unknown): Promise<unknown>;
  dispose(ctx: unknown): Promise<unknown>;
}
type ResourceClass = new (id?: string, config?: Record<string, unknown>) => ResourceInstance;
const resourceOf = (kind: Kind) =>
  (kind === "Users" ? SCIMMY.Resources.User : SCIMMY.Resources.Group) as unknown as ResourceClass;
const ID = /^[0-9a-f-]{36}$/i;

async function discovery(segments: string[], base: string): Promise<Response> {
  const [what, which] = segments;
  if (what === "ServiceProviderConfig" && !which) {
    const spc = (await new SCIMMY.Resources.ServiceProviderConfig().read()) as unknown as Record<
      string,
      unknown
    >;
    return answer(200, {
      ...spc,
      meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
    });
  }
  if (what === "ResourceTypes") {
    return answer(200, await new SCIMMY.Resources.ResourceType(which).read());
  }
  if (what === "Schemas") {
    return answer(200, await new SCIMMY.Resources.Schema(which).read());
  }
  throw new ScimError(404, null, `No SCIM endpoint at /${segments.join("/")}.`);
}

async function resource(
  req: Request,
  url: URL,
  kind: Kind,
  id: string | undefined,
  ctx: ScimContext,
  base: string,
): Promise<Response> {
  const Resource = resourceOf(kind);
  const method = req.method;
  if (id !== undefined && !ID.test(id))
    throw new ScimError(404, null, `${kind === "Users" ? "User" : "Group"} ${id.slice(0, 80)} not found.`);
  const run = async (work: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await work();
    } catch (e) {
      throw ctx.failure ?? e;
    }
  };
  if (method === "GET") {
    if (id) {
      const config = listConfig(url);
      const one = await run(() =>
        new Resource(id, {
          ...(config.attributes ? { attributes: config.attributes } : {}),
          ...(config.excludedAttributes ? { excludedAttributes: config.excludedAttributes } : {}),
        }).read(ctx),
      );
      return answer(200, withLocation(base, one));
    }
    const config = listConfig(url);
    const list = (await run(() => new Resource(undefined, config).read(ctx))) as {
      Resources?: unknown[];
      totalResults?: number;
      itemsPerPage?: number;
    };
    // SCIMMY answers a startIndex past the end with the first page: past the end there is nothing.
    if (config.startIndex > (list.totalResults ?? 0)) {
      list.Resources = [];
      list.itemsPerPage = 0;
    }
    return answer(200, withLocation(base, list));
  }
  if (method === "POST" && !id) {
    await refuseWhenBehind(ctx.caller.orgId);
    const body = normaliseResource(await readBody(req));
    const created = (await run(() => new Resource().write(body, ctx))) as { id?: string };
    const out = withLocation(base, created);
    return answer(201, out, { Location: `${base}/${kind}/${created.id}` });
  }
  if (method === "PUT" && id) {
    await refuseWhenBehind(ctx.caller.orgId);
    const body = normaliseResource(await readBody(req));
    return answer(200, withLocation(base, await run(() => new Resource(id).write(body, ctx))));
  }
  if (method === "PATCH" && id) {
    await refuseWhenBehind(ctx.caller.orgId);
    const body = normalisePatch(await readBody(req));
    const patched = await run(() => new Resource(id).patch(body, ctx));
    // Nothing changed (a repeated `active: true`): the resource as it is.
    if (patched === undefined) {
      if (!ctx.note.outcome) ctx.note.outcome = "no change";
      return answer(200, withLocation(base, await run(() => new Resource(id).read(ctx))));
    }
    return answer(200, withLocation(base, patched));
  }
  if (method === "DELETE" && id) {
    await run(() => new Resource(id).dispose(ctx));
    return answer(204, null);
  }
  throw new ScimError(405, null, `${method} is not supported on /${kind}${id ? "/{id}" : ""}.`);
}

async function refuseWhenBehind(orgId: string): Promise<void> {
  if ((await backlogOf(orgId)) >= MAX_BACKLOG) {
    throw new ScimError(
      429,
      null,
      "Atlas is behind this directory's changes: the console is still sending earlier ones. Try again later.",
      60,
    );
  }
}

async function logRequest(
  c: ScimCaller,
  req: Request,
  url: URL,
  status: number,
  outcome: string | null,
  started: number,
): Promise<void> {
  try {
    const db = await getDb();
    await db.insert(scimRequests).values({
      orgId: c.orgId,
      tokenId: c.tokenId,
      tokenName: c.tokenName,
      method: req.method,
      path: `${url.pathname}${url.search}`.slice(0, 500),
      status,
      outcome: outcome?.slice(0, 500) ?? null,
      ms: Math.round(performance.now() - started),
    });
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "scim: request log not written");
  }
}

/** One SCIM request: `segments` is the path after /scim/v2. */
export async function handleScim(req: Request, segments: string[]): Promise<Response> {
  const started = performance.now();
  const url = new URL(req.url);
  const base = `${consoleOrigin(req, env().CONSOLE_URL)}/scim/v2`;
  const refusal = inFlight >= MAX_IN_FLIGHT ? 1 : admission.refuse(inFlight);
  if (refusal) {
    return failure(
      new ScimError(429, null, "Too many SCIM requests at once; try again in a moment.", refusal),
    );
  }
  const joined = inFlight;
  inFlight++;
  let c: ScimCaller | null = null;
  let res: Response;
  const ctx: ScimContext = { caller: null as unknown as ScimCaller, note: { outcome: "" } };
  try {
    try {
      c = await caller(req);
    } catch (e) {
      logger.error({ err: e instanceof Error ? e.message : String(e) }, "scim: token check failed");
      return failure(
        new ScimError(503, null, "The console cannot check tokens right now; try again shortly.", 5),
      );
    }
    if (!c) {
      return unauthorized(
        "A valid provisioning token is required: Authorization: Bearer <token from the org's Provisioning page>.",
      );
    }
    ctx.caller = c;
    try {
      declareResources();
      const [first, id, extra] = segments;
      if (extra !== undefined) throw new ScimError(404, null, `No SCIM endpoint at /${segments.join("/")}.`);
      if (first === "Users" || first === "Groups") {
        res = await resource(req, url, first, id, ctx, base);
        if (req.method !== "GET" && res.status < 300) await wakeOrg(c.orgId);
      } else if (first === "Bulk") {
        throw new ScimError(501, null, "Bulk operations are not supported (ServiceProviderConfig says so).");
      } else {
        if (req.method !== "GET") throw new ScimError(405, null, `${req.method} is not supported here.`);
        res = await discovery(segments, base);
      }
    } catch (e) {
      const { error, internal } = toScimError(e);
      if (internal) logger.error({ err: e instanceof Error ? e.message : String(e) }, "scim: request failed");
      ctx.note.outcome = error.message;
      res = failure(error);
    }
    // Every request of a known org is logged for the Provisioning page (the newest 500 are kept).
    await logRequest(c, req, url, res.status, ctx.note.outcome || null, started);
    return res;
  } finally {
    inFlight--;
    admission.record(performance.now() - started, joined);
  }
}
