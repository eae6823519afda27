// Sign-in helpers for the end-to-end tests: real users, real sessions, real TOTP codes.
import { createHmac } from "node:crypto";
import type { APIRequestContext, Browser, BrowserContext, Page } from "@playwright/test";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { ADMIN_STATE, DEMO_ADMIN } from "./ports";

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), computed from the base32 secret the setup page shows. */
export function totp(secretBase32: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", bytes).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

let counter = 0;
export const uniqueUser = (tag: string) => `${tag}-${Date.now().toString(36)}-${++counter}@people.example`;

/** Signs in through the page; stops wherever the console sends the user next. */
export async function signInUI(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  for (let attempt = 0; ; attempt++) {
    const answer = page.waitForResponse((r) => r.url().includes("/api/auth/sign-in/email"));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const res = await answer;
    if (res.status() !== 429 || attempt > 0) return;
    await waitOutSignInLimit(res.headers());
  }
}

/**
 * The console allows 30 sign-ins a minute per address, and every test comes from 127.0.0.1: a suite that runs
 * fast can reach that. Wait as the answer says (X-Retry-After), once, as a person would.
 */
async function waitOutSignInLimit(headers: Record<string, string>): Promise<void> {
  const seconds = Math.min(Number(headers["x-retry-after"] ?? "60"), 60);
  test.info().setTimeout(test.info().timeout + (seconds + 5) * 1000);
  await new Promise((r) => setTimeout(r, (seconds + 1) * 1000));
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
  let set = await setPassword();
  if (set.status() === 429) {
    // The console allows 10 password settings a minute per address, and every test here comes from
    // 127.0.0.1: wait as the limit says, then once more.
    const seconds = Number(set.headers()["x-retry-after"] ?? "60");
    test.info().setTimeout(test.info().timeout + (Math.min(seconds, 60) + 5) * 1000);
    await new Promise((r) => setTimeout(r, (Math.min(seconds, 60) + 1) * 1000));
    set = await setPassword();
  }
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
  let res = await signIn();
  if (res.status() === 429) {
    await waitOutSignInLimit(res.headers());
    res = await signIn();
  }
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

/** On the TOTP setup page (where a password admin lands): enrols with the shown key, returns it. */
export async function enrollTotp(page: Page, password: string): Promise<string> {
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  const secret = await page.getByTestId("totp-secret").innerText();
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await page.getByRole("link", { name: "Continue to the console" }).click();
  await expect(page).not.toHaveURL(/\/two-factor/);
  return secret;
}

export { DEMO_ADMIN };
