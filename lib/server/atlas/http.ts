import "server-only";
import type { z } from "zod";
import { observeBudget } from "./budget";
import { observeAtlasAnswer } from "./clock";
import type { AtlasConnection } from "./connection";
import { parseRetryAfter } from "@/lib/retry-after";
import { AtlasError } from "./errors";
import { buildUrl } from "./templates";
import type { PathParams, TemplateName } from "./templates";
import type { TokenManager } from "./token-manager";

export type AtlasVersion = "2023-01-01" | "2025-02-19" | "2025-03-12";

export interface AtlasRequest<T> {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  template: TemplateName;
  params?: PathParams;
  query?: URLSearchParams;
  body?: unknown;
  version: AtlasVersion;
  /** Parses the answer; null for 204 answers. */
  schema: z.ZodType<T> | null;
  /** Sees the status and headers of every answer (rate-limit budget, Deprecation / Sunset). */
  onResponse?: (status: number, headers: Headers) => void;
  /**
   * One attempt only (apart from the retry after a 401): no retry on 429, 5xx or timeouts, for a caller that
   * must look at Atlas again before trying once more (the users API's DELETE, lib/server/atlas/invitations.ts).
   */
  noRetry?: boolean;
}

/** An answer of Atlas: the parsed body (null for a 204) and the HTTP status it really sent. */
export interface AtlasAnswer<T> {
  data: T;
  status: number;
}

export interface RetryPolicy {
  /** Extra attempts for GET/DELETE on 429, 5xx, timeouts and dropped connections. */
  idempotentRetries: number;
  /** Longest Retry-After the handler will wait in place; longer ones go back to the caller. */
  maxWaitSeconds: number;
  /** Back-off between attempts when Atlas gives no Retry-After (ms, grows ×3). */
  baseDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { idempotentRetries: 2, maxWaitSeconds: 5, baseDelayMs: 250 };

/**
 * The longest one send() below can take: its attempts (the retries, plus one after a 401), each up to the
 * timeout, a token request before the first and after the 401, and a wait of at most maxWaitSeconds
 * between retries (the back-off is shorter). Until then Atlas may still act on it (the audit reconciler's rule).
 */
export function longestSendMs(timeoutMs: number, retry: RetryPolicy = DEFAULT_RETRY): number {
  const attempts = retry.idempotentRetries + 2;
  const waits =
    (attempts - 2) * Math.max(retry.maxWaitSeconds * 1000, retry.baseDelayMs * 3 ** (attempts - 1));
  return (attempts + 2) * timeoutMs + waits;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many more attempts each reason may still take, for one send(). */
interface RetryBudget {
  idempotent: boolean;
  /** GET/DELETE: 429, 5xx, timeouts and dropped connections. */
  retries: number;
  /** POST/PATCH: once after a 429 (Atlas did not process it). */
  rateLimitRetry: boolean;
  /** Once with a fresh token after a 401. */
  authRetry: boolean;
}

/** What one attempt leads to. */
type Verdict =
  | { kind: "done"; res: Response }
  | { kind: "again"; waitMs: number; staleToken?: string }
  | { kind: "fail"; error: AtlasError };

/** Atlas's error body: its errorCode, detail and the fields of a 400 (badRequestDetail). */
async function readRefusal(
  res: Response,
): Promise<{ errorCode: string | null; detail: string | null; fields: string[] }> {
  const body = (await res.json().catch(() => null)) as {
    errorCode?: unknown;
    detail?: unknown;
    badRequestDetail?: { fields?: { field?: unknown }[] };
  } | null;
  const fields = (Array.isArray(body?.badRequestDetail?.fields) ? body.badRequestDetail.fields : [])
    .map((f) => f?.field)
    .filter((f): f is string => typeof f === "string");
  return {
    errorCode: typeof body?.errorCode === "string" ? body.errorCode : null,
    detail: typeof body?.detail === "string" ? body.detail : null,
    fields,
  };
}

export interface AtlasClientOptions {
  fetch?: typeof fetch;
  retry?: RetryPolicy;
}

/** The one place that sends HTTP to Atlas: fixed URL templates, fresh headers, timeouts, no redirects, retries
 * only where they are safe (docs/security.md 6). */
export class AtlasHttp {
  private readonly fetchImpl: typeof fetch;
  readonly retry: RetryPolicy;

  constructor(
    readonly conn: AtlasConnection,
    readonly tokens: TokenManager,
    opts: AtlasClientOptions = {},
  ) {
    this.fetchImpl = opts.fetch ?? fetch;
    this.retry = opts.retry ?? DEFAULT_RETRY;
  }

  /** attempt → classify → retry, until an answer is parsed or an error is final. */
  async send<T>(req: AtlasRequest<T>): Promise<AtlasAnswer<T>> {
    const url = buildUrl(this.conn.baseUrl, req.template, req.params, req.query);
    const idempotent = req.method === "GET" || req.method === "DELETE";
    const budget: RetryBudget = {
      idempotent,
      retries: idempotent && !req.noRetry ? this.retry.idempotentRetries : 0,
      rateLimitRetry: !idempotent && !req.noRetry,
      authRetry: true,
    };
    for (let attempt = 1; ; attempt++) {
      const sent = await this.attempt(req, url);
      const verdict =
        "res" in sent
          ? await this.classifyAnswer(req, sent.res, sent.token, attempt, budget)
          : this.classifyDropped(sent.dropped, attempt, budget);
      if (verdict.kind === "done")
        return { data: await this.parse(req, verdict.res), status: verdict.res.status };
      if (verdict.kind === "fail") throw verdict.error;
      await this.beforeRetry(verdict);
    }
  }

  /** send() for a read that needs only the body, not the status. */
  async sendData<T>(req: AtlasRequest<T>): Promise<T> {
    return (await this.send(req)).data;
  }

  /** One request with a current token; a dropped connection or timeout is returned, not thrown. */
  private async attempt<T>(
    req: AtlasRequest<T>,
    url: URL | string,
  ): Promise<{ token: string; res: Response } | { token: string; dropped: Error }> {
    const token = await this.tokens.token();
    const media = `application/vnd.atlas.${req.version}+json`;
    // Built from scratch: nothing of the browser's request (cookies!) ever reaches Atlas.
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: media,
      "User-Agent": "atlas-invite-console/0.1",
    };
    if (req.body !== undefined) headers["Content-Type"] = media;
    try {
      const res = await this.fetchImpl(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        redirect: "error",
        signal: AbortSignal.timeout(this.conn.timeoutMs),
        cache: "no-store",
      });
      return { token, res };
    } catch (e) {
      return { token, dropped: e as Error };
    }
  }

