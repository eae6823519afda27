// T14: the browser session's lifecycle — sign-out replay, admin deactivation, idle and absolute timeouts.
import { expect, test } from "@playwright/test";
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

  test("idle timeout: no request for longer than the idle lifetime → 401", async () => {
    const api = await signedInApi(SHORT, DEMO_ADMIN.email, DEMO_ADMIN.password);
    expect((await api.get("/api/users")).status()).toBe(200);
    await new Promise((r) => setTimeout(r, (SHORT_SESSION.idleSeconds + 1.5) * 1000));
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
    await new Promise((r) => setTimeout(r, (SHORT_SESSION.idleSeconds + 1.5) * 1000));
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
    // Every 2 s (well inside the idle lifetime) until the absolute lifetime has passed.
    while (Date.now() - started < (SHORT_SESSION.maxSeconds - 2) * 1000) {
      expect((await api.get("/api/users")).status(), `after ${Date.now() - started} ms`).toBe(200);
      await new Promise((r) => setTimeout(r, 2000));
    }
    await new Promise((r) =>
      setTimeout(r, Math.max(0, SHORT_SESSION.maxSeconds * 1000 - (Date.now() - started)) + 1500),
    );
    expect((await api.get("/api/users")).status()).toBe(401);
    await api.dispose();
  });
});
