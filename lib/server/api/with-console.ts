import "server-only";
import type { z } from "zod";
import type { Action } from "@/lib/permissions";
import { can } from "@/lib/permissions";
import { isFromConsoleOrigin } from "@/lib/console-origin";
import { CONTROL_CHARACTER_MESSAGE, nulFieldPath } from "@/lib/schemas/text";
import type { AuditActor } from "../auth/audit";
import { isAudited, markAudited } from "../audit/mutation";
import { actorFrom } from "../auth/audit";
import { auditRefusal } from "../auth/refusals";
import type { ConsoleUser } from "../auth/session";
import { getConsoleSession } from "../auth/session";
import type { TokenScope } from "../tokens/bearer";
import { authenticateBearer, bearerOf, hasSessionCookie } from "../tokens/bearer";
import { env } from "../env";
import { HttpError, isHttpError, mapError } from "./errors";

export type { ConsoleUser } from "../auth/session";
export type { AuditActor } from "../auth/audit";
export type { TokenScope } from "../tokens/bearer";

export interface HandlerContext<P, B> {
  req: Request;
  params: P;
  body: B;
  user: ConsoleUser;
  actor: AuditActor;
  url: URL;
  /** The API token of a bearer request (null for a browser session). */
  token: TokenScope | null;
}

