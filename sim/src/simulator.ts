import type { IncomingMessage, ServerResponse } from "node:http";
import { Clock } from "./clock";
import { handleControl } from "./control";
import { demoSeed, demoSeedWithExtraPending, demoSeedWithOrgs } from "./demo-seed";
import { AtlasHttpError, reasonPhrase } from "./errors";
import { FaultList } from "./faults";
import type { Fault } from "./faults";
import { BodyTooLarge, journalBody, journalHeaders, queryObject, readBody, sendJson } from "./http";
import { TokenService, parseBasic } from "./oauth";
import { RateLimiter } from "./ratelimit";
import type { BucketState } from "./ratelimit";
import { Router } from "./router";
import type { Operation, OpResult } from "./router";
import { createUserOperation } from "./routes/create-user";
import { groupInviteOperations } from "./routes/group-invites";
import { inviteOperations } from "./routes/invites";
import { orgOperations } from "./routes/orgs";
import { rateLimitOperations } from "./routes/rate-limits";
import { teamUserOperations } from "./routes/team-users";
import { userOperations } from "./routes/users";
import type { EndpointSetName, Seed } from "./seed-types";
import { SimState } from "./state";
import { isoSeconds } from "./util";
import { contentTypeFor, goneError, isSunset, resolveVersion, versionHeaders } from "./versions";

/**
 * `demo+N`: the demo seed plus N generated pending invitations in Demo Org (big-list tests and benchmarks);
 * `orgs+N`: the demo seed plus N generated orgs the Demo Org owner owns (many-org tests and benchmarks).
 */
export type SeedInput = Seed | "demo" | "empty" | `demo+${number}` | `orgs+${number}`;

export interface JournalEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: unknown;
  status: number | null;
  dropped?: boolean;
  operationId?: string;
  fault?: number;
  /** With an afterProcessing fault: the status the call really had before its answer was replaced. */
  processedStatus?: number;
  durationMs?: number;
}

/** Swallows an answer (afterProcessing faults). */
class DiscardedResponse {
  headersSent = false;
  destroyed = false;
  statusCode = 200;
  setHeader(): void {}
  end(): void {
    this.headersSent = true;
  }
}

export const OPERATIONS: Operation[] = [
  ...orgOperations,
  ...inviteOperations,
  ...userOperations,
  ...teamUserOperations,
  ...groupInviteOperations,
  createUserOperation,
  ...rateLimitOperations(() => OPERATIONS),
];

const JSON_BODY = /^application\/(json|vnd\.atlas\.[^;]*\+json)(;|$)/i;

/** The whole simulated Atlas: state, tokens, buckets, journal, faults and the HTTP entry point. */
export class Simulator {
  clock!: Clock;
  state!: SimState;
  tokens!: TokenService;
  limiter!: RateLimiter;
  readonly faults = new FaultList();
  readonly router = new Router(OPERATIONS);
  journal: JournalEntry[] = [];
  private seq = 0;
  requests = 0;
  rateLimited = 0;
  byOperation: Record<string, number> = {};

  constructor(readonly seedInput: SeedInput = "demo") {
    this.reset({ tokens: true });
  }

  /**
   * Back to the seed. Access tokens survive unless `tokens` is set, so a client's cached token stays valid.
   * `seed` swaps one demo-based seed for another ("demo" or "demo+N") for this reset only.
   */
  reset(opts: { tokens?: boolean; seed?: "demo" | `demo+${number}` | `orgs+${number}` } = {}): void {
    const input = opts.seed ?? this.seedInput;
    const seed: Seed = typeof input === "string" ? {} : input;
    this.clock = new Clock(seed.now);
    this.state = new SimState(this.clock);
    if (input === "demo") this.state.loadSeed(demoSeed(this.clock.now()));
    else if (typeof input === "string" && input.startsWith("demo+"))
      this.state.loadSeed(demoSeedWithExtraPending(this.clock.now(), Number(input.slice(5))));
    else if (typeof input === "string" && input.startsWith("orgs+"))
      this.state.loadSeed(demoSeedWithOrgs(this.clock.now(), Number(input.slice(5))));
    else this.state.loadSeed(seed);
    if (opts.tokens || !this.tokens) {
      this.tokens = new TokenService(
        this.state,
        this.clock,
        seed.tokenLifetimeSeconds ?? 3600,
        seed.maxLiveTokens ?? 100,
      );
    } else {
      this.tokens.rebind(this.state, this.clock);
    }
    this.limiter = RateLimiter.withOverrides(seed.rateLimits);
    this.faults.clear();
    this.faults.injected = 0;
    this.journal = [];
    this.requests = 0;
    this.rateLimited = 0;
    this.byOperation = {};
  }

