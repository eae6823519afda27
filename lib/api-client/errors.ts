// The one error envelope of the console's JSON API, shared by route handlers and the browser.
export const ERROR_CODES = [
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_input",
  "rate_limited",
  "atlas_unavailable",
  "atlas_auth",
  "atlas_gone",
  "unknown_outcome",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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
