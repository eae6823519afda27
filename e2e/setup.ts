// Project "setup": the first sign-in of the demo admin on a console, saved as storage state for the specs.
import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE, DEMO_ADMIN } from "./support/ports";

setup(
  "the demo admin signs in with the password alone and lands on the console",
  async ({ page, baseURL }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel("E-mail").fill(DEMO_ADMIN.email);
    await page.getByLabel("Password").fill(DEMO_ADMIN.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // The first page after a console's start opens the org list through Atlas (token, routes): on a busy
    // machine that alone can take longer than the default 10 s.
    await expect(page).toHaveURL(/\/orgs\/[a-f0-9]{24}\/invitations/, { timeout: 30_000 });
    await expect(page.getByRole("note", { name: "Demo mode" })).toBeVisible();
    const port = new URL(baseURL!).port;
    await page.context().storageState({ path: ADMIN_STATE(Number(port)) });
  },
);
