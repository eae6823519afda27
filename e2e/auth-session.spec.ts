// T14: the browser session's lifecycle — sign-out replay, admin deactivation, idle and absolute timeouts.
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { adminApi, anonymousApi, createUser, signedInApi } from "./support/auth";
import { ADMIN_STATE, DEMO_ADMIN, PORTS, SHORT_SESSION, url } from "./support/ports";

test("sign-out ends the session: the old cookie replayed gets 401", async ({ baseURL }) => {
  const viewer = await createUser(baseURL!, "viewer");
  const api = await signedInApi(baseURL!, viewer.email, viewer.password);
  expect((await api.get("/api/orgs")).status()).toBe(200);
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  expect((await api.post("/api/auth/sign-out", { data: {} })).status()).toBe(200);
  const replay = await anonymousApi(baseURL!);
  const res = await replay.get("/api/orgs", { headers: { Cookie: cookie } });
  expect(res.status()).toBe(401);
  expect((await res.json()).error.code).toBe("unauthorized");

  // The audit log has the sign-in, the sign-out and the refused replay, with the person behind them.
  const admin = await adminApi(baseURL!);
  const rows = async (action: string, user?: string) => {
    const q = new URLSearchParams({ action, ...(user ? { user } : {}) });
    return (await (await admin.get(`/api/audit?${q}`)).json()).rows as any[];
  };
  expect(await rows("auth.signed_in", viewer.email)).toHaveLength(1);
  expect(await rows("auth.signed_out", viewer.email)).toHaveLength(1);
  expect((await rows("request.refused")).length).toBeGreaterThan(0);
  await admin.dispose();
  await api.dispose();
  await replay.dispose();
});

test("an admin deactivates a user: their sessions end at once and they cannot sign in again", async ({
  baseURL,
}) => {
  const inviter = await createUser(baseURL!, "inviter");
  const api = await signedInApi(baseURL!, inviter.email, inviter.password);
  expect((await api.get("/api/orgs")).status()).toBe(200);
  const admin = await adminApi(baseURL!);
  const off = await admin.patch(`/api/users/${inviter.id}`, { data: { active: false } });
  expect(off.status(), await off.text()).toBe(200);
  expect((await off.json()).user.active).toBe(false);
  expect((await api.get("/api/orgs")).status()).toBe(401);

  const again = await anonymousApi(baseURL!);
  const signIn = await again.post("/api/auth/sign-in/email", {
    data: { email: inviter.email, password: inviter.password },
  });
  expect(signIn.status()).toBeGreaterThanOrEqual(400);
  expect(signIn.status()).toBeLessThan(500);
  expect((await again.get("/api/orgs")).status()).toBe(401);

  // Reactivated, they may sign in again.
  expect((await admin.patch(`/api/users/${inviter.id}`, { data: { active: true } })).status()).toBe(200);
  const audit = await admin.get(
    `/api/audit?${new URLSearchParams({ action: "user.deactivated", target: inviter.email })}`,
  );
  expect((await audit.json()).rows).toHaveLength(1);
  const back = await signedInApi(baseURL!, inviter.email, inviter.password);
  expect((await back.get("/api/orgs")).status()).toBe(200);
  for (const c of [api, admin, again, back]) await c.dispose();
});

