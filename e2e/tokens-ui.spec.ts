// Personal API tokens in the browser: a fresh inviter creates one on the Account page (the form's own checks
// first), sees the secret once (copy field, Copy button, usage), not after a reload; the token reads GET
// /api/orgs as a bearer; revoking it (confirmed) makes the next call 401; an admin sees it on the Users page,
// filters by owner and revokes another. Axe on the section and its dialogs; no sideways scroll at 390 px.
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { createUser, signedInContext } from "./support/auth";
import { mainOverflow } from "./support/overflow";
import { ADMIN_STATE } from "./support/ports";

// Fresh users only: neither `page` nor `request` carries the demo admin's cookies (a bearer request that also
// sends a session cookie is refused by design).
test.use({ storageState: { cookies: [], origins: [] } });

// The site header is checked with the layout (components/layout); this spec answers for the page and dialogs.
const NOT_THE_HEADER = { exclude: "header" };

const tokenName = (tag: string) => `${tag}-${Date.now().toString(36)}`;

/** The demo admin in a browser of its own (storage state from the setup project). */
async function adminContext(
  browser: Browser,
  baseURL: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    storageState: ADMIN_STATE(Number(new URL(baseURL).port)),
  });
  return { context, page: await context.newPage() };
}

/** Creates a token through the Account page's dialog; returns the reveal dialog, still open. */
async function createInUI(page: Page, name: string, role?: string): Promise<Locator> {
  const section = page.getByRole("region", { name: "API tokens" });
  await section.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API token" });
  await dialog.getByLabel("Name").fill(name);
  if (role) await dialog.getByLabel("Role").selectOption({ label: role });
  await dialog.getByRole("button", { name: "Create token" }).click();
  const reveal = page.getByRole("dialog", { name: `Your new token “${name}”` });
  await expect(reveal).toBeVisible();
  return reveal;
}

test("create a token, see it once, use it as a bearer, revoke it; an admin sees it", async ({
  browser,
  baseURL,
  request,
}) => {
  const user = await createUser(baseURL!, "inviter");
  const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  await page.goto("/account");
  const section = page.getByRole("region", { name: "API tokens" });
  await expect(section.getByText("You have no API tokens yet.")).toBeVisible();

  // The form's own checks, beside their fields; what was typed stays.
  await section.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create an API token" });
  await expect(dialog.getByLabel("Expires after (days)")).toHaveValue("90");
  await dialog.getByLabel("Expires after (days)").fill("400");
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Name the token", { exact: false })).toBeVisible();
  await expect(dialog.getByText("At most 365 days.")).toBeVisible();
  // An inviter may ask for viewer or inviter, never admin.
  const role = dialog.getByLabel("Role");
  await expect(role.locator("option")).toHaveText([/^Mine \(Inviter\)/, "Viewer", "Inviter"]);
  const name = tokenName("e2e-token");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "30 days" }).click();
  await expect(dialog.getByLabel("Expires after (days)")).toHaveValue("30");
  await role.selectOption({ label: "Viewer" });
  await dialog.getByRole("button", { name: "Create token" }).click();

  // Shown once: a read-only field holding the secret, Copy, the warning and how to use it.
  const reveal = page.getByRole("dialog", { name: `Your new token “${name}”` });
  await expect(reveal.getByText("Copy it now: it will not be shown again.")).toBeVisible();
  const field = reveal.getByLabel("Token");
  await expect(field).toHaveValue(/^ic_/);
  await expect(field).toHaveAttribute("readonly", "");
  const secret = await field.inputValue();
  await reveal.getByRole("button", { name: "Copy" }).click();
  await expect(reveal.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await expect(reveal.getByText(`Authorization: Bearer <token>" ${baseURL}/api/orgs`)).toBeVisible();
  await expect(reveal.getByText("npm run cli -- config init")).toBeVisible();
  await reveal.getByRole("button", { name: "Done" }).click();
  await expect(reveal).toBeHidden();

  const item = section
    .getByRole("list", { name: "Your API tokens" })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(item.getByText("Active", { exact: true })).toBeVisible();
  await expect(item.getByText("Viewer", { exact: true })).toBeVisible();
  await expect(item.getByText("All orgs")).toBeVisible();
  await expect(item.getByText("Never")).toBeVisible();

  // After a reload the secret is nowhere on the page; its prefix is.
  await page.reload();
  await expect(item).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await expect(item).toContainText("ic_");

  // The token reads the orgs as a bearer (this `request` has no cookie).
  const bearer = { Authorization: `Bearer ${secret}` };
  const orgs = await request.get("/api/orgs", { headers: bearer });
  expect(orgs.status(), await orgs.text()).toBe(200);
  // Its use shows on the page: no longer "Never".
  await expect(async () => {
    await page.reload();
    await expect(item.getByText("Never")).toHaveCount(0, { timeout: 2_000 });
  }).toPass();

  // An admin sees it on the Users page, found by the owner's address (the filter goes into the URL).
  const admin = await adminContext(browser, baseURL!);
  await admin.page.goto("/users");
  const every = admin.page.getByRole("region", { name: "API tokens" });
  await every.getByLabel("Filter by owner or token name").fill(user.email);
  await expect(admin.page).toHaveURL(/[?&]tokens=/);
  const row = every.getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(user.email);
  await expect(row.getByText("Active", { exact: true })).toBeVisible();

  // Revoke, confirmed in a dialog that names it; the next bearer call is refused.
  await item.getByRole("button", { name: `Revoke token ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke the token “${name}”?` });
  await confirm.getByRole("button", { name: "Keep it" }).click();
  await expect(confirm).toBeHidden();
  await expect(item.getByText("Active", { exact: true })).toBeVisible();
  await item.getByRole("button", { name: `Revoke token ${name}` }).click();
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(item.getByText("Revoked", { exact: true })).toBeVisible();
  await expect(item.getByRole("button", { name: /^Revoke/ })).toHaveCount(0);
  const refused = await request.get("/api/orgs", { headers: bearer });
  expect(refused.status()).toBe(401);

  await admin.page.reload();
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
  await Promise.all([context.close(), admin.context.close()]);
});

