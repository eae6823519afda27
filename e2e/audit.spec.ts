// The audit log end to end: an invite and a cancel made through the console appear on the Audit page with
// the console user behind them, the filters live in the URL, the CSV downloads, and the invitations list
// says who invited through the console.
import { readFile } from "node:fs/promises";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { mainOverflow } from "./support/overflow";

const TEAM_PLATFORM = "5f2000000000000000000001";
const PROJECT_PRODUCTION = "5f3000000000000000000001";
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

async function inviteAndCancel(request: APIRequestContext, baseURL: string, email: string) {
  const headers = { Origin: baseURL, "Content-Type": "application/json" };
  const created = await request.post(`/api/orgs/${ORG_ID}/invitations`, {
    headers,
    data: {
      emails: email,
      orgRoles: ["ORG_MEMBER"],
      teamIds: [TEAM_PLATFORM],
      projectRoles: [{ projectId: PROJECT_PRODUCTION, roles: ["GROUP_READ_ONLY"] }],
    },
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

test("the Audit page names what it shows, filters as you type and pick, keeps the filters in the URL, exports ids and names", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("audited");
  const { cancel } = await inviteAndCancel(page.request, baseURL!, email);

  // The invitations list names the console user for an invitation the console created.
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await page.getByLabel("Search by e-mail").first().fill(email);
  const row = page.getByRole("row", { name: new RegExp(escape(email)) });
  await expect(row).toContainText("through the console");

  await cancel();
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Apply" })).toHaveCount(0);
  // Text filters apply after a pause in typing, without a button.
  await page.getByLabel("Target e-mail").fill(email);
  // Read as the URL means it: nuqs writes "@" as is, a hand-built link has "%40"; both are the same filter.
  await expect.poll(() => new URL(page.url()).searchParams.get("target")).toBe(email);
  const log = page.getByRole("region", { name: "Audit log" });
  await expect(log.getByRole("row")).toHaveCount(3); // header + created + cancelled
  const created = log.getByRole("row").filter({ hasText: "Invitation sent" });
  await expect(created).toContainText("Succeeded");
  await expect(created).toContainText("in Demo Org");
  await expect(created).toContainText("Teams: Platform");
  await expect(created).toContainText("Production: Project Read Only");
  await expect(created).not.toContainText(ORG_ID);
  await expect(created).not.toContainText("invitation.created");
  await expect(log.getByRole("row").filter({ hasText: "Invitation cancelled" })).toContainText("Succeeded");

  // Selects apply at once; the org is picked by name.
  await page.getByLabel("Action").selectOption({ label: "Invitation cancelled" });
  await expect(page).toHaveURL(/[?&]action=invitation\.cancelled/);
  await expect(log.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Org", { exact: true }).selectOption({ label: "Demo Org" });
  await expect(page).toHaveURL(new RegExp(`[?&]org=${ORG_ID}`));
  await expect(log.getByRole("row")).toHaveCount(2);
  await page.getByLabel("Outcome").selectOption({ label: "Failed" });
  await expect(page.getByRole("heading", { name: "No audit rows match the filters" })).toBeVisible();
  await page.getByLabel("Outcome").selectOption({ label: "All outcomes" });
  // nuqs writes the URL a moment after the change (throttled): reload only once it has.
  await expect(page).not.toHaveURL(/[?&]outcome=/);

  // The URL alone restores the filtered view.
  await page.reload();
  await expect(page.getByLabel("Target e-mail")).toHaveValue(email);
  await expect(page.getByLabel("Action")).toHaveValue("invitation.cancelled");
  await expect(page.getByLabel("Org", { exact: true })).toHaveValue(ORG_ID);
  await expect(log.getByRole("row")).toHaveCount(2);

  await page.getByLabel("Action").selectOption({ label: "All actions" });
  await expect(log.getByRole("row")).toHaveCount(3);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}Z\.csv$/);
  const csv = await readFile((await download.path())!, "utf8");
  const header = csv.split("\r\n")[0]!;
  for (const col of ["console_user", "org_id", "org_name", "connection", "connection_name", "grants_named"]) {
    expect(header.split(",")).toContain(col);
  }
  expect(csv.match(new RegExp(escape(email), "g"))?.length).toBe(2);
  expect(csv).toContain('"Demo Org"');
  expect(csv).toContain("teams: Platform");

  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

test("the Audit page never scrolls sideways (360–1920 px); on phones rows are cards", async ({
  page,
  baseURL,
}) => {
  await inviteAndCancel(page.request, baseURL!, uniqueEmail("wide"));
  for (const width of [360, 390, 768, 1280, 1920]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/audit");
    const log = page.getByRole("region", { name: "Audit log" });
    if (width < 1024) {
      await expect(
        log
          .getByRole("list", { name: /Audit log rows/ })
          .getByRole("listitem")
          .first(),
      ).toBeVisible();
      await expect(log.getByRole("table")).toBeHidden();
    } else {
      await expect(log.getByRole("row").nth(1)).toBeVisible();
    }
    expect(await mainOverflow(page), `sideways scroll at ${width} px`).toBeLessThanOrEqual(0);
  }
});

test("the Audit page shows its empty state for filters that match nothing", async ({ page }) => {
  await page.goto("/audit?target=nobody-at-all-here");
  await expect(page.getByRole("heading", { name: "No audit rows match the filters" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/audit$/);
});

for (const [width, scheme] of [
  [1280, "light"],
  [1280, "dark"],
  [390, "light"],
  [390, "dark"],
] as const) {
  test(`the Audit page has no serious or critical accessibility violations at ${width} px, ${scheme}`, async ({
    page,
    baseURL,
    a11y,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await inviteAndCancel(page.request, baseURL!, uniqueEmail("a11y"));
    await page.goto("/audit");
    const log = page.getByRole("region", { name: "Audit log" });
    await expect(
      width < 1024 ? log.getByRole("listitem").first() : log.getByRole("row").nth(1),
    ).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`audit-${width}-${scheme}.png`), fullPage: true });
    await a11y(page, `audit ${width} px ${scheme}`, { exclude: "header" });
  });
}

test("an edit's audit row shows the + / − lines the edit dialog showed, by role label and name; the CSV says the same", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("audit-edit");
  const { id } = await inviteAndCancel(page.request, baseURL!, email);
  const edited = await page.request.patch(`/api/orgs/${ORG_ID}/invitations/${id}`, {
    headers: { Origin: baseURL!, "Content-Type": "application/json" },
    data: {
      source: "users",
      orgRoles: ["ORG_READ_ONLY"],
      teamIds: [TEAM_PLATFORM],
      projectRoles: [{ projectId: PROJECT_PRODUCTION, roles: ["GROUP_READ_ONLY"] }],
    },
  });
  expect(edited.status()).toBe(200);

  await page.goto(`/audit?target=${encodeURIComponent(email)}&action=invitation.updated`);
  const log = page.getByRole("region", { name: "Audit log" });
  const row = log.getByRole("row").filter({ hasText: "Invitation edited" });
  await expect(row).toHaveCount(1);
  const changes = row.getByLabel("Changes");
  await expect(changes).toContainText("Added: Organization Read Only");
  await expect(changes).toContainText("Removed: Organization Member");
  await expect(row).not.toContainText("ORG_MEMBER");

  // The invite row names roles and projects too (no enum names, no hex ids).
  await page.goto(`/audit?target=${encodeURIComponent(email)}&action=invitation.created`);
  const created = log.getByRole("row").filter({ hasText: "Invitation sent" });
  await expect(created).toContainText("Organization Member");
  await expect(created).toContainText("Production: Project Read Only");

  const csv = await page.request.get(`/api/audit/export?target=${encodeURIComponent(email)}`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("org: + Organization Read Only, − Organization Member");
});
