import { mkdirSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";

// "Create Atlas account" (Atlas's deprecated createUser) from the invitations page, through the built console
// and the simulator.
const LIST = `/orgs/${ORG_ID}/invitations`;
// Screenshots for people to look at (.test-results is ignored by git; SHOTS_DIR moves them).
const SHOTS = `${process.env.SHOTS_DIR ?? ".test-results/shots"}/create-user`;

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

async function openDialog(page: Page): Promise<Locator> {
  await page.goto(LIST);
  await page.getByRole("button", { name: "Create Atlas account" }).click();
  const dialog = page.getByRole("dialog", { name: /Create an Atlas account in Demo Org/ });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function fillPerson(dialog: Locator, email: string) {
  await dialog.getByLabel("E-mail (Atlas username)").fill(email);
  await dialog.getByLabel("First name").fill("Nova");
  await dialog.getByLabel("Last name").fill("Reyes");
  await dialog.getByLabel("Country").selectOption("FR");
  await dialog.getByLabel("Mobile number").fill("06 12 34 56 78");
}

test("creates an account with a typed password; Atlas gets one createUser with the E.164 number", async ({
  page,
  sim,
  a11y,
}) => {
  const dialog = await openDialog(page);
  await expect(dialog.getByText("Deprecated Atlas API")).toBeVisible();
  const email = uniqueEmail("account");
  await fillPerson(dialog, email);
  await dialog.getByLabel("Password", { exact: true }).fill("Quartz-Lantern-Velvet-7741");
  await expect(dialog.getByText(/Strength: Very strong/)).toBeVisible();
  await a11y(page, "dialog", { include: '[role="dialog"]' });
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(dialog.getByRole("status")).toContainText(`Atlas account created for ${email}`);
  await expect(dialog.getByText(/Generated password/)).toHaveCount(0);
  const calls = await sim.journal({ method: "POST", path: "/api/atlas/v2/users" });
  expect(calls).toHaveLength(1);
  expect(calls[0].body).toMatchObject({ username: email, country: "FR", mobileNumber: "+33612345678" });
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("region", { name: "Pending invitations" })).toContainText(email);
});

test("an Atlas refusal lands next to its field and nothing typed is lost", async ({ page, api, a11y }) => {
  // The address already has a pending invitation: Atlas answers 409, which belongs to the e-mail field.
  const email = uniqueEmail("taken");
  await inviteByApi(api, email);
  const dialog = await openDialog(page);
  await fillPerson(dialog, email);
  const password = "Quartz-Lantern-Velvet-7741";
  await dialog.getByLabel("Password", { exact: true }).fill(password);
  await dialog.getByRole("button", { name: "Create account" }).click();
  const emailInput = dialog.getByLabel("E-mail (Atlas username)");
  await expect(emailInput).toHaveAttribute("aria-invalid", "true");
  await expect(emailInput).toHaveValue(email);
  await expect(dialog.getByLabel("Password", { exact: true })).toHaveValue(password);
  await expect(dialog.getByLabel("Country")).toHaveValue("FR");
  await expect(dialog.getByLabel("Mobile number")).toHaveValue("06 12 34 56 78");
  await a11y(page, "dialog", { include: '[role="dialog"]' });
});

test("a generated password is shown once, copyable, and gone once the dialog closes", async ({
  page,
  a11y,
}) => {
  const dialog = await openDialog(page);
  const email = uniqueEmail("generated");
  await fillPerson(dialog, email);
  await dialog.getByRole("button", { name: "Generate" }).click();
  const input = dialog.getByLabel("Password", { exact: true });
  // The generator is loaded on first use: wait for the value.
  await expect(input).toHaveValue(/^.{20}$/);
  const generated = await input.inputValue();
  await expect(dialog.getByRole("button", { name: "Copy password" })).toBeVisible();
  await dialog.getByRole("button", { name: "Create account" }).click();
  await expect(dialog.getByRole("status")).toContainText(email);
  await expect(dialog.getByText(generated)).toBeVisible();
  await a11y(page, "dialog", { include: '[role="dialog"]' });
  await dialog.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "Create Atlas account" }).click();
  const again = page.getByRole("dialog", { name: /Create an Atlas account/ });
  await expect(again.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.getByText(generated)).toHaveCount(0);
});

test("screenshots at 390 and 1280 px, light and dark", async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const dialog = await openDialog(page);
      await fillPerson(dialog, "nova.reyes@example.com");
      await dialog.getByRole("button", { name: "Generate" }).click();
      await expect(dialog.getByRole("button", { name: "Copy password" })).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/dialog-${width}-${scheme}.png` });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(overflow, `sideways scroll at ${width}px`).toBe(false);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
});