interface Options<P, B> {
  action: Action;
  params?: z.ZodType<P>;
  body?: z.ZodType<B>;
  /** A larger JSON body than MAX_JSON_BODY_BYTES for this route (the bulk import's CSV); the server's 1 MB cap stays. */
  maxBodyBytes?: number;
  /**
   * Refused to API tokens (docs/api.md "Session-only operations"): creating tokens, console users and
   * connections, changing the guardrails, deciding approvals, one's own account.
   */
  sessionOnly?: boolean;
  /**
   * A route without an orgId that answers only what a token's orgs allow (GET /api/orgs filters its list).
   * Other org-less routes refuse a token limited to some orgs: they span every org.
   */
  tokenOrgFilter?: boolean;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** docs/security.md 2: a state change only from our own origin (lib/console-origin.ts), as JSON. */
function checkSameOrigin(req: Request): void {
  const site = req.headers.get("sec-fetch-site");
  if (!isFromConsoleOrigin(req, env().CONSOLE_URL)) {
    throw new HttpError({
      code: "forbidden",
      message: "Cross-site request refused: the Origin header must be this console's origin.",
    });
  }
  if (site && site !== "same-origin") {
    throw new HttpError({ code: "forbidden", message: "Cross-site request refused (Sec-Fetch-Site)." });
  }
}

/** The largest JSON body a console route reads (scripts/body-limit.mjs caps every request at 1 MB before this). */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

const tooLarge = (limit: number) =>
  new HttpError({
    code: "too_large",
    message: `The request body is too large (limit ${Math.round(limit / 1024)} KB).`,
  });

/**
 * The body as text, read chunk by chunk and abandoned as soon as it passes MAX_JSON_BODY_BYTES: a larger
 * body is never held whole (req.text() would read all of it before any check could run).
 */
export async function readLimitedText(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (declared > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

async function readJson(req: Request, limit: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  const text = await readLimitedText(req, limit);
  if (text === "") return undefined;
  if (!/^application\/json(;|$)/i.test(type)) {
    throw new HttpError({ code: "forbidden", message: "Only application/json bodies are accepted." });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError({ code: "invalid_input", message: "The request body is not valid JSON." });
  }
}

/**
 * No input may hold a NUL (PostgreSQL can neither store nor compare one: it was a 500). The schemas refuse
 * control characters in text fields (lib/schemas/text.ts); this covers every other field of every route.
 */
function refuseNul(...inputs: unknown[]): void {
  for (const input of inputs) {
    const field = nulFieldPath(input);
    if (field)
      throw new HttpError({
        code: "invalid_input",
        message: "Some fields are not valid.",
        fields: {
          [field]: CONTROL_CHARACTER_MESSAGE,
        },
      });
  }
}

function respond(url: URL, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const envelope = url.searchParams.get("envelope") === "true";
  const pretty = url.searchParams.get("pretty") === "true";
  const out = envelope ? { status, content: body ?? null } : body;
  const h = new Headers({ "Cache-Control": "no-store", ...headers });
  if (status === 204 && !envelope) return new Response(null, { status, headers: h });
  h.set("Content-Type", "application/json; charset=utf-8");
  // As Atlas: the envelope repeats the status in the body; the HTTP status stays (a 204 cannot carry a body).
  return new Response(JSON.stringify(out, null, pretty ? 2 : undefined), {
    status: status === 204 ? 200 : status,
    headers: h,
  });
}

/**
 * A refused attempt (401/403) is audited, at most two rows per caller address and minute however many come
 * (lib/server/auth/refusals.ts); it never changes the answer.
 */
async function refused(actor: AuditActor, action: Action, req: Request, why: string): Promise<void> {
  const path = new URL(req.url).pathname;
  await auditRefusal(actor, { detail: `${req.method} ${path} (${action}): ${why}`.slice(0, 300) });
}

interface Caller {
  user: ConsoleUser;
  token: TokenScope | null;
  needsTotpSetup: boolean;
}

/** The person behind a request: by its API token (Authorization: Bearer) or its session cookie, never both. */
async function authenticate(req: Request): Promise<Caller | null> {
  const secret = bearerOf(req.headers);
  if (secret !== null) {
    if (await hasSessionCookie(req.headers)) {
      throw new HttpError({
        code: "unauthorized",
        message: "Send either an API token or a session cookie, not both.",
      });
    }
    const { user, token } = await authenticateBearer(secret, req.headers);
    return { user, token, needsTotpSetup: false };
  }
  const current = await getConsoleSession(req.headers);
  if (!current) return null;
  return {
    user: { id: current.user.id, email: current.user.email, role: current.user.role },
    token: null,
    needsTotpSetup: current.needsTotpSetup,
  };
}

/** A token limited to some orgs reaches only those: an org route by its orgId, an org-less route not at all. */
async function checkTokenOrg<P, B>(
  token: TokenScope,
  params: P,
  opts: Options<P, B>,
  actor: AuditActor,
  req: Request,
): Promise<void> {
  const orgId = (params as { orgId?: unknown } | undefined)?.orgId;
  if (typeof orgId === "string") {
    if (token.orgIds!.includes(orgId)) return;
    await refused(actor, opts.action, req, `token "${token.name}" is not for org ${orgId}`);
    throw markAudited(
      new HttpError({ code: "forbidden", message: `The API token "${token.name}" is not for this org.` }),
    );
  }
  if (opts.tokenOrgFilter) return;
  await refused(actor, opts.action, req, `token "${token.name}" is limited to some orgs`);
  throw markAudited(
    new HttpError({
      code: "forbidden",
      message: `The API token "${token.name}" is limited to some orgs; this route spans every org.`,
    }),
  );
}

/**
 * Every route handler export goes through here: authenticate, check the permission, check Origin
 * on mutations, parse params and body with zod, answer with no-store and the one error envelope.
 */
export function withConsole<P = Record<string, never>, B = undefined>(
  opts: Options<P, B>,
  handler: (ctx: HandlerContext<P, B>) => Promise<{
    status?: number;
    body?: unknown;
    headers?: Record<string, string>;
    /** Sent as is (200, no-store) instead of a JSON body: a streamed answer; `headers` names its type. */
    stream?: ReadableStream<Uint8Array>;
  }>,
) {
  return async (
    req: Request,
    ctx: { params: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    const url = new URL(req.url);
    let actor = actorFrom(req.headers, null);
    try {
      // Authenticate before anything else: no parsing, no Atlas call for a caller without a session or token.
      const caller = await authenticate(req).catch(async (e: unknown) => {
        // A bad, revoked or expired token, or a token with a cookie: refused and audited as "no session" is.
        if (isHttpError(e) && e.status === 401) {
          await refused(actor, opts.action, req, e.message);
          throw markAudited(e);
        }
        throw e;
      });
      if (!caller) {
        await refused(actor, opts.action, req, "no session");
        throw markAudited(new HttpError({ code: "unauthorized", message: "Sign in to use the console." }));
      }
      const { user, token } = caller;
      actor = {
        ...actorFrom(req.headers, user),
        ...(token ? { tokenId: token.id, tokenName: token.name } : {}),
      };
      if (caller.needsTotpSetup) {
        await refused(actor, opts.action, req, "two-factor setup pending");
        throw markAudited(
          new HttpError({
            code: "forbidden",
            message: "Set up two-factor authentication before using the console.",
          }),
        );
      }
      if (token && opts.sessionOnly) {
        await refused(actor, opts.action, req, `session-only operation, token "${token.name}"`);
        throw markAudited(
          new HttpError({
            code: "forbidden",
            message:
              "API tokens cannot do this: sign in to the console (see docs/api.md, session-only operations).",
          }),
        );
      }
      if (!can(user.role, opts.action)) {
        await refused(actor, opts.action, req, `role ${user.role}${token ? ` (token "${token.name}")` : ""}`);
        throw markAudited(
          new HttpError({
            code: "forbidden",
            message: token
              ? `This token's console role (${user.role}) does not allow this.`
              : "Your console role does not allow this.",
          }),
        );
      }
      // A bearer request carries no cookie, so it cannot be forged cross-site: no Origin check.
      if (MUTATING.has(req.method) && !token) checkSameOrigin(req);
      const rawParams = (await ctx?.params) ?? {};
      refuseNul(rawParams, Object.fromEntries(url.searchParams));
      const params = (opts.params ? opts.params.parse(rawParams) : rawParams) as P;
      if (token?.orgIds) await checkTokenOrg(token, params, opts, actor, req);
      const rawBody = MUTATING.has(req.method)
        ? await readJson(req, opts.maxBodyBytes ?? MAX_JSON_BODY_BYTES)
        : undefined;
      // The schema first: it names every bad field at once (a NUL and a line break in two names, say).
      const body = (opts.body ? opts.body.parse(rawBody ?? {}) : undefined) as B;
      refuseNul(rawBody);
      const result = await handler({ req, params, body, user, actor, url, token });
      if (result.stream) {
        return new Response(result.stream, {
          status: 200,
          headers: { "Cache-Control": "no-store", ...result.headers },
        });
      }
      return respond(url, result.status ?? 200, result.body, result.headers);
    } catch (e) {
      // A refusal inside the handler is audited too, unless its service wrote the row already (a refused
      // invite is one "invitation.created" row, not that and a "request.refused").
      if (isHttpError(e) && e.status === 403 && actor.userId && !isAudited(e)) {
        await refused(actor, opts.action, req, e.message);
      }
      const mapped = mapError(e);
      return respond(url, mapped.status, mapped.body, mapped.headers);
    }
  };
}
