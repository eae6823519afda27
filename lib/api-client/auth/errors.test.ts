import { describe, expect, it } from "vitest";
import {
  AuthError,
  EMPTY_ANSWER_MESSAGE,
  UNREACHABLE_MESSAGE,
  authCall,
  authErrorOf,
  authMessage,
} from "./errors";

describe("authErrorOf: a refused call as the screens say it", () => {
  it("known codes get the console's words, whatever the server wrote", () => {
    expect(
      authErrorOf({ status: 401, code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" }),
    ).toMatchObject({ status: 401, code: "INVALID_EMAIL_OR_PASSWORD", message: "Wrong e-mail or password." });
    expect(authErrorOf({ status: 401, code: "INVALID_TWO_FACTOR_COOKIE" }).message).toBe(
      "This sign-in attempt has expired. Sign in again.",
    );
  });

  it("a 429 keeps the server's words (the lock says how long), or asks for a minute", () => {
    const locked = authErrorOf({
      status: 429,
      code: "ACCOUNT_TEMPORARILY_LOCKED",
      message: "Too many wrong codes: two-factor sign-in is locked for 15 minutes.",
    });
    expect(locked).toMatchObject({ status: 429, code: "ACCOUNT_TEMPORARILY_LOCKED" });
    expect(locked.message).toBe("Too many wrong codes: two-factor sign-in is locked for 15 minutes.");
    expect(
      authErrorOf({
        status: 429,
        message: "Too many failed sign-ins for this account. Try again in 15 minutes.",
      }).message,
    ).toBe("Too many failed sign-ins for this account. Try again in 15 minutes.");
    expect(authErrorOf({ status: 429 }).message).toBe("Too many attempts. Wait a minute.");
  });

  it("unknown codes show the server's message (an ended session says why); no body shows the status", () => {
    expect(
      authErrorOf({
        status: 401,
        code: "SESSION_EXPIRED",
        message: "Your session ended after 30 minutes without activity. Sign in again.",
      }).message,
    ).toBe("Your session ended after 30 minutes without activity. Sign in again.");
    expect(authErrorOf({ status: 502 }).message).toBe("Sign-in failed (HTTP 502).");
    expect(authErrorOf({ status: 500, code: 7, message: "" }).message).toBe("Sign-in failed (HTTP 500).");
  });
});

describe("authCall", () => {
  it("returns the data of an answered call", async () => {
    await expect(authCall(Promise.resolve({ data: { status: true }, error: null }))).resolves.toEqual({
      status: true,
    });
  });

  it("throws the mapped AuthError of a refusal", async () => {
    const call = authCall(Promise.resolve({ data: null, error: { status: 400, code: "INVALID_PASSWORD" } }));
    await expect(call).rejects.toMatchObject({ name: "AuthError", status: 400, message: "Wrong password." });
  });

  it("a call that got no answer says the server could not be reached", async () => {
    await expect(authCall(Promise.reject(new TypeError("fetch failed")))).rejects.toMatchObject({
      status: 0,
      message: UNREACHABLE_MESSAGE,
    });
  });

  it("an empty success is an error, not undefined data", async () => {
    await expect(authCall(Promise.resolve({ data: null as never, error: null }))).rejects.toMatchObject({
      message: EMPTY_ANSWER_MESSAGE,
    });
  });
});

describe("authMessage: what a form shows for its mutation's error", () => {
  it("nothing without an error, the AuthError's message, or the fallback for anything else", () => {
    expect(authMessage(null, "fallback")).toBeNull();
    expect(authMessage(undefined, "fallback")).toBeNull();
    expect(authMessage(new AuthError({ status: 400, message: "Wrong password." }), "fallback")).toBe(
      "Wrong password.",
    );
    expect(authMessage(new Error("a bug"), "The code could not be checked.")).toBe(
      "The code could not be checked.",
    );
  });
});
