import "server-only";
import type { ZodError } from "zod";
import type { ErrorCode, ErrorEnvelope } from "@/lib/api-client/errors";
import type { AtlasError } from "../atlas/errors";
import { atlasRefusalText, isAtlasError } from "../atlas/errors";
import { isInvalidAtlasId } from "../atlas/templates";
import { logger } from "../log";

/** The HTTP status of each error code: a thrower names the code, the status follows. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_input: 400,
  rate_limited: 429,
  atlas_unavailable: 503,
  atlas_auth: 502,
  atlas_gone: 502,
  unknown_outcome: 502,
  internal: 500,
};

const HTTP_ERROR_BRAND = "invite-console/HttpError";

export interface HttpErrorInit {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
  /** An Atlas status passed through; otherwise the code's (ERROR_STATUS). */
  status?: number;
  /** Seconds: sent as Retry-After and in the envelope (an Atlas rate limit passed on). */
  retryAfter?: number;
}

/**
 * An answer the console gives on purpose: `new HttpError({ code: "conflict", message })`. The status comes
 * from the code. Classify with `isHttpError`, never `instanceof` (Next.js bundles instrumentation and routes
 * apart: the class can exist twice).
 */
export class HttpError extends Error {
  readonly brand = HTTP_ERROR_BRAND;
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields?: Record<string, string>;
  readonly retryAfter?: number;
  constructor({ code, message, fields, status, retryAfter }: HttpErrorInit) {
    super(message);
    this.name = "HttpError";
    this.code = code;
    this.status = status ?? ERROR_STATUS[code];
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
}

/**
 * A zod validation error from any copy of zod (route bundles and instrumentation each bundle their own), by its
 * name and issue list rather than `instanceof`.
 */
function isZodError(e: unknown): e is ZodError {
  return (
    typeof e === "object" &&
    e !== null &&
    (e as { name?: unknown }).name === "ZodError" &&
    Array.isArray((e as { issues?: unknown }).issues)
  );
}

export function isHttpError(e: unknown): e is HttpError {
  return typeof e === "object" && e !== null && (e as { brand?: unknown }).brand === HTTP_ERROR_BRAND;
}

export interface MappedError {
  status: number;
  body: ErrorEnvelope;
  headers: Record<string, string>;
}

export function fieldsOf(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

const envelope = (
  status: number,
  code: ErrorCode,
  message: string,
  extra: Partial<ErrorEnvelope["error"]> = {},
  headers: Record<string, string> = {},
): MappedError => ({ status, body: { error: { code, message, ...extra } }, headers });

/** Atlas failures become messages an admin understands; anything unknown is logged and becomes a generic 500. */
export function mapError(e: unknown): MappedError {
  if (isHttpError(e)) {
    const extra = {
      ...(e.fields ? { fields: e.fields } : {}),
      ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
    };
    const headers: Record<string, string> =
      e.retryAfter !== undefined ? { "Retry-After": String(e.retryAfter) } : {};
    return envelope(e.status, e.code, e.message, extra, headers);
  }
  if (isZodError(e))
    return envelope(400, "invalid_input", "Some fields are not valid.", { fields: fieldsOf(e) });
  if (isInvalidAtlasId(e)) {
    return envelope(400, "invalid_input", `${e.param} is not a valid Atlas id.`, {
      fields: { [e.param]: e.message },
    });
  }
  if (isAtlasError(e)) return mapAtlasError(e);
  logger.error({ err: e }, "unexpected error in a route handler");
  return envelope(500, "internal", "Something went wrong on the server. It has been logged.");
}

function mapAtlasError(e: AtlasError): MappedError {
  const atlas = e.errorCode ? { atlasErrorCode: e.errorCode } : {};
  switch (e.failure) {
    case "timeout":
    case "network":
      return envelope(504, "atlas_unavailable", "Atlas is unreachable. Check the network and try again.");
    case "invalid_response":
      return envelope(
        502,
        "atlas_unavailable",
        "Atlas answered something unexpected. Try again in a moment.",
      );
    case "unknown_outcome":
      return envelope(502, "unknown_outcome", `${e.message}. Check the list before trying again.`, atlas);
    case "token":
      if (e.status === 401)
        return envelope(502, "atlas_auth", "Atlas rejected the credentials of this connection.", atlas);
      if (e.status === 403) {
        return envelope(
          503,
          "rate_limited",
          "Atlas refused a new access token (token limit reached). Try again in a minute.",
          { ...atlas, retryAfter: 60 },
          { "Retry-After": "60" },
        );
      }
      return envelope(
        502,
        "atlas_unavailable",
        "Atlas could not issue an access token. Try again in a moment.",
        atlas,
      );
    case "http":
      break;
  }
  const detail = e.detail ? ` Atlas says: ${e.detail}` : "";
  // Atlas's errorCode says what to fix: the access list (not a missing role), a foreign team or project.
  const refusal = atlasRefusalText(e);
  if (refusal && (e.status === 403 || e.status === 404)) {
    return envelope(e.status, e.status === 403 ? "forbidden" : "not_found", refusal, atlas);
  }
  switch (e.status) {
    case 400:
      return envelope(400, "invalid_input", `Atlas refused the request.${detail}`, atlas);
    case 401:
      return envelope(502, "atlas_auth", "Atlas rejected the credentials of this connection.", atlas);
    case 403:
      return envelope(403, "forbidden", "The service account lacks Organization Owner on this org.", atlas);
    case 404:
      return envelope(
        404,
        "not_found",
        `Atlas has no such item (it may have been accepted or cancelled meanwhile).`,
        atlas,
      );
    case 409:
      return envelope(409, "conflict", "Already invited or already a member.", atlas);
    case 410:
      return envelope(
        502,
        "atlas_gone",
        "This Atlas API version is retired: switch the connection to the users API.",
        atlas,
      );
    case 429:
    case 503: {
      const after = e.retryAfter ?? 10;
      return envelope(
        503,
        "rate_limited",
        `Atlas rate limit: retry in ${after} s.`,
        { ...atlas, retryAfter: after },
        { "Retry-After": String(after) },
      );
    }
    default:
      return envelope(
        502,
        "atlas_unavailable",
        `Atlas answered ${e.status ?? "an error"}. Try again in a moment.`,
        atlas,
      );
  }
}
