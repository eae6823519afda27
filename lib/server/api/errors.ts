import "server-only";
import type { ZodError } from "zod";
import type { ErrorCode, ErrorEnvelope } from "@/lib/api-client/errors";
import type { AtlasError } from "../atlas/errors";
import { atlasRefusalText, isAtlasError } from "../atlas/errors";
import { isInvalidAtlasId } from "../atlas/templates";
import { logger } from "../log";

/**
 * The HTTP status of each error code, and the only place one is chosen: a thrower names the code, the status
 * follows (HttpError and mapError take no status).
 */
export const ERROR_STATUS = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale_list: 409,
  invalid_input: 400,
  too_large: 413,
  rate_limited: 429,
  atlas_rate_limited: 503,
  atlas_unavailable: 503,
  atlas_unreachable: 504,
  atlas_error: 502,
  atlas_auth: 502,
  atlas_gone: 502,
  unknown_outcome: 502,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

const HTTP_ERROR_BRAND = "invite-console/HttpError";

export interface HttpErrorInit {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
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
  readonly status: ErrorStatus;
  readonly fields?: Record<string, string>;
  readonly retryAfter?: number;
  constructor({ code, message, fields, retryAfter }: HttpErrorInit) {
    super(message);
    this.name = "HttpError";
    this.code = code;
    this.status = ERROR_STATUS[code];
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
  status: ErrorStatus;
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
  code: ErrorCode,
  message: string,
  extra: Partial<ErrorEnvelope["error"]> = {},
): MappedError => ({
  status: ERROR_STATUS[code],
  body: { error: { code, message, ...extra } },
  headers: extra.retryAfter !== undefined ? { "Retry-After": String(extra.retryAfter) } : {},
});

/** Atlas failures become messages an admin understands; anything unknown is logged and becomes a generic 500. */
export function mapError(e: unknown): MappedError {
  if (isHttpError(e)) {
    return envelope(e.code, e.message, {
      ...(e.fields ? { fields: e.fields } : {}),
      ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter } : {}),
    });
  }
  if (isZodError(e)) return envelope("invalid_input", "Some fields are not valid.", { fields: fieldsOf(e) });
  if (isInvalidAtlasId(e)) {
    return envelope("invalid_input", `${e.param} is not a valid Atlas id.`, {
      fields: { [e.param]: e.message },
    });
  }
  if (isAtlasError(e)) return mapAtlasError(e);
  logger.error({ err: e }, "unexpected error in a route handler");
  return envelope("internal", "Something went wrong on the server. It has been logged.");
}

function mapAtlasError(e: AtlasError): MappedError {
  const atlas = e.errorCode ? { atlasErrorCode: e.errorCode } : {};
  switch (e.failure) {
    case "timeout":
    case "network":
      return envelope("atlas_unreachable", "Atlas is unreachable. Check the network and try again.");
    case "invalid_response":
      return envelope("atlas_error", "Atlas answered something unexpected. Try again in a moment.");
    case "unknown_outcome":
      return envelope("unknown_outcome", `${e.message}. Check the list before trying again.`, atlas);
    case "token":
      if (e.status === 401)
        return envelope("atlas_auth", "Atlas rejected the credentials of this connection.", atlas);
      if (e.status === 403) {
        return envelope(
          "atlas_rate_limited",
          "Atlas refused a new access token (token limit reached). Try again in a minute.",
          { ...atlas, retryAfter: 60 },
        );
      }
      return envelope("atlas_error", "Atlas could not issue an access token. Try again in a moment.", atlas);
    case "http":
      break;
  }
  const detail = e.detail ? ` Atlas says: ${e.detail}` : "";
  // Atlas's errorCode says what to fix: the access list (not a missing role), a foreign team or project.
  const refusal = atlasRefusalText(e);
  if (refusal && (e.status === 403 || e.status === 404)) {
    return envelope(e.status === 403 ? "forbidden" : "not_found", refusal, atlas);
  }
  switch (e.status) {
    case 400:
      return envelope("invalid_input", `Atlas refused the request.${detail}`, atlas);
    case 401:
      return envelope("atlas_auth", "Atlas rejected the credentials of this connection.", atlas);
    case 403:
      return envelope("forbidden", "The service account lacks Organization Owner on this org.", atlas);
    case 404:
      return envelope(
        "not_found",
        `Atlas has no such item (it may have been accepted or cancelled meanwhile).`,
        atlas,
      );
    case 409:
      return envelope("conflict", "Already invited or already a member.", atlas);
    case 410:
      return envelope(
        "atlas_gone",
        "This Atlas API version is retired: switch the connection to the users API.",
        atlas,
      );
    case 429:
    case 503: {
      // Atlas limits the console (503, as Atlas is unavailable to it for now), not the console its user (429).
      const after = e.retryAfter ?? 10;
      return envelope("atlas_rate_limited", `Atlas rate limit: retry in ${after} s.`, {
        ...atlas,
        retryAfter: after,
      });
    }
    default:
      return envelope(
        "atlas_error",
        `Atlas answered ${e.status ?? "an error"}. Try again in a moment.`,
        atlas,
      );
  }
}