test("an admin revokes someone's token from the Users page; non-admins have no such section", async ({
  browser,
  baseURL,
  request,
}) => {
  const user = await createUser(baseURL!, "viewer");
  const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
  await page.goto("/account");
  const name = tokenName("e2e-admin-revokes");
  const reveal = await createInUI(page, name);
  const secret = await reveal.getByLabel("Token").inputValue();
  await reveal.getByRole("button", { name: "Done" }).click();
  const bearer = { Authorization: `Bearer ${secret}` };
  expect((await request.get("/api/orgs", { headers: bearer })).status()).toBe(200);

  // A viewer has no Users page at all (the page refuses), so no list of everyone's tokens either.
  await page.goto("/users");
  await expect(page.getByRole("region", { name: "API tokens" })).toHaveCount(0);

  const admin = await adminContext(browser, baseURL!);
  await admin.page.goto(`/users?tokens=${encodeURIComponent(name)}`);
  const every = admin.page.getByRole("region", { name: "API tokens" });
  await expect(every.getByLabel("Filter by owner or token name")).toHaveValue(name);
  const row = every.getByRole("row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: `Revoke token ${name} of ${user.email}` }).click();
  const confirm = admin.page.getByRole("alertdialog", {
    name: `Revoke the token “${name}” of ${user.email}?`,
  });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
  expect((await request.get("/api/orgs", { headers: bearer })).status()).toBe(401);

  // The owner's list says so too.
  await page.goto("/account");
  const item = page
    .getByRole("list", { name: "Your API tokens" })
    .getByRole("listitem")
    .filter({ hasText: name });
  await expect(item.getByText("Revoked", { exact: true })).toBeVisible();
  await Promise.all([context.close(), admin.context.close()]);
});

for (const width of [1280, 390] as const) {
  test(`the API tokens section, its dialogs and the admin list pass axe at ${width} px, without sideways scroll`, async ({
    browser,
    baseURL,
    a11y,
  }) => {
    const user = await createUser(baseURL!, "inviter");
    const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/account");
    await expect(page.getByText("You have no API tokens yet.")).toBeVisible();

    await page.getByRole("button", { name: "Create token" }).click();
    const dialog = page.getByRole("dialog", { name: "Create an API token" });
    await dialog.getByText("Every org, including ones added later").click();
    await expect(dialog.getByRole("button", { name: /Orgs/ })).toBeVisible();
    await a11y(page, "create dialog", NOT_THE_HEADER);
    await dialog.getByText("Every org, including ones added later").click();
    await dialog.getByRole("button", { name: "Cancel" }).click();

    const name = tokenName("e2e-a11y-token-with-a-rather-long-name");
    const reveal = await createInUI(page, name);
    await a11y(page, "reveal dialog", NOT_THE_HEADER);
    await reveal.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("list", { name: "Your API tokens" }).getByRole("listitem")).toHaveCount(1);
    await a11y(page, "account page", NOT_THE_HEADER);
    expect(await mainOverflow(page), `Account page at ${width} px`).toBeLessThanOrEqual(0);

    await page.getByRole("button", { name: `Revoke token ${name}` }).click();
    await expect(page.getByRole("alertdialog", { name: `Revoke the token “${name}”?` })).toBeVisible();
    await a11y(page, "revoke dialog", NOT_THE_HEADER);
    await page.getByRole("button", { name: "Keep it" }).click();

    const admin = await adminContext(browser, baseURL!);
    await admin.page.setViewportSize({ width, height: 900 });
    await admin.page.goto(`/users?tokens=${encodeURIComponent(name)}`);
    // Below the xl breakpoint the rows are cards: found by their text, not as table rows.
    await expect(admin.page.getByRole("region", { name: "API tokens" }).getByText(name)).toBeVisible();
    await a11y(admin.page, "users page", NOT_THE_HEADER);
    expect(await mainOverflow(admin.page), `Users page at ${width} px`).toBeLessThanOrEqual(0);
    await Promise.all([context.close(), admin.context.close()]);
  });
}
