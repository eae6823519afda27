import { parseRetryAfter } from "@/lib/retry-after";
import type { AnswerSchema } from "./answers";
import { ApiError, ERROR_CODES, isRateLimited, type ErrorCode } from "./errors";

export interface ApiFetchOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Parses the 2xx body (development and tests: ./answers.ts). */
  schema?: AnswerSchema<T>;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "invalid_input",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "too_large",
  429: "rate_limited",
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

export function toApiError(status: number, payload: unknown, headerRetryAfter?: number): ApiError {
  const error = (payload as { error?: Record<string, unknown> } | null)?.error;
  if (error && isErrorCode(error.code) && typeof error.message === "string") {
    return ApiError.fromEnvelope(status, {
      error: {
        code: error.code,
        message: error.message,
        ...(error.fields && typeof error.fields === "object"
          ? { fields: error.fields as Record<string, string> }
          : {}),
        ...(typeof error.atlasErrorCode === "string" ? { atlasErrorCode: error.atlasErrorCode } : {}),
        retryAfter: typeof error.retryAfter === "number" ? error.retryAfter : headerRetryAfter,
      },
    });
  }
  return new ApiError({
    status,
    code: CODE_BY_STATUS[status] ?? "internal",
    message: `The console answered HTTP ${status}. Try again in a moment.`,
    retryAfter: headerRetryAfter,
  });
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** fetch, a network failure thrown as the ApiError the UI shows for it (an abort stays an abort). */
async function fetchConsole(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError({
      status: 0,
      code: "internal",
      message: "The console server could not be reached. Check your connection.",
    });
  }
}

/** The one way the browser calls the console's JSON API: same origin, JSON both ways, errors as ApiError. */
export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetchConsole(path, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: "same-origin",
    cache: "no-store",
    signal: options.signal,
  });
  const payload = await readJson(res);
  if (!res.ok) throw toApiError(res.status, payload, parseRetryAfter(res.headers.get("Retry-After")));
  if (!options.schema) return payload as T;
  const parsed = (await options.schema()).safeParse(payload);
  if (!parsed.success) {
    throw new ApiError({
      status: res.status,
      code: "internal",
      message: "The console answered something unexpected. Reload the page.",
    });
  }
  return parsed.data;
}

/**
 * A streamed GET (application/x-ndjson): the body to read line by line once the console answered 2xx; a
 * refusal before the first line (401, 403, 429, Atlas down) throws the same ApiError as apiFetch.
 */
export async function apiStream(path: string, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const res = await fetchConsole(path, {
    headers: { Accept: "application/x-ndjson" },
    credentials: "same-origin",
    cache: "no-store",
    signal,
  });
  if (!res.ok) {
    throw toApiError(res.status, await readJson(res), parseRetryAfter(res.headers.get("Retry-After")));
  }
  if (!res.body || !res.headers.get("content-type")?.startsWith("application/x-ndjson")) {
    throw new ApiError({
      status: res.status,
      code: "internal",
      message: "The console answered something unexpected. Reload the page.",
    });
  }
  return res.body;
}

// Retrying cannot help when the request itself was refused or the connection is misconfigured or retired.
const FINAL_CODES = new Set<string>(["atlas_auth", "atlas_gone", "unknown_outcome"]);

const isApiError = (e: unknown): e is ApiError =>
  typeof e === "object" && e !== null && (e as { name?: unknown }).name === "ApiError";

/**
 * TanStack Query `retry` for GETs: 4xx are final, and so is a rate limit: the error shows at once and its
 * Retry button counts down to Retry-After (components/ui/retry-button.tsx) instead of a spinner that
 * silently waits it out. 5xx and network errors are retried twice.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (isApiError(error)) {
    if (FINAL_CODES.has(error.code) || isRateLimited(error.code)) return false;
    if (error.status >= 400 && error.status < 500) return false;
  }
  return failureCount < 2;
}

/** TanStack Query `retryDelay`: never before Retry-After; otherwise its usual back-off (1 s, 2 s, 4 s…). */
export function queryRetryDelay(failureCount: number, error: unknown): number {
  const backoff = Math.min(1000 * 2 ** failureCount, 30_000);
  if (isApiError(error) && error.retryAt !== undefined) return Math.max(backoff, error.retryAt - Date.now());
  return backoff;
}