  /** No answer: retried while the budget lasts; then unknown for a change, unreachable for a read. */
  private classifyDropped(e: Error, attempt: number, budget: RetryBudget): Verdict {
    const timeout = e.name === "TimeoutError";
    if (budget.retries > 0) {
      budget.retries--;
      return { kind: "again", waitMs: this.delay(attempt) };
    }
    if (!budget.idempotent) {
      const message = timeout
        ? "Atlas did not confirm the change (no answer in time)"
        : "Atlas did not confirm the change (connection lost)";
      return { kind: "fail", error: AtlasError.unknownOutcome({ message, stillRunning: timeout }) };
    }
    return { kind: "fail", error: AtlasError.unreachable({ timeout }) };
  }

  /**
   * An answer: 2xx is done; a 401 gets one fresh token; 429/503 wait for Retry-After when short enough (a
   * POST/PATCH only after a 429, which Atlas did not process); other 5xx are retried for GET/DELETE and
   * unknown for POST/PATCH; the rest is Atlas's refusal.
   */
  private async classifyAnswer<T>(
    req: AtlasRequest<T>,
    res: Response,
    token: string,
    attempt: number,
    budget: RetryBudget,
  ): Promise<Verdict> {
    observeAtlasAnswer(this.conn.id, res.status, res.headers, req.version);
    observeBudget(this.conn.id, req.template, req.params, res.headers);
    req.onResponse?.(res.status, res.headers);
    if (res.ok) return { kind: "done", res };

    const { errorCode, detail, fields } = await readRefusal(res);
    const status = res.status;
    const retryAfter = parseRetryAfter(res.headers.get("retry-after")) ?? null;

    if (status === 401 && budget.authRetry) {
      budget.authRetry = false;
      return { kind: "again", waitMs: 0, staleToken: token };
    }
    if (status === 429 || status === 503) {
      const wait = retryAfter ?? this.delay(attempt) / 1000;
      const mayRetry = budget.idempotent ? budget.retries > 0 : status === 429 && budget.rateLimitRetry;
      if (mayRetry && wait <= this.retry.maxWaitSeconds) {
        if (budget.idempotent) budget.retries--;
        else budget.rateLimitRetry = false;
        return { kind: "again", waitMs: wait * 1000 };
      }
      if (status === 503 && !budget.idempotent) {
        const message = "Atlas did not confirm the change (503)";
        return { kind: "fail", error: AtlasError.unknownOutcome({ message, status, errorCode, detail }) };
      }
      return { kind: "fail", error: AtlasError.http({ status, errorCode, detail, retryAfter }) };
    }
    if (status >= 500) {
      if (budget.idempotent && budget.retries > 0) {
        budget.retries--;
        const waitMs =
          Math.min((retryAfter ?? 0) * 1000, this.retry.maxWaitSeconds * 1000) || this.delay(attempt);
        return { kind: "again", waitMs };
      }
      if (!budget.idempotent) {
        const message = `Atlas did not confirm the change (${status})`;
        return { kind: "fail", error: AtlasError.unknownOutcome({ message, status, errorCode, detail }) };
      }
    }
    return { kind: "fail", error: AtlasError.http({ status, errorCode, detail, retryAfter, fields }) };
  }

  /** Before the next attempt: a fresh token after a 401, or the wait. */
  private async beforeRetry(verdict: Extract<Verdict, { kind: "again" }>): Promise<void> {
    if (verdict.staleToken !== undefined) this.tokens.invalidate(verdict.staleToken);
    if (verdict.waitMs > 0) await sleep(verdict.waitMs);
  }

  private delay(attempt: number): number {
    return this.retry.baseDelayMs * 3 ** (attempt - 1);
  }

  private async parse<T>(req: AtlasRequest<T>, res: Response): Promise<T> {
    if (req.schema === null) {
      await res.body?.cancel();
      return null as T;
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw AtlasError.invalidResponse({
        message: "Atlas answered something that is not JSON",
        status: res.status,
      });
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      throw AtlasError.invalidResponse({
        message: `Atlas answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ""}`,
        status: res.status,
      });
    }
    return parsed.data;
  }
}
