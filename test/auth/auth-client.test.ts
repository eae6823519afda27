// The browser's better-auth calls (lib/api-client/auth/calls.ts on the client options of lib/auth-client.ts)
// against the real /api/auth handler and database: each screen's call reaches an endpoint the console serves
// (none of the disabled ones), its answers carry what the screen reads (never a session token), and refusals
// come back as the messages the screens show.
import { createAuthClient } from "better-auth/react";
import { beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import { authCalls } from "@/lib/api-client/auth/calls";
import { AuthError } from "@/lib/api-client/auth/errors";
import { authClientOptions } from "@/lib/auth-client";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { getDb } from "@/lib/server/db";
import { secretOf, totp, wrongCode } from "../support/auth-client";
import { prepareTestAuth } from "../support/session";

const ORIGIN = "http://127.0.0.1:3999";

beforeAll(async () => {
  prepareTestAuth();
  await getDb();
}, 120_000);

let n = 0;

/** A browser: the console's client options, a cookie jar, and every path it called. */
function browser() {
  const cookies = new Map<string, string>();
  const paths: string[] = [];
  const ip = `198.51.100.${100 + ++n}`;
  const customFetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    paths.push(url.pathname.replace(/^\/api\/auth/, ""));
    const headers = new Headers(init?.headers);
    headers.set("Origin", ORIGIN);
    headers.set("X-Forwarded-For", ip);
    if (cookies.size) headers.set("Cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const req = new Request(url, { method: init?.method ?? "GET", headers, body: init?.body ?? null });
    const res = await (req.method === "GET" ? authRoute.GET : authRoute.POST)(req);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      if (!value || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))) cookies.delete(name!.trim());
      else cookies.set(name!.trim(), value);
    }
    return res;
  };
  const client = createAuthClient({
    ...authClientOptions,
    baseURL: `${ORIGIN}/api/auth`,
    fetchOptions: { ...authClientOptions.fetchOptions, customFetchImpl },
  });
  return { calls: authCalls(client), cookies, paths };
}

async function newUser() {
  const email = `client-${++n}@example.com`;
  const password = `client-password-${n}-0123456789`;
  await createConsoleUser({ email, role: "inviter", password });
  return { email, password };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(AuthError);
      return e as AuthError;
    },
  );

// lib/server/auth/config.ts disabledPaths: the client must never need them.
const DISABLED = [
  "/list-sessions",
  "/verify-password",
  "/two-factor/get-totp-uri",
  "/update-session",
  "/get-session",
];

describe("the auth screens' calls against the real handler", () => {
  it("sign-in, enrolment, a second sign-in with a code and a recovery code, sign-out", async () => {
    const { email, password } = await newUser();
    const b = browser();

    const wrong = await refusal(b.calls.signIn({ email, password: "not-the-password-0123" }));
    expect(wrong).toMatchObject({ status: 401, code: "INVALID_EMAIL_OR_PASSWORD" });
    expect(wrong.message).toBe("Wrong e-mail or password.");

    expect(await b.calls.signIn({ email, password })).toEqual({ twoFactorRedirect: false });
    expect(b.cookies.has("console.session_token")).toBe(true);

    expect((await refusal(b.calls.enableTwoFactor("wrong-password-0123"))).message).toBe("Wrong password.");
    const enrolment = await b.calls.enableTwoFactor(password);
    expect(enrolment.backupCodes).toHaveLength(10);
    const secret = secretOf(enrolment.totpURI);
    const badCode = await refusal(b.calls.verifyTwoFactor({ code: wrongCode(secret), recovery: false }));
    expect(badCode.message).toBe("That code is not right. Check the time on your device and try again.");
    await b.calls.verifyTwoFactor({ code: totp(secret), recovery: false });

    const regenerated = await b.calls.regenerateRecoveryCodes(password);
    expect(regenerated.backupCodes).toHaveLength(10);
    expect(JSON.stringify(regenerated)).not.toMatch(/token/i);

    await b.calls.signOut();
    expect(b.cookies.has("console.session_token")).toBe(false);

    // Second sign-in: the password step asks for a code; the old recovery codes no longer work.
    expect(await b.calls.signIn({ email, password })).toEqual({ twoFactorRedirect: true });
    const oldCode = await refusal(
      b.calls.verifyTwoFactor({ code: enrolment.backupCodes[0]!, recovery: true }),
    );
    expect(oldCode.message).toBe("That recovery code is not valid (each works once).");
    const signedIn = await b.calls.verifyTwoFactor({ code: regenerated.backupCodes[0]!, recovery: true });
    expect(JSON.stringify(signedIn)).not.toMatch(/"token"/);
    expect(b.cookies.has("console.session_token")).toBe(true);

    await b.calls.disableTwoFactor(password);
    expect(b.paths.filter((p) => DISABLED.includes(p))).toEqual([]);
  });

  it("a code without a pending sign-in says the attempt expired", async () => {
    const b = browser();
    const expired = await refusal(b.calls.verifyTwoFactor({ code: "123456", recovery: false }));
    expect(expired.message).toBe("This sign-in attempt has expired. Sign in again.");
  });

  it("change password: a wrong current one is INVALID_PASSWORD; the right one ends the other sessions", async () => {
    const { email, password } = await newUser();
    const here = browser();
    const elsewhere = browser();
    await here.calls.signIn({ email, password });
    await elsewhere.calls.signIn({ email, password });
    const wrong = await refusal(
      here.calls.changePassword({
        currentPassword: "not-my-password-0123",
        newPassword: `${password}-new`,
        revokeOtherSessions: true,
      }),
    );
    expect(wrong.code).toBe("INVALID_PASSWORD");
    await here.calls.changePassword({
      currentPassword: password,
      newPassword: `${password}-new`,
      revokeOtherSessions: true,
    });
    const ended = await refusal(elsewhere.calls.revokeOtherSessions());
    expect(ended.status).toBe(401);
    await here.calls.revokeOtherSessions();
    expect([...here.paths, ...elsewhere.paths].filter((p) => DISABLED.includes(p))).toEqual([]);
  });

  it("a set-password link that does not exist is refused in the link's words", async () => {
    const b = browser();
    const refused = await refusal(b.calls.setPassword({ newPassword: "a-new-password-0123", token: "nope" }));
    expect(refused.message).toBe("This link is invalid or has expired. Ask an admin for a new one.");
  });
});
