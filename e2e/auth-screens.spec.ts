// Pictures of the sign-in page and the Users page (light and dark) for review: .test-results/screens/.
import { expect, test } from "./fixtures";
import { ADMIN_STATE } from "./support/ports";

const OUT = ".test-results/screens";

test("sign-in and Users page: screenshots, and no serious accessibility issue", async ({
  browser,
  baseURL,
  a11y,
}) => {
  for (const scheme of ["light", "dark"] as const) {
    const anon = await browser.newContext({
      baseURL,
      colorScheme: scheme,
      viewport: { width: 1280, height: 800 },
    });
    const page = await anon.newPage();
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in to the Invite Console" })).toBeVisible();
    await page.screenshot({ path: `${OUT}/sign-in-${scheme}.png` });
    await a11y(page, `sign-in ${scheme}`);
    await anon.close();

    const admin = await browser.newContext({
      baseURL,
      colorScheme: scheme,
      viewport: { width: 1280, height: 800 },
      storageState: ADMIN_STATE(Number(new URL(baseURL!).port)),
    });
    const adminPage = await admin.newPage();
    await adminPage.goto("/users");
    await expect(adminPage.getByRole("table", { name: "Console users" })).toBeVisible();
    await adminPage.getByLabel("E-mail").fill(`pictured-${scheme}-${Date.now()}@people.example`);
    await adminPage.getByRole("button", { name: "Add user" }).click();
    await expect(adminPage.getByLabel("Set-password link")).toBeVisible();
    await adminPage.screenshot({ path: `${OUT}/users-${scheme}.png` });
    await a11y(adminPage, `users ${scheme}`);
    await admin.close();
  }
});
