import "server-only";
import type { z } from "zod";
import { observeAtlasAnswer } from "./clock";
import type { AtlasConnection } from "./connection";
import { parseRetryAfter } from "@/lib/retry-after";
import { AtlasError } from "./errors";
import { buildUrl } from "./templates";
import type { PathParams, TemplateName } from "./templates";
import type { TokenManager } from "./token-manager";

export type AtlasVersion = "2023-01-01" | "2025-02-19";

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

  async send<T>(req: AtlasRequest<T>): Promise<T> {
    const url = buildUrl(this.conn.baseUrl, req.template, req.params, req.query);
    const idempotent = req.method === "GET" || req.method === "DELETE";
    let retriesLeft = idempotent && !req.noRetry ? this.retry.idempotentRetries : 0;
    let rateLimitRetryLeft = !idempotent && !req.noRetry; // a 429 was not processed: POST/PATCH may try once more
    let authRetryLeft = true;
    let attempt = 0;
    for (;;) {
      attempt++;
      const token = await this.tokens.token();
      const media = `application/vnd.atlas.${req.version}+json`;
      // Built from scratch: nothing of the browser's request (cookies!) ever reaches Atlas.
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: media,
        "User-Agent": "atlas-invite-console/0.1",
      };
      if (req.body !== undefined) headers["Content-Type"] = media;
      let res: Response;
      try {
        res = await this.fetchImpl(url, {
          method: req.method,
          headers,
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          redirect: "error",
          signal: AbortSignal.timeout(this.conn.timeoutMs),
          cache: "no-store",
        });
      } catch (e) {
        const timeout = (e as Error).name === "TimeoutError";
        if (retriesLeft > 0) {
          retriesLeft--;
          await sleep(this.delay(attempt));
          continue;
        }
        if (!idempotent) {
          const msg = timeout
            ? "Atlas did not confirm the change (no answer in time)"
            : "Atlas did not confirm the change (connection lost)";
          throw AtlasError.unknownOutcome({ message: msg, stillRunning: timeout });
        }
        throw AtlasError.unreachable({ timeout });
      }

      observeAtlasAnswer(this.conn.id, res.status, res.headers, req.version);
      req.onResponse?.(res.status, res.headers);
      if (res.ok) return this.parse(req, res);

      const body = (await res.json().catch(() => null)) as {
        errorCode?: unknown;
        detail?: unknown;
        badRequestDetail?: { fields?: { field?: unknown }[] };
      } | null;
      const errorCode = typeof body?.errorCode === "string" ? body.errorCode : null;
      const detail = typeof body?.detail === "string" ? body.detail : null;
      const retryAfter = parseRetryAfter(res.headers.get("retry-after")) ?? null;

      if (res.status === 401 && authRetryLeft) {
        authRetryLeft = false;
        this.tokens.invalidate(token);
        continue;
      }
      if (res.status === 429 || res.status === 503) {
        const wait = retryAfter ?? this.delay(attempt) / 1000;
        const mayRetry = idempotent ? retriesLeft > 0 : res.status === 429 && rateLimitRetryLeft;
        if (mayRetry && wait <= this.retry.maxWaitSeconds) {
          if (idempotent) retriesLeft--;
          else rateLimitRetryLeft = false;
          await sleep(wait * 1000);
          continue;
        }
        if (res.status === 503 && !idempotent) {
          throw AtlasError.unknownOutcome({
            message: "Atlas did not confirm the change (503)",
            status: 503,
            errorCode,
            detail,
          });
        }
        throw AtlasError.http({ status: res.status, errorCode, detail, retryAfter });
      }
      if (res.status >= 500) {
        if (idempotent && retriesLeft > 0) {
          retriesLeft--;
          await sleep(
            Math.min((retryAfter ?? 0) * 1000, this.retry.maxWaitSeconds * 1000) || this.delay(attempt),
          );
          continue;
        }
        if (!idempotent) {
          throw AtlasError.unknownOutcome({
            message: `Atlas did not confirm the change (${res.status})`,
            status: res.status,
            errorCode,
            detail,
          });
        }
      }
      const fields = (Array.isArray(body?.badRequestDetail?.fields) ? body.badRequestDetail.fields : [])
        .map((f) => f?.field)
        .filter((f): f is string => typeof f === "string");
      throw AtlasError.http({ status: res.status, errorCode, detail, retryAfter, fields });
    }
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
