// The Account page for fresh console users (never the shared demo admin): change the
// password, turn TOTP on and sign in with a code, make new recovery codes, end another session; each change
// audited; password admins cannot turn TOTP off; axe on the page and its dialogs, at 1280 and 390 px.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { adminApi, createUser, enrollTotp, signInUI, signedInContext, totp } from "./support/auth";
import { mainOverflow } from "./support/overflow";

// Fresh users only: no demo admin cookies in the contexts these tests open.
test.use({ storageState: { cookies: [], origins: [] } });

async function auditRows(baseURL: string, action: string, target: string): Promise<{ outcome: string }[]> {
  const admin = await adminApi(baseURL);
  const res = await admin.get(`/api/audit?action=${action}&target=${encodeURIComponent(target)}`);
  expect(res.status()).toBe(200);
  const rows = (await res.json()).rows;
  await admin.dispose();
  return rows;
}

async function expectAudited(baseURL: string, action: string, email: string, outcome = "success") {
  await expect
    .poll(async () => (await auditRows(baseURL, action, email)).map((r) => r.outcome))
    .toContain(outcome);
}

// The site header is checked with the layout (components/layout); this spec answers for the page and dialogs.
const NOT_THE_HEADER = { exclude: "header" };

test("change password, then sign in with the new one (the old one fails)", async ({ browser, baseURL }) => {
  const user = await createUser(baseURL!, "viewer");
  const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
  // The header links to the Account page. The landing list may still settle its URL (router.replace) right
  // after sign-in and overtake a click: click again until the page is there.
  await expect(page.getByRole("heading", { name: "Pending invitations" })).toBeVisible();
  await expect(async () => {
    await page.getByRole("banner").getByRole("link", { name: "Account" }).click();
    await expect(page.getByRole("heading", { name: "Account" })).toBeVisible({ timeout: 3000 });
  }).toPass();

  // Validation in the browser first, then a wrong current password from the server, next to its field.
  const newPassword = `changed-${Date.now()}-abcdefghij`;
  await page.getByLabel("Current password").fill("not-my-password-at-all");
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(`${newPassword}x`);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The two new passwords differ.")).toBeVisible();
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password.")).toBeVisible();
  await expectAudited(baseURL!, "auth.password_changed", user.email, "failure");

  await page.getByLabel("Current password").fill(user.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other sessions have ended.")).toBeVisible();
  await expect(page.getByLabel("Current password")).toHaveValue("");
  await expectAudited(baseURL!, "auth.password_changed", user.email);
  // Still signed in here.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
  await context.close();

  const fresh = await browser.newContext({ baseURL });
  const p2 = await fresh.newPage();
  await signInUI(p2, user.email, user.password);
  await expect(p2.getByText("Wrong e-mail or password.")).toBeVisible();
  await signInUI(p2, user.email, newPassword);
  await expect(p2).not.toHaveURL(/\/sign-in/);
  await fresh.close();
});

test("turn TOTP on, sign in with a code, make new recovery codes, turn it off (an inviter may)", async ({
  browser,
  baseURL,
}) => {
  const user = await createUser(baseURL!, "inviter");
  const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  await expect(section.getByText("Off", { exact: true })).toBeVisible();
  await section.getByRole("button", { name: "Turn on two-factor" }).click();
  const dialog = page.getByRole("dialog", { name: "Turn on two-factor authentication" });
  await dialog.getByLabel("Your password").fill("wrong-password-here");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog.getByRole("alert")).toBeVisible();
  await dialog.getByLabel("Your password").fill(user.password);
  await dialog.getByRole("button", { name: "Continue" }).click();
  const secret = await dialog.getByTestId("totp-secret").innerText();
  const firstCodes = await dialog
    .getByRole("list", { name: "Recovery codes" })
    .getByRole("listitem")
    .allInnerTexts();
  expect(firstCodes).toHaveLength(10);
  await dialog.getByLabel("Code from the app").fill(totp(secret));
  await dialog.getByRole("button", { name: "Turn on" }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByText("On", { exact: true })).toBeVisible();
  await expectAudited(baseURL!, "auth.two_factor_enabled", user.email);

  // New recovery codes replace the old ones, shown once.
  await section.getByRole("button", { name: "Regenerate recovery codes" }).click();
  const regen = page.getByRole("dialog", { name: "Make new recovery codes?" });
  await regen.getByLabel("Your password").fill(user.password);
  await regen.getByRole("button", { name: "Make new codes" }).click();
  const shown = page.getByRole("dialog", { name: "Your new recovery codes" });
  await expect(shown.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  const newCodes = await shown
    .getByRole("list", { name: "Recovery codes" })
    .getByRole("listitem")
    .allInnerTexts();
  expect(newCodes).toHaveLength(10);
  expect(newCodes.filter((c) => firstCodes.includes(c))).toEqual([]);
  await shown.getByRole("button", { name: "Done" }).click();
  await expectAudited(baseURL!, "auth.recovery_codes_regenerated", user.email);

  // The next sign-in asks for a code.
  const other = await browser.newContext({ baseURL });
  const p2 = await other.newPage();
  await signInUI(p2, user.email, user.password);
  await expect(p2).toHaveURL(/\/two-factor/);
  await p2.getByLabel("Authentication code").fill(totp(secret));
  await p2.getByRole("button", { name: "Verify" }).click();
  await expect(p2).not.toHaveURL(/\/two-factor|\/sign-in/);
  // An old recovery code no longer works; a new one does.
  await other.clearCookies();
  await signInUI(p2, user.email, user.password);
  await p2.getByRole("button", { name: "Use a recovery code instead" }).click();
  await p2.getByLabel("Recovery code").fill(firstCodes[0]!);
  await p2.getByRole("button", { name: "Verify" }).click();
  await expect(p2.getByText("That recovery code is not valid", { exact: false })).toBeVisible();
  await p2.getByLabel("Recovery code").fill(newCodes[0]!);
  await p2.getByRole("button", { name: "Verify" }).click();
  await expect(p2).not.toHaveURL(/\/two-factor|\/sign-in/);
  await other.close();

  // An inviter may turn it off again.
  await page.reload();
  await section.getByRole("button", { name: "Turn off two-factor" }).click();
  const off = page.getByRole("dialog", { name: "Turn off two-factor authentication?" });
  await off.getByLabel("Your password").fill(user.password);
  await off.getByRole("button", { name: "Turn off" }).click();
  await expect(section.getByText("Off", { exact: true })).toBeVisible();
  await expectAudited(baseURL!, "auth.two_factor_disabled", user.email);
  await context.close();
});

test("a password admin keeps TOTP: no Turn off, and the server refuses it", async ({ browser, baseURL }) => {
  const user = await createUser(baseURL!, "admin");
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInUI(page, user.email, user.password);
  await enrollTotp(page, user.password);
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Two-factor authentication" });
  await expect(section.getByText("must keep two-factor authentication on")).toBeVisible();
  await expect(section.getByRole("button", { name: "Turn off two-factor" })).toHaveCount(0);
  const res = await page.request.post("/api/auth/two-factor/disable", {
    headers: { Origin: baseURL! },
    data: { password: user.password },
  });
  expect(res.status()).toBe(403);
  await expectAudited(baseURL!, "auth.two_factor_disabled", user.email, "refused");
  await page.reload();
  await expect(section.getByText("On", { exact: true })).toBeVisible();
  await context.close();
});

test("end another session: that browser is signed out; end all others", async ({ browser, baseURL }) => {
  const user = await createUser(baseURL!, "viewer");
  const a = await signedInContext(browser, baseURL!, user.email, user.password);
  const b = await signedInContext(browser, baseURL!, user.email, user.password);
  const c = await signedInContext(browser, baseURL!, user.email, user.password);
  await a.page.goto("/account");
  const sessions = a.page.getByRole("list", { name: "Your sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(3);
  await expect(sessions.getByRole("listitem").filter({ hasText: "This session" })).toHaveCount(1);
  await sessions
    .getByRole("button", { name: /^End session/ })
    .first()
    .click();
  await expect(sessions.getByRole("listitem")).toHaveCount(2);
  await expectAudited(baseURL!, "auth.session_revoked", user.email);
  // Exactly one of B and C lost its session.
  const signedOut = async (p: Page) => {
    await p.goto("/account");
    return /\/sign-in/.test(p.url());
  };
  const ended = [await signedOut(b.page), await signedOut(c.page)];
  expect(ended.filter(Boolean)).toHaveLength(1);

  await a.page.getByRole("button", { name: "End all other sessions" }).click();
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  expect(await signedOut(b.page)).toBe(true);
  expect(await signedOut(c.page)).toBe(true);
  expect(await signedOut(a.page)).toBe(false);
  await Promise.all([a.context.close(), b.context.close(), c.context.close()]);
});

for (const [width, scheme] of [
  [1280, "light"],
  [1280, "dark"],
  [390, "light"],
  [390, "dark"],
] as const) {
  test(`the Account page and its dialogs pass axe at ${width} px, ${scheme}, without sideways scroll`, async ({
    browser,
    baseURL,
    a11y,
  }) => {
    const user = await createUser(baseURL!, "viewer");
    const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/account");
    await expect(page.getByRole("list", { name: "Your sessions" }).getByRole("listitem")).toHaveCount(1);
    const shot = (name: string) =>
      page.screenshot({
        path: test.info().outputPath(`account-${name}-${width}-${scheme}.png`),
        fullPage: true,
      });
    await shot("page");
    await a11y(page, "page", NOT_THE_HEADER);
    expect(await mainOverflow(page)).toBeLessThanOrEqual(0);

    await page.getByRole("button", { name: "Turn on two-factor" }).click();
    const dialog = page.getByRole("dialog", { name: "Turn on two-factor authentication" });
    await a11y(page, "password step", NOT_THE_HEADER);
    await dialog.getByLabel("Your password").fill(user.password);
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog.getByTestId("totp-secret")).toBeVisible();
    await expect(dialog.getByRole("img", { name: /QR code/ })).toBeVisible();
    await shot("enable-dialog");
    await a11y(page, "enrolment step", NOT_THE_HEADER);
    await dialog
      .getByLabel("Code from the app")
      .fill(totp(await dialog.getByTestId("totp-secret").innerText()));
    await dialog.getByRole("button", { name: "Turn on" }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole("button", { name: "Regenerate recovery codes" }).click();
    await page.getByRole("dialog").getByLabel("Your password").fill(user.password);
    await page.getByRole("button", { name: "Make new codes" }).click();
    await expect(page.getByRole("dialog", { name: "Your new recovery codes" })).toBeVisible();
    await shot("codes-dialog");
    await a11y(page, "recovery codes", NOT_THE_HEADER);
    await page.getByRole("button", { name: "Done" }).click();

    await page.getByRole("button", { name: "Turn off two-factor" }).click();
    await expect(page.getByRole("dialog", { name: "Turn off two-factor authentication?" })).toBeVisible();
    await a11y(page, "turn off", NOT_THE_HEADER);
    await context.close();
  });
}
