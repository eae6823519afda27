import type { z } from "zod";
import { ApiError, ERROR_CODES, type ErrorCode } from "./errors";

export interface ApiFetchOptions<T> {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Parses the 2xx body: the browser trusts the console's API no more than the server trusts Atlas. */
  schema?: z.ZodType<T>;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "invalid_input",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "rate_limited",
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as { error?: Record<string, unknown> } | null)?.error;
  if (error && isErrorCode(error.code) && typeof error.message === "string") {
    const fields =
      error.fields && typeof error.fields === "object" ? (error.fields as Record<string, string>) : undefined;
    return new ApiError(
      status,
      error.code,
      error.message,
      fields,
      typeof error.atlasErrorCode === "string" ? error.atlasErrorCode : undefined,
      typeof error.retryAfter === "number" ? error.retryAfter : undefined,
    );
  }
  const code = CODE_BY_STATUS[status] ?? "internal";
  return new ApiError(status, code, `The console answered HTTP ${status}. Try again in a moment.`);
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

/** The one way the browser calls the console's JSON API: same origin, JSON both ways, errors as ApiError. */
export async function apiFetch<T = unknown>(path: string, options: ApiFetchOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      cache: "no-store",
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "internal", "The console server could not be reached. Check your connection.");
  }
  const payload = await readJson(res);
  if (!res.ok) throw toApiError(res.status, payload);
  if (!options.schema) return payload as T;
  const parsed = options.schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError(res.status, "internal", "The console answered something unexpected. Reload the page.");
  }
  return parsed.data;
}
