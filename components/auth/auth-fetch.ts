// The browser side of better-auth's endpoints under /api/auth (JSON both ways, same origin).
export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
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
};

export async function authPost<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/auth${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new AuthError(0, "The console server could not be reached. Check your connection.");
  }
  const text = await res.text();
  let data: Record<string, unknown> = {};
  try {
    data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // A non-JSON answer is reported by status below.
  }
  if (!res.ok) {
    const code = typeof data.code === "string" ? data.code : undefined;
    if (res.status === 429) {
      throw new AuthError(
        429,
        typeof data.message === "string" ? data.message : "Too many attempts. Wait a minute.",
      );
    }
    const message =
      (code && MESSAGES[code]) ??
      (typeof data.message === "string" ? data.message : `Sign-in failed (HTTP ${res.status}).`);
    throw new AuthError(res.status, message, code);
  }
  return data as T;
}
