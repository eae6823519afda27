// The one error envelope of the console's JSON API, shared by route handlers and the browser.
export const ERROR_CODES = [
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  /** The invitation acted on is no longer what the list showed (gone or changed in Atlas): reload the list. */
  "stale_list",
  "invalid_input",
  "too_large",
  /** This console limits its user (429). */
  "rate_limited",
  /** Atlas limits this console (503, Retry-After). */
  "atlas_rate_limited",
  /** No working Atlas connection serves the organization. */
  "atlas_unavailable",
  /** No answer from Atlas (timeout, connection refused). */
  "atlas_unreachable",
  /** Atlas answered an error the console cannot act on, or something unreadable. */
  "atlas_error",
  "atlas_auth",
  "atlas_gone",
  "unknown_outcome",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A refusal that says when to come back (Retry-After): this console's own limit or Atlas's. */
export const isRateLimited = (code: unknown): boolean =>
  code === "rate_limited" || code === "atlas_rate_limited";

export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    message: string;
    fields?: Record<string, string>;
    atlasErrorCode?: string;
    retryAfter?: number;
  };
}

export interface ApiErrorInit extends Omit<ErrorEnvelope["error"], "code"> {
  status: number;
  code: ErrorCode;
}

/** Thrown by the browser fetcher: the UI branches on `code`, never on the message text. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly atlasErrorCode?: string;
  readonly retryAfter?: number;
  /** Epoch ms before which retrying is pointless (the console's or Atlas's Retry-After). */
  readonly retryAt: number | undefined;

  constructor({ status, code, message, fields, atlasErrorCode, retryAfter }: ApiErrorInit) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.atlasErrorCode = atlasErrorCode;
    this.retryAfter = retryAfter;
    // Retry-After is relative to when the answer arrived: pin it to the clock once.
    this.retryAt = retryAfter !== undefined ? Date.now() + retryAfter * 1000 : undefined;
  }

  /** The error a console answer of `status` with this envelope stands for. */
  static fromEnvelope(status: number, body: ErrorEnvelope): ApiError {
    return new ApiError({ status, ...body.error });
  }
}
