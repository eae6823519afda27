// better-auth's refusals as the sign-in, two-factor, set-password and account screens say them. Its endpoints
// answer { code, message } (the console's own additions too: lib/server/auth/two-factor-limit.ts,
// auth-route-session.ts, lib/server/api/auth-input.ts); the client (lib/auth-client.ts) hands that back as
// `error` with the HTTP status, or throws when the server could not be reached.

/** A refused or failed call to /api/auth: `message` is what the screen shows. */
export class AuthError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor({ status, message, code }: { status: number; message: string; code?: string | undefined }) {
    super(message);
    this.name = "AuthError";
    this.status = status;
    this.code = code;
  }
}

const MESSAGES: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "Wrong e-mail or password.",
  INVALID_CODE: "That code is not right. Check the time on your device and try again.",
  INVALID_BACKUP_CODE: "That recovery code is not valid (each works once).",
  INVALID_TOKEN: "This link is invalid or has expired. Ask an admin for a new one.",
  INVALID_PASSWORD: "Wrong password.",
  PASSWORD_TOO_SHORT: "The password must be at least 12 characters long.",
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: "Too many wrong codes for this sign-in. Sign in again.",
  ACCOUNT_TEMPORARILY_LOCKED: "Too many wrong codes: two-factor sign-in is locked for 15 minutes.",
  // The challenge cookie of the password step is gone (expired, or another sign-in replaced it).
  INVALID_TWO_FACTOR_COOKIE: "This sign-in attempt has expired. Sign in again.",
};

export const UNREACHABLE_MESSAGE = "The console server could not be reached. Check your connection.";
export const EMPTY_ANSWER_MESSAGE = "The console server gave an empty answer. Try again.";

/** What the client reports for a non-2xx answer: the status and, from a JSON body, its fields. */
export interface AuthErrorBody {
  status: number;
  code?: unknown;
  message?: unknown;
}

/**
 * The AuthError for a refused call. A 429 keeps the server's words (the account lock and the per-address
 * limit say when to come back); otherwise a known code gets the console's wording, and anything else the
 * server's message, or the status when there was none (an answer that was not JSON).
 */
export function authErrorOf(error: AuthErrorBody): AuthError {
  const code = typeof error.code === "string" ? error.code : undefined;
  const serverMessage = typeof error.message === "string" && error.message ? error.message : undefined;
  if (error.status === 429) {
    return new AuthError({
      status: 429,
      code,
      message: serverMessage ?? "Too many attempts. Wait a minute.",
    });
  }
  const message =
    (code !== undefined ? MESSAGES[code] : undefined) ??
    serverMessage ??
    `Sign-in failed (HTTP ${error.status}).`;
  return new AuthError({ status: error.status, code, message });
}

/**
 * The data of one client call, or an AuthError: refused calls become their message, a call that never got an
 * answer (offline, server down) says so.
 */
export async function authCall<T>(
  call: Promise<{ data: T; error: null } | { data: null; error: AuthErrorBody }>,
): Promise<NonNullable<T>> {
  let answer: Awaited<typeof call>;
  try {
    answer = await call;
  } catch {
    throw new AuthError({ status: 0, message: UNREACHABLE_MESSAGE });
  }
  if (answer.error) throw authErrorOf(answer.error);
  // Every endpoint the console calls answers a JSON object on success.
  if (answer.data === null || answer.data === undefined) {
    throw new AuthError({ status: 502, message: EMPTY_ANSWER_MESSAGE });
  }
  return answer.data;
}

/**
 * The message a screen shows for a mutation's `error`: none without one, the AuthError's, or `fallback` for
 * anything else (a bug, not an answer).
 */
export function authMessage(error: Error, fallback: string): string;
export function authMessage(error: unknown, fallback: string): string | null;
export function authMessage(error: unknown, fallback: string): string | null {
  if (error === null || error === undefined) return null;
  return error instanceof AuthError ? error.message : fallback;
}
