// Sign-in helpers for the end-to-end tests: real users, real sessions, real TOTP codes.
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { totp } from "../../test/support/totp";
import { ADMIN_STATE, DEMO_ADMIN } from "./ports";

export { totp };

let counter = 0;
export const uniqueUser = (tag: string) => `${tag}-${Date.now().toString(36)}-${++counter}@people.example`;

/** Signs in through the page; stops wherever the console sends the user next. */
export async function signInUI(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  const submit = async () => {
    const answer = page.waitForResponse((r) => r.url().includes("/api/auth/sign-in/email"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    return answer;
  };
  await untilNotLimited(submit, await submit());
}

/**
 * The console limits sign-ins (30 a minute per address) and password settings (10), and every test comes from
 * 127.0.0.1: a suite that runs fast can reach that. Asks again every few seconds until the limit lets the
 * request through, within the window the answer names (X-Retry-After); a refused try does not extend the
 * window (better-auth's rate limiter counts only requests it lets through).
 */
async function untilNotLimited<R extends { status(): number; headers(): Record<string, string> }>(
  attempt: () => Promise<R>,
  first: R,
): Promise<R> {
  if (first.status() !== 429) return first;
  const seconds = Math.min(Number(first.headers()["x-retry-after"] ?? "60"), 60);
  test.info().setTimeout(test.info().timeout + (seconds + 15) * 1000);
  let last = first;
  await expect
    .poll(async () => (last = await attempt()).status(), {
      timeout: (seconds + 10) * 1000,
      intervals: [5_000],
    })
    .not.toBe(429);
  return last;
}

/** An API client signed in as the demo admin (storage state from the setup project). */
export function adminApi(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL,
    storageState: ADMIN_STATE(Number(new URL(baseURL).port)),
    extraHTTPHeaders: { Origin: baseURL },
  });
}

/** A fresh API client (no cookies) whose mutations carry the console's Origin. */
export function anonymousApi(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
}

/** Adds a console user as the demo admin, sets their password through the one-time link, returns it. */
export async function createUser(
  baseURL: string,
  role: "viewer" | "inviter" | "admin",
  email = uniqueUser(role),
): Promise<{ email: string; password: string; id: string }> {
  const admin = await adminApi(baseURL);
  const res = await admin.post("/api/users", { data: { email, role } });
  expect(res.status(), await res.text()).toBe(201);
  const body = await res.json();
  await admin.dispose();
  const token = new URL(body.setPasswordUrl).searchParams.get("token")!;
  const password = `pw-${role}-${Date.now()}-0123456789`;
  const anon = await anonymousApi(baseURL);
  const setPassword = () => anon.post("/api/auth/reset-password", { data: { newPassword: password, token } });
  const set = await untilNotLimited(setPassword, await setPassword());
  expect(set.status(), await set.text()).toBe(200);
  await anon.dispose();
  return { email, password, id: body.user.id };
}

/** An API client signed in with e-mail and password (no second factor: not for password admins). */
export async function signedInApi(
  baseURL: string,
  email: string,
  password: string,
): Promise<APIRequestContext> {
  const api = await anonymousApi(baseURL);
  const signIn = () => api.post("/api/auth/sign-in/email", { data: { email, password } });
  const res = await untilNotLimited(signIn, await signIn());
  expect(res.status(), await res.text()).toBe(200);
  return api;
}

/** A browser context signed in through the sign-in page. */
export async function signedInContext(
  browser: Browser,
  baseURL: string,
  email: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  // Empty storage on purpose: in a project signed in as the admin (users-api), Playwright gives a new context
  // the project's storageState, and /sign-in would send this "new" browser straight to the console.
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInUI(page, email, password);
  await expect(page).not.toHaveURL(/\/sign-in/);
  return { context, page };
}

/**
 * Signs out with the header's button and waits for the sign-in page. A click that lands before the page has
 * hydrated does nothing (the button is a client component): it is clicked again until the page moves.
 */
export async function signOutUI(page: Page): Promise<void> {
  await expect(async () => {
    await page.getByRole("button", { name: "Sign out" }).click({ timeout: 5_000 });
    await expect(page).toHaveURL(/\/sign-in$/, { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
}

/** On the TOTP setup page (where a password admin lands): enrols with the shown key, returns it. */
export async function enrollTotp(page: Page, password: string): Promise<string> {
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  // Typed and clicked until the key shows: under CI load a fill and click before hydration were lost once (the
  // field was empty again and the page had not moved).
  const key = page.getByTestId("totp-secret");
  await expect(async () => {
    if (!(await key.isVisible())) {
      await page.getByLabel("Your password").fill(password, { timeout: 2_000 });
      await page.getByRole("button", { name: "Continue" }).click({ timeout: 2_000 });
    }
    await expect(key).toBeVisible({ timeout: 8_000 });
  }).toPass({ timeout: 60_000 });
  const secret = await key.innerText();
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await page.getByRole("link", { name: "Continue to the console" }).click();
  await expect(page).not.toHaveURL(/\/two-factor/);
  return secret;
}

export { DEMO_ADMIN };
