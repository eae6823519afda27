// The invitations page's tabs (Pending is Atlas's live list; the others read the console's ledger), the
// detail drawer with grants by name and the person's timeline, and re-invite from Expired.
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { ORG_ID, atlas, uniqueEmail } from "./support/atlas";
import { mainOverflow } from "./support/overflow";
import { DEMO_ADMIN } from "./support/ports";

const LIST = `/orgs/${ORG_ID}/invitations`;
const SHOTS = "/work/shots/ledger-ui";
mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async () => {
  await atlas.reset();
});

async function expectNoSeriousA11yIssues(page: Page, what: string) {
  await page
    .locator("[data-sonner-toast]")
    .evaluateAll((toasts) =>
      Promise.all(toasts.flatMap((t) => t.getAnimations({ subtree: true }).map((a) => a.finished))),
    )
    .catch(() => undefined);
  await page.waitForTimeout(450);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${what}: ${v.id} ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

interface Named {
  id: string;
  name: string;
}

async function directory(page: Page): Promise<{ team: Named; project: Named }> {
  const teams = (await (await page.request.get(`/api/orgs/${ORG_ID}/teams`)).json()).teams as Named[];
  const projects = (await (await page.request.get(`/api/orgs/${ORG_ID}/projects`)).json())
    .projects as Named[];
  return {
    team: teams.find((t) => t.name === "Analytics")!,
    project: projects.find((p) => p.name === "Production")!,
  };
}

/** Invites through the console's own API (as a script would), so the audit log names the demo admin. */
async function invite(page: Page, email: string, grants: Record<string, unknown>) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/orgs/${ORG_ID}/invitations`, {
    headers: { Origin: origin },
    data: { emails: email, ...grants },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).results[0].invitation as { id: string };
}

const tab = (page: Page, name: string) => page.getByRole("tab", { name: new RegExp(`^${name}`) });
const search = (page: Page, text: string) => page.getByLabel("Search by e-mail").fill(text);
const drawerOf = (page: Page, email: string) => page.getByRole("dialog", { name: email });

async function openDetails(page: Page, email: string): Promise<Locator> {
  await search(page, email);
  await page.getByRole("button", { name: `Details of the invitation for ${email}` }).click();
  const drawer = drawerOf(page, email);
  await expect(drawer).toBeVisible();
  return drawer;
}

test("tabs with counts and the tab in the URL; the drawer shows grants by name and the timeline's console user", async ({
  page,
}) => {
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible();
  const { team, project } = await directory(page);
  const email = uniqueEmail("drawer");
  await invite(page, email, {
    orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
    teamIds: [team.id],
    projectRoles: [{ projectId: project.id, roles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] }],
  });
  await page.reload();

  // Five tabs; Pending counts Atlas's live list.
  const tabs = page.getByRole("tablist", { name: "Invitations by status" });
  await expect(tabs.getByRole("tab")).toHaveText([
    /^Pending/,
    /^Expired/,
    /^Rejected/,
    /^Accepted/,
    /^Cancelled/,
  ]);
  await expect(tab(page, "Pending")).toHaveAttribute("aria-selected", "true");
  await expect(tab(page, "Pending")).toContainText("39");
  await expectNoSeriousA11yIssues(page, "tabs");

  const drawer = await openDetails(page, email);
  await expect(drawer.getByText("Pending", { exact: true })).toBeVisible();
  await expect(drawer.getByText("Organization Member, Organization Project Creator")).toBeVisible();
  await expect(drawer.getByText("Analytics")).toBeVisible();
  await expect(drawer.getByText("Production:")).toBeVisible();
  await expect(drawer.getByText(/Project Read Only, Project Data Access Read Only/)).toBeVisible();
  const timeline = drawer.getByRole("list", { name: `Timeline of ${email}` });
  await expect(timeline.getByRole("listitem").filter({ hasText: "Invitation sent" })).toContainText(
    `by ${DEMO_ADMIN.email}`,
  );
  await expect(drawer.getByRole("button", { name: "Cancel invitation" })).toBeEnabled();
  await expect(drawer.getByRole("button", { name: "Re-invite" })).toHaveCount(0);
  await expectNoSeriousA11yIssues(page, "drawer");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/drawer-1280-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Cancel from the drawer: the existing confirm dialog; the drawer closes with the row.
  await drawer.getByRole("button", { name: "Cancel invitation" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText(email);
  await confirm.getByRole("button", { name: "Cancel invitation" }).click();
  await expect(page.getByText(`Invitation for ${email} cancelled.`)).toBeVisible();
  await expect(drawer).toBeHidden();

  // Another tab: the URL says so, search and sort stay, a reload keeps it.
  await tab(page, "Expired").click();
  await expect(page).toHaveURL(/tab=expired/);
  await expect(page).toHaveURL(/q=drawer/);
  await expect(page.getByRole("heading", { name: "Expired invitations" })).toBeVisible();
  await page.reload();
  await expect(tab(page, "Expired")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Search by e-mail")).toHaveValue(new RegExp(email.split("@")[0]!));
  // Keyboard: arrows move between tabs.
  await tab(page, "Expired").focus();
  await page.keyboard.press("ArrowRight");
  await expect(tab(page, "Rejected")).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/tab=rejected/);
});

test("phones: tabs and drawer fit 390 px without sideways scrolling; screenshots light and dark", async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible();
  await expect(tab(page, "Cancelled")).toBeVisible();
  expect(await mainOverflow(page)).toBeLessThanOrEqual(0);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/tabs-390-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
  const first = page.getByRole("button", { name: /^Details of the invitation for / }).first();
  await first.click();
  const drawer = page.getByRole("dialog");
  await expect(
    drawer.getByRole("list", { name: /^Timeline of / }).or(drawer.getByText(/Nothing recorded yet/)),
  ).toBeVisible();
  const box = await drawer.boundingBox();
  expect(box?.width).toBe(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/drawer-390-${scheme}.png` });
  }
  await expectNoSeriousA11yIssues(page, "drawer on a phone");
});
