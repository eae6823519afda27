// T15 over https: with an https CONSOLE_URL the session cookie is Secure and __Host- prefixed (the e2e
// consoles run on plain http loopback, where it is neither).
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDataDir } from "../support/db";

beforeAll(() => {
  // Before anything reads env(): this test file runs in its own process.
  process.env.CONSOLE_URL = "https://console.example.com";
  process.env.CONSOLE_AUTH_SECRET = "vitest-auth-secret-not-for-production-0123456789";
  process.env.DATA_DIR = migratedDataDir("console-cookies-");
});

describe("session cookie over https", () => {
  it("is __Host-console.session_token: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain", async () => {
    const { getAuth } = await import("@/lib/server/auth/config");
    const { createConsoleUser } = await import("@/lib/server/console-users/create-console-user");
    await createConsoleUser({ email: "https@example.com", role: "viewer", password: "https-password-0123" });
    const auth = await getAuth();
    const { headers } = await auth.api.signInEmail({
      body: { email: "https@example.com", password: "https-password-0123" },
      headers: new Headers({ origin: "https://console.example.com" }),
      returnHeaders: true,
    });
    const cookie = headers.getSetCookie().find((c) => c.includes("session_token"));
    expect(cookie).toMatch(/^__Host-console\.session_token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Domain=/i);
  });
});
