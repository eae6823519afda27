// The audit log end to end: an invite and a cancel made through the console appear on the Audit page with
// the console user behind them, the filters live in the URL, the CSV downloads, and the invitations list
// says who invited through the console.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { ORG_ID, uniqueEmail } from "./support/atlas";

async function inviteAndCancel(request: APIRequestContext, baseURL: string, email: string) {
  const headers = { Origin: baseURL, "Content-Type": "application/json" };
  const created = await request.post(`/api/orgs/${ORG_ID}/invitations`, {
    headers,
    data: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).results[0].invitation.id as string;
  return {
    id,
    cancel: async () => {
      const res = await request.delete(`/api/orgs/${ORG_ID}/invitations/${id}`, {
        headers,
        data: { source: "users", email },
      });
      expect(res.status()).toBe(204);
    },
  };
}

test("invite and cancel show up on the Audit page; filters in the URL; CSV export", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("audited");
  const { cancel } = await inviteAndCancel(page.request, baseURL!, email);

  // The invitations list names the console user for an invitation the console created.
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await page.getByLabel("Search by e-mail").first().fill(email);
  const row = page.getByRole("row", { name: new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) });
  await expect(row).toContainText("through the console");

  await cancel();
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.getByLabel("Target e-mail").fill(email);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]target=${encodeURIComponent(email).replace(/\./g, "\\.")}`));
  const log = page.getByRole("region", { name: "Audit log" });
  await expect(log.getByRole("row")).toHaveCount(3); // header + created + cancelled
  await expect(log.getByRole("row", { name: /invitation\.created/ })).toContainText("success");
  await expect(log.getByRole("row", { name: /invitation\.cancelled/ })).toContainText("success");

  // The URL alone restores the filtered view.
  await page.reload();
  await expect(page.getByLabel("Target e-mail")).toHaveValue(email);
  await expect(log.getByRole("row")).toHaveCount(3);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}Z\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  expect(csv.split("\r\n")[0]).toContain("console_user");
  expect(csv.match(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "g"))?.length).toBe(2);

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("the Audit page shows its empty state for filters that match nothing", async ({ page }) => {
  await page.goto("/audit?target=nobody-at-all-here");
  await expect(page.getByRole("heading", { name: "No audit rows match the filters" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("the Audit page has no serious or critical accessibility violations", async ({ page, baseURL }) => {
  await inviteAndCancel(page.request, baseURL!, uniqueEmail("a11y"));
  await page.goto("/audit");
  await expect(page.getByRole("region", { name: "Audit log" }).getByRole("row").nth(1)).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
});
