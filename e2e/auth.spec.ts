// Sign-in, two-factor authentication, the Users page, and what a viewer and an inviter may do.
import { InvitationsPage, expect, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import {
  DEMO_ADMIN,
  createUser,
  enrollTotp,
  signInUI,
  signedInApi,
  signedInContext,
  totp,
  signOutUI,
  uniqueUser,
} from "./support/auth";
import { ADMIN_STATE } from "./support/ports";

const LIST = `/orgs/${ORG_ID}/invitations`;

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

test("first sign-in: a page asks for sign-in, a wrong password is refused, the demo admin gets in and out", async ({
  page,
}) => {
  await page.goto(LIST);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByText(/Demo mode: sign in as/)).toBeVisible();

  await page.getByLabel("E-mail").fill(DEMO_ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password-at-all");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." })).toBeVisible();

  await page.getByLabel("Password").fill(DEMO_ADMIN.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Back where the user wanted to go, under the demo banner, with their name and a sign-out button.
  await expect(page).toHaveURL(new RegExp(LIST));
  await expect(page.getByRole("note", { name: "Demo mode" })).toBeVisible();
  await expect(page.getByRole("banner").getByText(DEMO_ADMIN.email)).toBeVisible();

  await signOutUI(page);
  await page.goto(LIST);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("TOTP: an admin added on the Users page sets a password, must set up TOTP first, then signs in with a code", async ({
  browser,
  baseURL,
}) => {
  // The demo admin adds the new admin on the Users page and gets a one-time link.
  const adminCtx = await browser.newContext({
    baseURL,
    storageState: ADMIN_STATE(Number(new URL(baseURL!).port)),
  });
  const adminPage = await adminCtx.newPage();
  await adminPage.goto("/users");
  await expect(adminPage.getByRole("heading", { name: "Console users" })).toBeVisible();
  const email = uniqueUser("second-admin");
  await adminPage.getByLabel("E-mail").fill(email);
  await adminPage.getByLabel("Role", { exact: true }).selectOption("admin");
  await adminPage.getByRole("button", { name: "Add user" }).click();
  const link = await adminPage.getByLabel("Set-password link").innerText();
  expect(link).toMatch(/\/set-password\?token=/);
  await expect(adminPage.getByRole("row", { name: new RegExp(email) })).toBeVisible();
  await adminCtx.close();

  // The new admin sets a password through the link…
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await page.goto(link);
  const password = "a-long-enough-password-42";
  await page.getByLabel("New password").fill(password);
  await page.getByLabel("Repeat the password").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByRole("link", { name: "Continue to sign-in" }).click();

  // …signs in and is sent to TOTP setup before anything else; the API refuses them meanwhile.
  await signInUI(page, email, password);
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await page.goto(LIST);
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  expect((await page.request.get("/api/orgs")).status()).toBe(403);
  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.screenshot({ path: ".test-results/screens/totp-setup.png", fullPage: true });
  const recoveryCode = await page
    .getByRole("list", { name: "Recovery codes" })
    .getByRole("listitem")
    .first()
    .innerText();
  const secret = await page.getByTestId("totp-secret").innerText();
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await page.getByRole("link", { name: "Continue to the console" }).click();
  await expect(page).toHaveURL(new RegExp(LIST));
  expect((await page.request.get("/api/orgs")).status()).toBe(200);

  // Next sign-in: password, then a code (a wrong one is refused).
  await signOutUI(page);
  await signInUI(page, email, password);
  await expect(page).toHaveURL(/\/two-factor/);
  await page.getByLabel("Authentication code").fill(totp(secret) === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not right" })).toBeVisible();
  await page.getByLabel("Authentication code").fill(totp(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(new RegExp(LIST));

  // A recovery code works once instead of the app.
  await signOutUI(page);
  await signInUI(page, email, password);
  await expect(page).toHaveURL(/\/two-factor/);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recoveryCode);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(new RegExp(LIST));
  await ctx.close();
});

test("lost authenticator: another admin resets two-factor, the person's sessions end and they enrol again", async ({
  browser,
  baseURL,
}) => {
  const person = await createUser(baseURL!, "admin");
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await signInUI(page, person.email, person.password);
  await enrollTotp(page, person.password);
  expect((await page.request.get("/api/orgs")).status()).toBe(200);

  const adminCtx = await browser.newContext({
    baseURL,
    storageState: ADMIN_STATE(Number(new URL(baseURL!).port)),
  });
  const adminPage = await adminCtx.newPage();
  await adminPage.goto("/users");
  const row = adminPage.getByRole("row", { name: new RegExp(person.email.replace(/[.+]/g, "\\$&")) });
  await expect(row).toContainText("2FA");
  await row.getByRole("button", { name: `Reset two-factor authentication of ${person.email}` }).click();
  const confirm = adminPage.getByRole("alertdialog", {
    name: `Reset two-factor authentication for ${person.email}?`,
  });
  await expect(confirm).toContainText("must set up two-factor authentication again");
  await adminPage.screenshot({ path: ".test-results/screens/reset-2fa-dialog.png" }); // for review
  await confirm.getByRole("button", { name: "Reset two-factor" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).not.toContainText("2FA");
  await expect(row.getByRole("button", { name: /Reset two-factor/ })).toHaveCount(0);

  // Their session is gone; signing in again leads to setup, not to a code from the old app.
  expect((await page.request.get("/api/orgs")).status()).toBe(401);
  await signInUI(page, person.email, person.password);
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  await enrollTotp(page, person.password);
  expect((await page.request.get("/api/orgs")).status()).toBe(200);

  const audit = await adminPage.request.get(
    `/api/audit?${new URLSearchParams({ action: "user.two_factor_reset", target: person.email })}`,
  );
  const rows = (await audit.json()).rows as { userEmail: string | null }[];
  expect(rows.map((r) => r.userEmail)).toEqual([DEMO_ADMIN.email]);
  await adminCtx.close();
  await ctx.close();
});

test("a viewer reads the list, but inviting and cancelling are disabled with the reason and refused by the API", async ({
  browser,
  baseURL,
  sim,
}) => {
  const viewer = await createUser(baseURL!, "viewer");
  const { context, page } = await signedInContext(browser, baseURL!, viewer.email, viewer.password);
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible();
  const invite = page.getByRole("button", { name: "Invite people" });
  await expect(invite).toBeDisabled();
  // Said beside Invite people (the Sync now bar says the same for its own button).
  await expect(page.locator("#invitation-actions-refused")).toContainText(
    /cannot do this; it takes inviter or admin/,
  );
  await expect(page.getByRole("button", { name: /^Cancel invitation for / }).first()).toBeDisabled();
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/users");
  await expect(page).not.toHaveURL(/\/users/);
  await context.close();

  const api = await signedInApi(baseURL!, viewer.email, viewer.password);
  await sim.journal(); // warm
  const before = (await sim.journal()).length;
  const res = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
    data: { emails: uniqueEmail("viewer-try"), orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
  expect((await api.get("/api/users")).status()).toBe(403);
  const after = (await sim.journal()).filter((e: any) => e.method !== "GET");
  expect(after.filter((e: any) => e.path.startsWith("/api/atlas/"))).toHaveLength(0);
  expect((await sim.journal()).length).toBeGreaterThanOrEqual(before);
  await api.dispose();
});

test("an inviter invites, but Organization Owner and billing admin are disabled for them and refused by the API", async ({
  browser,
  baseURL,
  sim,
}) => {
  const inviter = await createUser(baseURL!, "inviter");
  const { context, page } = await signedInContext(browser, baseURL!, inviter.email, inviter.password);
  await page.goto(LIST);
  const invitations = new InvitationsPage(page);
  const dialog = await invitations.openInvite();
  await expect(dialog.getByRole("checkbox", { name: /Organization Owner/ })).toBeDisabled();
  await expect(dialog.getByRole("checkbox", { name: /Organization Billing Admin/ })).toBeDisabled();
  await expect(dialog.getByText("Only console admins may grant this role.").first()).toBeVisible();
  await invitations.fillInvite(dialog, {
    emails: uniqueEmail("by-inviter"),
    orgRoles: ["Organization Read Only"],
  });
  await dialog.getByRole("button", { name: /^Send invitation$/ }).click();
  await expect(dialog).toBeHidden();
  expect(await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG_ID}/users` })).toHaveLength(1);
  await context.close();

  const api = await signedInApi(baseURL!, inviter.email, inviter.password);
  const res = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
    data: { emails: uniqueEmail("owner-try"), orgRoles: ["ORG_OWNER"], teamIds: [], projectRoles: [] },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.fields.orgRoles).toMatch(/Only console admins/);
  const creates = (await sim.journal({ method: "POST" })).filter((e: any) =>
    /owner-try/.test(JSON.stringify(e.body)),
  );
  expect(creates).toHaveLength(0);
  await api.dispose();
});
