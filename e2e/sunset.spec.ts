// The Sunset readiness page and banner (components/sunset) against the simulator, users-API console: the demo
// org's three legacy project invitations are what still depends on the legacy invitations API there.
import type { Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { expect, test } from "./fixtures";
import { ORG_ID, listed } from "./support/atlas";

const PAGE = `/orgs/${ORG_ID}/sunset`;
// Screenshots for people to look at (.test-results is ignored by git; SHOTS_DIR moves them).
const SHOTS = `${process.env.SHOTS_DIR ?? ".test-results/shots"}/sunset`;

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});
test.afterAll(async ({ sim }) => {
  await sim.reset(); // the clock too: later specs must not run past the sunset
});

async function openPanel(page: Page) {
  await page.goto(PAGE);
  await expect(page.getByRole("heading", { name: "Sunset readiness" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Legacy invitations (3)" })).toBeVisible();
}

test("the panel lists each legacy project invitation with the org invitation that replaces it", async ({
  page,
  a11y,
}) => {
  await openPanel(page);
  await expect(page.getByText(/days? left/).first()).toBeVisible();
  await expect(page.getByText("Every connection uses the users API.")).toBeVisible();
  const projectInvites = (await listed(page)).filter((i) => i.source === "project");
  expect(projectInvites).toHaveLength(3);
  for (const inv of projectInvites) {
    const row = page.getByRole("listitem", { name: new RegExp(inv.email.replace(/[.+]/g, "\\$&")) });
    await expect(row.getByText("After: New users-API invitation")).toBeVisible();
    await expect(row.getByText("Org: Organization Member")).toBeVisible();
  }
  await a11y(page, "panel");
});

test("migrating one legacy project invitation through the UI creates the org invitation, then cancels the old one", async ({
  page,
  sim,
}) => {
  await openPanel(page);
  const target = (await listed(page)).find((i) => i.source === "project")!;
  await sim.clearJournal();
  await page.getByRole("button", { name: `Migrate ${target.email}` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Migrate the invitation for ${target.email}?` });
  await dialog.getByRole("button", { name: "Migrate and send the e-mail" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("heading", { name: "Legacy invitations (2)" })).toBeVisible();
  await page.getByText(/Migrated this visit \(1\)/).click();
  await expect(
    page.getByText(/Invited through the users API; the project invitation is cancelled/),
  ).toBeVisible();
  const writes = (await sim.journal()).filter(
    (e: any) => e.method !== "GET" && e.path.startsWith("/api/atlas/"),
  );
  expect(writes.map((w: any) => `${w.method} ${w.status}`)).toEqual(["POST 201", "DELETE 204"]);
  const after = (await listed(page)).filter((i) => i.email === target.email);
  expect(after).toEqual([
    expect.objectContaining({ source: "users", orgRoles: ["ORG_MEMBER"], projectRoles: target.projectRoles }),
  ]);
});

test("a single Migrate asks first, saying in words that it sends a fresh e-mail and makes an org member; Keep changes nothing", async ({
  page,
  sim,
  a11y,
}) => {
  await openPanel(page);
  const target = (await listed(page)).find((i) => i.source === "project")!;
  await sim.clearJournal();
  const button = page.getByRole("button", { name: `Migrate ${target.email}` });
  await button.click();
  const dialog = page.getByRole("alertdialog", { name: `Migrate the invitation for ${target.email}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("After 1 July 2027 this invitation can no longer be managed here");
  await expect(dialog).toContainText(`Migrating sends ${target.email} a fresh invitation e-mail from Atlas`);
  await expect(dialog).toContainText("also a member of the organization (Organization Member");
  // The safe button has the focus: Enter on open changes nothing.
  await expect(dialog.getByRole("button", { name: "Keep as it is" })).toBeFocused();
  await a11y(page, "single migrate dialog");
  await dialog.getByRole("button", { name: "Keep as it is" }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
  await expect(page.getByRole("heading", { name: "Legacy invitations (3)" })).toBeVisible();
  const writes = (await sim.journal()).filter(
    (e: any) => e.method !== "GET" && e.path.startsWith("/api/atlas/"),
  );
  expect(writes).toEqual([]);
});

test("migrate all confirms with the number of people, shows progress and results", async ({ page, a11y }) => {
  await openPanel(page);
  await page.getByRole("button", { name: "Migrate all (3)" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Migrate 3 legacy invitations for 3 people?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Migrating sends 3 people a fresh invitation e-mail from Atlas");
  await expect(dialog).toContainText("3 people were invited to a project only");
  await a11y(page, "confirm dialog");
  await dialog.getByRole("button", { name: "Migrate 3 people" }).click();
  await expect(page.getByText("Done: 3 of 3 migrated.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Legacy invitations (0)" })).toBeVisible();
  await expect(page.getByText("No pending invitation of this org depends on the legacy API.")).toBeVisible();
  expect((await listed(page)).filter((i) => i.source === "project")).toEqual([]);
  // Nothing depends on the legacy API any more: the banner is gone.
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await expect(page.getByRole("heading", { name: "Pending invitations" })).toBeVisible();
  await expect(page.getByRole("note", { name: "Legacy invitations API sunset" })).toHaveCount(0);
});

test("the banner shows the days left on every page, and past the date what still depends on the retired API", async ({
  page,
  api,
  sim,
}) => {
  // The banner accepts a server answer up to 30 s old: read afresh first, as the simulator was just reset.
  await openPanel(page);
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  const banner = page.getByRole("note", { name: "Legacy invitations API sunset" });
  await expect(banner).toContainText(/Legacy invitations API \d+ days? left/);
  await expect(banner).toContainText("3 legacy project invitations");
  await page.goto(`/audit?org=${ORG_ID}`);
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Sunset readiness" }).click();
  await expect(page).toHaveURL(new RegExp(PAGE));

  // The ledger remembers the legacy project invitations (a sync): past the date Atlas no longer lists them.
  const synced = await api.post(`/api/orgs/${ORG_ID}/ledger/sync`);
  expect(synced.status()).toBe(200);
  await sim.moveClockTo("2027-07-02T00:00:00Z");
  await page.goto(PAGE); // reads Atlas afresh (the banner accepts a 30 s old answer)
  await expect(page.getByText("retired on 1 July 2027").first()).toBeVisible();
  await expect(page.getByText(/410 VERSION_GONE/)).toBeVisible();
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/panel-retired-1280-light.png`, fullPage: true });
  await page.goto(`/orgs/${ORG_ID}/invitations`);
  await expect(banner).toContainText("retired on 1 July 2027");
  await expect(banner.getByRole("link", { name: "See what depends on it" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(banner).toContainText("retired on 1 July 2027");
  await page.screenshot({ path: `${SHOTS}/banner-retired-390-light.png` });
});

test("screenshots of the panel, dialog and banner at 390 and 1280 px, light and dark", async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 768 ? 844 : 800 });
      const tag = `${width}-${scheme}`;
      await openPanel(page);
      await page.screenshot({ path: `${SHOTS}/panel-${tag}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `sideways scroll at ${tag}`).toBeLessThanOrEqual(0);
      await page.getByRole("button", { name: "Migrate all (3)" }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/dialog-${tag}.png` });
      await page.keyboard.press("Escape");
      await page.goto(`/orgs/${ORG_ID}/invitations`);
      await expect(page.getByRole("note", { name: "Legacy invitations API sunset" })).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/banner-${tag}.png` });
    }
  }
});