test("on the Users page, deactivating asks first, names the person, and ends their session", async ({
  browser,
  baseURL,
}) => {
  const inviter = await createUser(baseURL!, "inviter");
  const api = await signedInApi(baseURL!, inviter.email, inviter.password);
  expect((await api.get("/api/orgs")).status()).toBe(200);
  const context = await browser.newContext({
    baseURL,
    storageState: ADMIN_STATE(Number(new URL(baseURL!).port)),
  });
  const page = await context.newPage();
  await page.goto("/users");
  const row = page.getByRole("row", { name: new RegExp(inviter.email.replace(/[.+]/g, "\\$&")) });
  await expect(row).toContainText("Active");

  // Kept: nothing changes.
  await row.getByRole("button", { name: `Deactivate ${inviter.email}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Deactivate ${inviter.email}?` });
  await expect(confirm).toContainText("Their sessions end at once");
  await expect(confirm.getByRole("button", { name: "Keep active" })).toBeFocused();
  await page.screenshot({ path: ".test-results/screens/deactivate-dialog.png" }); // for review
  await confirm.getByRole("button", { name: "Keep active" }).click();
  await expect(confirm).toBeHidden();
  expect((await api.get("/api/orgs")).status()).toBe(200);

  // Confirmed: the row says so and the inviter's session is gone.
  await row.getByRole("button", { name: `Deactivate ${inviter.email}` }).click();
  await confirm.getByRole("button", { name: "Deactivate user" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Deactivated");
  expect((await api.get("/api/orgs")).status()).toBe(401);

  // Reactivating needs no confirmation.
  await row.getByRole("button", { name: `Reactivate ${inviter.email}` }).click();
  await expect(row.getByRole("button", { name: `Deactivate ${inviter.email}` })).toBeVisible();
  await context.close();
  await api.dispose();
});

test.describe("short-lived sessions (console started with shortened lifetimes)", () => {
  const SHORT = url(PORTS.short);

  /** The id of the session `api` signs its requests with (this request slides its idle window). */
  const sessionIdOf = async (api: APIRequestContext): Promise<string> => {
    const res = await api.get("/api/account/sessions");
    expect(res.status()).toBe(200);
    return ((await res.json()).sessions as { id: string; current: boolean }[]).find((s) => s.current)!.id;
  };

  /**
   * Waits until the console's record of each session's last activity (another session of the same user reads
   * it, without touching them) is older than the idle lifetime: from then on, their next request is refused.
   */
  const waitUntilIdle = async (sessionIds: string[]) => {
    const observer = await signedInApi(SHORT, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await expect
      .poll(
        async () => {
          const res = await observer.get("/api/account/sessions");
          const sessions = (await res.json()).sessions as { id: string; lastActiveAt: string }[];
          const lastActive = sessions
            .filter((s) => sessionIds.includes(s.id))
            .map((s) => Date.parse(s.lastActiveAt));
          expect(lastActive).toHaveLength(sessionIds.length);
          return Date.now() - Math.max(...lastActive);
        },
        { timeout: (SHORT_SESSION.idleSeconds + 10) * 1000, intervals: [500] },
      )
      .toBeGreaterThan(SHORT_SESSION.idleSeconds * 1000);
    await observer.dispose();
  };

  test("idle timeout: no request for longer than the idle lifetime → 401", async () => {
    const api = await signedInApi(SHORT, DEMO_ADMIN.email, DEMO_ADMIN.password);
    expect((await api.get("/api/users")).status()).toBe(200);
    await waitUntilIdle([await sessionIdOf(api)]);
    expect((await api.get("/api/users")).status()).toBe(401);
    await api.dispose();
  });

  test("idle timeout on better-auth's own /api/auth/*: 401 and the session ended; sign-out still works", async () => {
    const paths: [string, unknown][] = [
      ["/api/auth/get-session", undefined],
      [
        "/api/auth/change-password",
        { currentPassword: "not-the-password-0123", newPassword: "x".repeat(16) },
      ],
      ["/api/auth/two-factor/generate-backup-codes", { password: DEMO_ADMIN.password }],
      ["/api/auth/revoke-other-sessions", {}],
    ];
    const apis = await Promise.all(
      [...paths, ["/api/auth/sign-out", {}]].map(() =>
        signedInApi(SHORT, DEMO_ADMIN.email, DEMO_ADMIN.password),
      ),
    );
    for (const api of apis) expect((await api.get("/api/auth/get-session")).status()).toBe(200);
    await waitUntilIdle(await Promise.all(apis.map(sessionIdOf)));
    for (const [i, [path, data]] of paths.entries()) {
      const api = apis[i]!;
      const res = data === undefined ? await api.get(path) : await api.post(path, { data });
      expect(res.status(), path).toBe(401);
      expect((await res.json()).code, path).toBe("SESSION_EXPIRED");
      // Ended, not only refused: the console's own routes refuse it too.
      expect((await api.get("/api/users")).status(), path).toBe(401);
    }
    const signOut = apis[paths.length]!;
    expect((await signOut.post("/api/auth/sign-out", { data: {} })).status()).toBe(200);
    for (const api of apis) await api.dispose();
  });

  test("absolute timeout: steady activity keeps the session only until its absolute lifetime", async () => {
    const api = await signedInApi(SHORT, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const started = Date.now();
    // A request every 2 s (well inside the idle lifetime) until one is refused: that must be past the absolute
    // lifetime, and every one before it answered.
    const answers: { after: number; status: number }[] = [];
    await expect
      .poll(
        async () => {
          const status = (await api.get("/api/users")).status();
          answers.push({ after: Date.now() - started, status });
          return status;
        },
        { timeout: (SHORT_SESSION.maxSeconds + 15) * 1000, intervals: [2_000] },
      )
      .toBe(401);
    const refusedAfter = answers.at(-1)!.after;
    expect(
      answers.slice(0, -1).every((a) => a.status === 200),
      JSON.stringify(answers),
    ).toBe(true);
    expect(refusedAfter, JSON.stringify(answers)).toBeGreaterThan((SHORT_SESSION.maxSeconds - 2) * 1000);
    await api.dispose();
  });
});
