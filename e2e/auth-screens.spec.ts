// Pictures of the sign-in page and the Users page (light and dark) for review: .test-results/screens/.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./support/ports";

const OUT = ".test-results/screens";

async function expectNoSeriousA11yIssues(page: Page) {
  await page.waitForTimeout(450); // toasts settle
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("sign-in and Users page: screenshots, and no serious accessibility issue", async ({
  browser,
  baseURL,
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
    await expectNoSeriousA11yIssues(page);
    await anon.close();

    const admin = await browser.newContext({
      baseURL,
      colorScheme: scheme,
      viewport: { width: 1280, height: 800 },
      storageState: ADMIN_STATE(Number(new URL(baseURL!).port)),
    });
    const adminPage = await admin.newPage();
    await adminPage.goto("/users");
    await expect(adminPage.getByRole("table")).toBeVisible();
    await adminPage.getByLabel("E-mail").fill(`pictured-${scheme}-${Date.now()}@people.example`);
    await adminPage.getByRole("button", { name: "Add user" }).click();
    await expect(adminPage.getByLabel("Set-password link")).toBeVisible();
    await adminPage.screenshot({ path: `${OUT}/users-${scheme}.png` });
    await expectNoSeriousA11yIssues(adminPage);
    await admin.close();
  }
});