  stats() {
    return {
      now: isoSeconds(this.clock.now()),
      requests: this.requests,
      tokensIssued: this.tokens.tokensIssued,
      liveTokens: this.tokens.liveTokens(),
      rateLimited: this.rateLimited,
      faultsInjected: this.faults.injected,
      journalSize: this.journal.length,
      byOperation: this.byOperation,
    };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    // Date follows the simulated clock, as Atlas's own clock would: clients that measure "now" against Atlas
    // (the console's sunset countdown, lib/server/atlas/clock.ts) see a moved clock.
    res.setHeader("Date", new Date(this.clock.now()).toUTCString());
    // Parse relative to a fixed origin so that "//x" stays a path and dot segments are resolved as a proxy would.
    const url = new URL(`http://sim${(req.url ?? "/").startsWith("/") ? "" : "/"}${req.url ?? "/"}`);
    const method = (req.method ?? "GET").toUpperCase();
    let raw: string;
    try {
      raw = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        sendJson(
          res,
          413,
          new AtlasHttpError(413, "REQUEST_TOO_LARGE", "The request body is too large.").body(),
          {
            "Content-Type": "application/json",
            // Every answer carries the rate-limit headers; this one never reached an endpoint set.
            "Ratelimit-Limit": String(this.limiter.peek("other", "anonymous", this.clock.now()).limit),
            "Ratelimit-Remaining": String(
              this.limiter.peek("other", "anonymous", this.clock.now()).remaining,
            ),
          },
        );
        return;
      }
      res.destroy();
      return;
    }
    if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/")) {
      handleControl(this, method, url, raw, res);
      return;
    }

    this.requests++;
    const entry: JournalEntry = {
      seq: ++this.seq,
      time: isoSeconds(this.clock.now()),
      method,
      path: url.pathname,
      query: queryObject(url.searchParams),
      headers: journalHeaders(req),
      body: journalBody(raw, req.headers["content-type"]),
      status: null,
    };
    this.journal.push(entry);
    if (this.journal.length > 10_000) this.journal.splice(0, this.journal.length - 10_000);

    const fault = this.faults.take(method, url.pathname);
    if (fault) entry.fault = fault.id;
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.afterProcessing) {
      // Atlas does the work, then the answer is lost or replaced: the client cannot know it happened.
      entry.processedStatus = this.answer(
        req,
        new DiscardedResponse() as unknown as ServerResponse,
        method,
        url,
        raw,
        entry,
        undefined,
      );
    }
    if (fault?.drop) {
      entry.dropped = true;
      entry.durationMs = Date.now() - started;
      req.socket.destroy();
      return;
    }
    const status = this.answer(req, res, method, url, raw, entry, fault);
    entry.status = status;
    entry.durationMs = Date.now() - started;
  }

  /** Produces the Atlas answer and returns its status. */
  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    raw: string,
    entry: JournalEntry,
    fault: Fault | undefined,
  ): number {
    const path = url.pathname;
    const pretty = url.searchParams.get("pretty") === "true";
    const envelope = url.searchParams.get("envelope") === "true";
    const rlHeaders = (s: BucketState) => ({
      "Ratelimit-Limit": String(s.limit),
      "Ratelimit-Remaining": String(s.remaining),
    });
    const sendError = (e: AtlasHttpError, extra: Record<string, string> = {}) => {
      const body = envelope ? { content: e.body(), status: e.status } : e.body();
      sendJson(
        res,
        e.status,
        body,
        { "Content-Type": "application/json", ...extra, ...e.headers },
        { pretty, now: this.clock.now() },
      );
      return e.status;
    };
    const faultError = (set: EndpointSetName, scope: string) => {
      const s = fault!.status!;
      const headers: Record<string, string> = rlHeaders(this.limiter.peek(set, scope, this.clock.now()));
      if (fault!.retryAfter !== undefined) headers["Retry-After"] = String(fault!.retryAfter);
      const code =
        fault!.errorCode ?? (s === 429 ? "RATE_LIMITED" : s >= 500 ? "UNEXPECTED_ERROR" : "SIMULATED_FAULT");
      return sendError(new AtlasHttpError(s, code, `Simulated fault: ${s} ${reasonPhrase(s)}.`), headers);
    };

    // OAuth endpoints.
    if (path === "/api/oauth/token" || path === "/api/oauth/revoke") {
      const clientId = parseBasic(req.headers.authorization)?.clientId ?? "anonymous";
      if (fault?.status) return faultError("oauth", clientId);
      if (method !== "POST") {
        return sendError(
          new AtlasHttpError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${path}.`),
          rlHeaders(this.limiter.peek("oauth", clientId, this.clock.now())),
        );
      }
      const bucket = this.limiter.take("oauth", clientId, this.clock.now());
      if (!bucket.allowed) return this.tooMany(res, "oauth", path, bucket, sendError);
      const form = new URLSearchParams(raw);
      const answer =
        path === "/api/oauth/token"
          ? this.tokens.issue(req.headers.authorization, form)
          : this.tokens.revoke(req.headers.authorization, form);
      sendJson(
        res,
        answer.status,
        answer.body ?? undefined,
        {
          "Content-Type": "application/json",
          "Cache-Control": "no-store",
          Pragma: "no-cache",
          ...rlHeaders(bucket),
        },
        { now: this.clock.now() },
      );
      return answer.status;
    }

    const { found, pathKnown } = this.router.match(method, path);
    const sa = this.tokens.bearer(req.headers.authorization);
    if (!found) {
      const headers = rlHeaders(this.limiter.peek("other", sa?.clientId ?? "anonymous", this.clock.now()));
      if (fault?.status) return faultError("other", sa?.clientId ?? "anonymous");
      if (pathKnown) {
        return sendError(
          new AtlasHttpError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${path}.`),
          headers,
        );
      }
      return sendError(
        new AtlasHttpError(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${path}.`, [path]),
        headers,
      );
    }
    const { op, params } = found;
    entry.operationId = op.operationId;
    this.byOperation[op.operationId] = (this.byOperation[op.operationId] ?? 0) + 1;
    const scope =
      op.scope === "org"
        ? (params.orgId ?? "")
        : op.scope === "group"
          ? (params.groupId ?? "")
          : (sa?.clientId ?? "");
    if (fault?.status) return faultError(op.endpointSet, scope);
    const peek = () => rlHeaders(this.limiter.peek(op.endpointSet, scope, this.clock.now()));

    if (!sa) {
      return sendError(
        new AtlasHttpError(401, "UNAUTHORIZED", "You are not authorized for this resource.", []),
        peek(),
      );
    }
    let version;
    try {
      version = resolveVersion(req.headers.accept, op.versions);
    } catch (e) {
      return sendError(e as AtlasHttpError, peek());
    }
    if (isSunset(version, this.clock.now())) return sendError(goneError(version, path), peek());

    const bucket = this.limiter.take(op.endpointSet, scope, this.clock.now());
    if (!bucket.allowed) return this.tooMany(res, op.endpointSet, path, bucket, sendError);
    const headers = { ...rlHeaders(bucket), ...versionHeaders(version) };

    let body: unknown = undefined;
    if (raw.trim() !== "") {
      const ct = req.headers["content-type"] ?? "";
      if (!JSON_BODY.test(ct)) {
        return sendError(
          new AtlasHttpError(415, "UNSUPPORTED_MEDIA_TYPE", `Unsupported Content-Type: ${ct || "(none)"}.`, [
            ct,
          ]),
          headers,
        );
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(new AtlasHttpError(400, "INVALID_JSON", "Received JSON is malformed."), headers);
      }
    }

    let result: OpResult;
    try {
      result = op.handler({
        method,
        path,
        params,
        query: url.searchParams,
        body,
        sa,
        version,
        now: this.clock.now(),
        baseUrl: `http://${req.headers.host ?? "127.0.0.1"}`,
        clientIp: (req.socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
        state: this.state,
        rateLimits: this.limiter,
      });
    } catch (e) {
      if (e instanceof AtlasHttpError) return sendError(e, headers);
      console.error(`[sim] ${op.operationId} failed:`, e);
      return sendError(new AtlasHttpError(500, "UNEXPECTED_ERROR", "Unexpected error."), headers);
    }
    let out = result.body;
    if (envelope && out !== undefined) {
      out = op.paginated
        ? { ...(out as object), status: result.status }
        : { content: out, status: result.status };
    }
    sendJson(
      res,
      result.status,
      out,
      { "Content-Type": contentTypeFor(version), ...headers, ...result.headers },
      { pretty, now: this.clock.now() },
    );
    return result.status;
  }

  private tooMany(
    _res: ServerResponse,
    set: EndpointSetName,
    path: string,
    b: BucketState,
    sendError: (e: AtlasHttpError, extra?: Record<string, string>) => number,
  ): number {
    this.rateLimited++;
    const resource = path.replace(/^\//, "");
    return sendError(
      new AtlasHttpError(
        429,
        "RATE_LIMITED_TOKEN_BUCKET",
        `Rate limit exceeded for ${resource}. Please retry after ${b.retryAfter} seconds. Request capacity: ${b.limit}. Refill rate: ${b.refillRate} per ${b.refillDurationSeconds} seconds.`,
        [resource, b.retryAfter, b.limit, b.refillRate, b.refillDurationSeconds],
      ),
      {
        "Ratelimit-Limit": String(b.limit),
        "Ratelimit-Remaining": String(b.remaining),
        "Retry-After": String(b.retryAfter),
        "X-Sim-Endpoint-Set": set,
      },
    );
  }
}
