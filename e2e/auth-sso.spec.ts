// Single sign-on end to end against a real OpenID Connect provider (oidc-provider, started by the config).
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID } from "./support/atlas";
import { adminApi, signOutUI } from "./support/auth";
import { IDP_URL } from "./support/ports";

/**
 * The IdP's development login (any login, any password), then its consent step when it asks. When the IdP
 * still has a session from an earlier sign-in it sends the browser straight back to the console.
 */
async function signInAtIdp(page: Page, login: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Corp SSO" }).click();
  await page.waitForURL((u) => u.origin === IDP_URL || !u.pathname.startsWith("/sign-in") || u.search !== "");
  const loginField = page.locator('input[name="login"]');
  if (page.url().startsWith(IDP_URL) && (await loginField.isVisible())) {
    await loginField.fill(login);
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
  }
  const consent = page.getByRole("button", { name: "Continue" });
  await page
    .waitForURL((u) => u.origin !== IDP_URL || (u.pathname.includes("interaction") && false), {
      timeout: 3000,
    })
    .catch(() => undefined);
  if (page.url().startsWith(IDP_URL) && (await consent.isVisible())) await consent.click();
  await page.waitForURL((u) => u.origin !== IDP_URL);
}

const alertWith = (page: Page, text: string) => page.getByRole("alert").filter({ hasText: text });

const stamp = () => Date.now().toString(36);

test("a new person from an allowed domain signs in by SSO and gets the default role (viewer)", async ({
  page,
  baseURL,
}) => {
  const login = `sso-viewer-${stamp()}`;
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG_ID}/invitations`));
  await expect(page.getByRole("banner").getByText(`${login}@corp.example`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite people" })).toBeDisabled();

  const admin = await adminApi(baseURL!);
  const users = (await (await admin.get("/api/users")).json()).users;
  const me = users.find((u: any) => u.email === `${login}@corp.example`);
  expect(me).toMatchObject({ role: "viewer", active: true, signIn: { sso: true, password: false } });
  await admin.dispose();

  // The identity is the IdP's (issuer, subject): signing in again finds the same console user.
  await signOutUI(page);
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG_ID}/invitations`));
  const again = await adminApi(baseURL!);
  const count = (await (await again.get("/api/users")).json()).users.filter(
    (u: any) => u.email === `${login}@corp.example`,
  ).length;
  expect(count).toBe(1);
  await again.dispose();
});

test("the role comes from the IdP's role claim (admin), with no TOTP step for an SSO admin", async ({
  page,
}) => {
  const login = `admin-sso-${stamp()}`;
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG_ID}/invitations`));
  await expect(page.getByRole("link", { name: "Users" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Invite people" })).toBeEnabled();
});

test("an e-mail domain outside OIDC_ALLOWED_DOMAINS is refused with a clear message", async ({ page }) => {
  await signInAtIdp(page, `outsider-${stamp()}@other.example`);
  await expect(page).toHaveURL(/\/sign-in\?error=domain_not_allowed/);
  await expect(alertWith(page, "not open to your e-mail domain")).toBeVisible();
  expect((await page.request.get("/api/orgs")).status()).toBe(401);
});

test("a deactivated SSO user is refused at the next sign-in", async ({ page, baseURL }) => {
  const login = `sso-leaver-${stamp()}`;
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG_ID}/invitations`));
  const admin = await adminApi(baseURL!);
  const users = (await (await admin.get("/api/users")).json()).users;
  const id = users.find((u: any) => u.email === `${login}@corp.example`).id;
  expect((await admin.patch(`/api/users/${id}`, { data: { active: false } })).status()).toBe(200);
  await admin.dispose();
  expect((await page.request.get("/api/orgs")).status()).toBe(401);
  await signInAtIdp(page, login);
  await expect(page).toHaveURL(/\/sign-in\?error=/);
  await expect(alertWith(page, "deactivated")).toBeVisible();
});
