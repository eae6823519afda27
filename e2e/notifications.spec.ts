// Notifications (docs/notifications.md) in the browser: the Account page's digest opt-out (saved, kept after
// a reload, audited) and the admins' Notifications page (delivery status; viewers are refused); axe and no
// sideways scroll at 1280 and 390 px, light and dark, with screenshots in SHOTS_DIR when it is set.
import { expect, test } from "./fixtures";
import { adminApi, createUser, signedInContext } from "./support/auth";
import { ORG_ID } from "./support/atlas";
import { mainOverflow } from "./support/overflow";

// The site header is checked with the layout (components/layout).
const NOT_THE_HEADER = { exclude: "header" };

const shotPath = (name: string) =>
  process.env.SHOTS_DIR ? `${process.env.SHOTS_DIR}/${name}.png` : test.info().outputPath(`${name}.png`);

test.describe("a fresh inviter", () => {
  // Fresh users only: no demo admin cookies in the contexts these tests open.
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the Account page's daily digest toggle is saved, kept after a reload, and audited", async ({
    browser,
    baseURL,
  }) => {
    const user = await createUser(baseURL!, "inviter");
    const { context, page } = await signedInContext(browser, baseURL!, user.email, user.password);
    await page.goto("/account");
    const toggle = page.getByRole("checkbox", { name: "Daily invitations digest by e-mail" });
    await expect(toggle).toBeChecked();
    await expect(page.getByText("You get the invitations you sent yourself")).toBeVisible();
    await expect(page.getByText(/E-mail is not set up on this console/)).toBeVisible();
    await toggle.focus();
    await page.keyboard.press("Space");
    await expect(page.getByText("Daily digest turned off.")).toBeVisible();
    await expect(toggle).not.toBeChecked();
    await page.reload();
    await expect(
      page.getByRole("checkbox", { name: "Daily invitations digest by e-mail" }),
    ).not.toBeChecked();

    const admin = await adminApi(baseURL!);
    await expect
      .poll(async () => {
        const res = await admin.get(`/api/audit?action=notification.preference_changed`);
        const rows = (await res.json()).rows as { userEmail: string; detail: string; outcome: string }[];
        return rows.filter((r) => r.userEmail === user.email).map((r) => `${r.outcome}: ${r.detail}`);
      })
      .toEqual(["success: daily digest off"]);
    await admin.dispose();

    // Viewers and inviters have no Notifications page.
    await page.goto("/notifications");
    await expect(page).toHaveURL(/\/not-allowed/);
    await context.close();
  });
});

for (const [width, scheme] of [
  [1280, "light"],
  [1280, "dark"],
  [390, "light"],
  [390, "dark"],
] as const) {
  // As the demo admin (the project's storage state).
  test(`Account notifications and the admins' Notifications page pass axe at ${width} px, ${scheme}`, async ({
    page,
    a11y,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });

    await page.goto("/account");
    const section = page.getByRole("region", { name: "Notifications", exact: true });
    await expect(section.getByRole("checkbox", { name: "Daily invitations digest by e-mail" })).toBeChecked();
    await expect(section.getByText("As an admin you get every org's invitations")).toBeVisible();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: shotPath(`account-notifications-${width}-${scheme}`) });
    await a11y(page, "account", NOT_THE_HEADER);
    expect(await mainOverflow(page)).toBeLessThanOrEqual(0);

    // Admins reach the Notifications page from here (and from the Users page).
    await section.getByRole("link", { name: "Notifications" }).click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    const delivery = page.getByRole("region", { name: "Delivery" });
    await expect(delivery.getByText("Not configured")).toHaveCount(2);
    await expect(delivery.getByText(/Off \(no transport configured/)).toBeVisible();
    await expect(page.getByRole("region", { name: "Recent notifications" })).toContainText(
      "Nothing sent yet",
    );
    await page.screenshot({ path: shotPath(`notifications-${width}-${scheme}`), fullPage: true });
    await a11y(page, "notifications", NOT_THE_HEADER);
    expect(await mainOverflow(page)).toBeLessThanOrEqual(0);
  });
}

test("admins reach Notifications from the nav; Send a test explains itself when nothing is configured; the next digest is previewed", async ({
  page,
  baseURL,
  a11y,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  // The ledger knows the demo org's pending invitations (3 of them expire within 7 days).
  const synced = await page.request.post(`/api/orgs/${ORG_ID}/ledger/sync`, {
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    data: {},
  });
  expect([200, 202, 429]).toContain(synced.status());

  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await page.getByRole("navigation").getByRole("link", { name: "Notifications" }).first().click();
  await expect(page).toHaveURL(/\/notifications(\?|$)/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();

  // No transport on the e2e console: the buttons are disabled and say why in visible text.
  const tryIt = page.getByRole("region", { name: "Try it" });
  await expect(tryIt.getByRole("button", { name: "Send a test e-mail to me" })).toBeDisabled();
  await expect(tryIt.getByText("E-mail is not configured (SMTP_URL and NOTIFY_FROM).")).toBeVisible();
  await expect(tryIt.getByRole("button", { name: "Send a test webhook call" })).toBeDisabled();
  await expect(tryIt.getByText(/The webhook is not configured/)).toBeVisible();
  // The route refuses the same, in words, with nothing sent.
  const refused = await page.request.post("/api/notifications/test", {
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    data: { channel: "email" },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.message).toMatch(
    /^E-mail is not configured: set SMTP_URL and NOTIFY_FROM/,
  );

  const next = page.getByRole("region", { name: "Next digest" });
  await expect(next.getByLabel("Organization")).toHaveValue(ORG_ID);
  await expect(next).toContainText("expiring soon");
  await expect(next.getByLabel("Digest e-mail text")).toContainText("Expiring within 7 days");
  await expect(next).toContainText("E-mailed to nobody: e-mail is not configured");
  await a11y(page, "notifications tools", NOT_THE_HEADER);
  expect(await mainOverflow(page)).toBeLessThanOrEqual(0);
});
