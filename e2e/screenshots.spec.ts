// `npm run screenshots`: the README's pictures, taken from the running demo (project "screenshots").
import { expect, test } from "@playwright/test";
import { ORG_ID, atlas } from "./support/atlas";

const LIST = `/orgs/${ORG_ID}/invitations`;
const OUT = "docs/screenshots";

test.beforeEach(async () => {
  await atlas.reset();
});

test("README screenshots", async ({ page }) => {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(LIST);
    await expect(page.getByText(/38 pending/)).toBeVisible();
    await page.screenshot({ path: `${OUT}/list-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: /Invite people to Demo Org/ });
  await dialog.getByLabel("E-mail addresses").fill("ada@example.com, grace@example.com");
  await dialog.getByRole("checkbox", { name: /Organization Read Only/ }).check();
  await page.screenshot({ path: `${OUT}/invite-dialog.png` });
  await page.keyboard.press("Escape");
  await page
    .getByRole("button", { name: /^Cancel invitation for / })
    .first()
    .click();
  await expect(page.getByRole("alertdialog")).toBeVisible();
  await page.screenshot({ path: `${OUT}/cancel-dialog.png` });
});
