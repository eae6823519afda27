// The invitations page's tabs (Pending is Atlas's live list; the others read the console's ledger), the
// detail drawer with grants by name and the person's timeline, and re-invite from Expired.
import type { Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { InvitationsPage, expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { mainOverflow } from "./support/overflow";
import { DEMO_ADMIN } from "./support/ports";

const LIST = InvitationsPage.path;
// Screenshots for people to look at (.test-results is ignored by git; SHOTS_DIR moves them).
const SHOTS = `${process.env.SHOTS_DIR ?? ".test-results/shots"}/ledger-ui`;
mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

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

test("tabs with counts and the tab in the URL; the drawer shows grants by name and the timeline's console user", async ({
  page,
  api,
  a11y,
  invitationsPage,
}) => {
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible();
  const { team, project } = await directory(page);
  const email = uniqueEmail("drawer");
  await inviteByApi(api, email, {
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
  await expect(invitationsPage.tab("Pending")).toHaveAttribute("aria-selected", "true");
  await expect(invitationsPage.tab("Pending")).toContainText("39");
  await a11y(page, "tabs");

  const drawer = await invitationsPage.openDetails(email);
  await expect(drawer.getByText("Pending", { exact: true }).first()).toBeVisible();
  await expect(drawer.getByText("Organization Member, Organization Project Creator")).toBeVisible();
  await expect(drawer.getByText("Analytics", { exact: true }).first()).toBeVisible();
  await expect(drawer.getByText("Production:")).toBeVisible();
  await expect(drawer.getByText(/Project Read Only, Project Data Access Read Only/)).toBeVisible();
  const timeline = drawer.getByRole("list", { name: `Timeline of ${email}` });
  await expect(timeline.getByRole("listitem").filter({ hasText: "Invitation sent" })).toContainText(
    `by ${DEMO_ADMIN.email}`,
  );
  await expect(drawer.getByRole("button", { name: "Cancel invitation" })).toBeEnabled();
  await expect(drawer.getByRole("button", { name: "Re-invite" })).toHaveCount(0);
  await a11y(page, "drawer");
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
  await invitationsPage.tab("Expired").click();
  await expect(page).toHaveURL(/tab=expired/);
  await expect(page).toHaveURL(/q=drawer/);
  await expect(page.getByRole("heading", { name: "Expired invitations", exact: true })).toBeVisible();
  await page.reload();
  await expect(invitationsPage.tab("Expired")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Search by e-mail")).toHaveValue(new RegExp(email.split("@")[0]!));
  // Keyboard: arrows move between tabs.
  await invitationsPage.tab("Expired").focus();
  await page.keyboard.press("ArrowRight");
  await expect(invitationsPage.tab("Rejected")).toHaveAttribute("aria-selected", "true");
  await expect(page).toHaveURL(/tab=rejected/);
});

test("phones: tabs and drawer fit 390 px without sideways scrolling; screenshots light and dark", async ({
  page,
  a11y,
  invitationsPage,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible();
  await expect(invitationsPage.tab("Cancelled")).toBeVisible();
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
  await a11y(page, "drawer on a phone");
});

/** "Sync now" (the sync's own route), then wait until the ledger's counts say what `done` expects. */
async function syncNow(page: Page, done: (counts: Record<string, number>) => boolean) {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/orgs/${ORG_ID}/ledger/sync`, { headers: { Origin: origin } });
  expect(res.status(), await res.text()).toBeLessThan(300);
  await expect
    .poll(
      async () => done((await (await page.request.get(`/api/orgs/${ORG_ID}/ledger/counts`)).json()).counts),
      { timeout: 30_000 },
    )
    .toBe(true);
}

test("after a sync the ledger tabs fill; re-invite from Expired sends identical grants", async ({
  page,
  api,
  sim,
  a11y,
  invitationsPage,
}) => {
  test.setTimeout(150_000);
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible({ timeout: 30_000 });
  const { team, project } = await directory(page);
  const grants = {
    orgRoles: ["ORG_MEMBER", "ORG_GROUP_CREATOR"],
    teamIds: [team.id],
    projectRoles: [{ projectId: project.id, roles: ["GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY"] }],
  };
  const lapsed = uniqueEmail("lapsed");
  const declines = uniqueEmail("declines");
  const joins = uniqueEmail("joins");
  const withdrawn = uniqueEmail("withdrawn");
  await inviteByApi(api, lapsed, grants);
  const declined = await inviteByApi(api, declines, grants);
  const joined = await inviteByApi(api, joins, grants);
  const cancelled = await inviteByApi(api, withdrawn, grants);
  await syncNow(page, (c) => c.pending! >= 4);
  const before = (await (await page.request.get(`/api/orgs/${ORG_ID}/ledger/counts`)).json()).counts;

  await sim.rejectUser(declined.id);
  await sim.acceptUser(joined.id);
  const del = await api.delete(`/api/orgs/${ORG_ID}/invitations/${cancelled.id}`, {
    data: { source: "users" },
  });
  expect(del.status()).toBe(204);
  await syncNow(
    page,
    (c) => c.rejected! > before.rejected && c.accepted! > before.accepted && c.cancelled! > before.cancelled,
  );
  await sim.advanceClock(31 * 86_400);
  await syncNow(page, (c) => c.expired! > before.expired);

  // Each tab shows its count and its person.
  await page.reload();
  const counts = (await (await page.request.get(`/api/orgs/${ORG_ID}/ledger/counts`)).json()).counts;
  for (const [name, key, email] of [
    ["Expired", "expired", lapsed],
    ["Rejected", "rejected", declines],
    ["Accepted", "accepted", joins],
    ["Cancelled", "cancelled", withdrawn],
  ] as const) {
    await expect(invitationsPage.tab(name)).toContainText(String(counts[key]));
    await invitationsPage.tab(name).click();
    await expect(page.getByRole("heading", { name: `${name} invitations`, exact: true })).toBeVisible();
    await invitationsPage.search(email);
    await expect(page.getByRole("button", { name: `Details of the invitation for ${email}` })).toBeVisible();
    await invitationsPage.search("");
  }
  await invitationsPage.tab("Expired").click();
  await a11y(page, "Expired tab");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/expired-1280-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });

  // The drawer: grants by name, the timeline with the console user and the sync's steps, Re-invite.
  const drawer = await invitationsPage.openDetails(lapsed);
  await expect(drawer.getByText("Expired", { exact: true }).first()).toBeVisible();
  await expect(drawer.getByText("Analytics", { exact: true }).first()).toBeVisible();
  await expect(drawer.getByText(/Production:/)).toBeVisible();
  const timeline = drawer.getByRole("list", { name: `Timeline of ${lapsed}` });
  await expect(timeline.getByRole("listitem").filter({ hasText: "Invitation sent" }).first()).toContainText(
    `by ${DEMO_ADMIN.email}`,
  );
  await expect(timeline.getByRole("listitem").filter({ hasText: "Expired unanswered" })).toBeVisible();
  await a11y(page, "drawer on Expired");
  await page.screenshot({ path: `${SHOTS}/drawer-expired-1280-light.png` });

  await drawer.getByRole("button", { name: "Re-invite" }).click();
  const dialog = page.getByRole("dialog", { name: `Re-invite ${lapsed}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("E-mail address")).toHaveValue(lapsed);
  await expect(dialog.getByRole("checkbox", { name: /^Organization Member/ })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: /^Organization Project Creator/ })).toBeChecked();
  await expect(dialog.getByText("Analytics", { exact: true }).first()).toBeVisible();
  await expect(dialog.getByLabel("Project", { exact: true })).toHaveValue(project.id);
  await a11y(page, "re-invite dialog");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `${SHOTS}/reinvite-1280-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
  // No wait: within a minute of the first invite is not a duplicate submit once that invitation expired
  // (lib/server/invitations/create-invitations.ts asks Atlas whether it is still pending).
  await dialog.getByRole("button", { name: "Send new invitation" }).click();
  await expect(page.getByText(`Invitation sent again to ${lapsed}.`)).toBeVisible();
  await expect(dialog).toBeHidden();

  // Atlas got one more create for that address, with exactly the same grants.
  const creates = (await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG_ID}/users` })).filter(
    (e) => e.body?.username === lapsed,
  );
  expect(creates).toHaveLength(2);
  expect(creates[1].status).toBe(201);
  expect(creates[1].body).toEqual(creates[0].body);
  expect(creates[1].body).toEqual({
    username: lapsed,
    roles: {
      orgRoles: grants.orgRoles,
      groupRoleAssignments: [{ groupId: project.id, groupRoles: grants.projectRoles[0]!.roles }],
    },
    teamIds: [team.id],
  });

  // It is pending again (Atlas's live list), and gone from Expired.
  await invitationsPage.tab("Pending").click();
  await invitationsPage.search(lapsed);
  await expect(page.getByRole("button", { name: `Details of the invitation for ${lapsed}` })).toBeVisible();
  await invitationsPage.tab("Expired").click();
  await expect(page.getByRole("button", { name: `Details of the invitation for ${lapsed}` })).toHaveCount(0);
});

test("someone the sync first found already expired: one timeline step that says so, with the Expired badge", async ({
  page,
  invitationsPage,
}) => {
  await page.goto(LIST);
  await syncNow(page, (c) => c.expired! >= 1);
  const list = await (await page.request.get(`/api/orgs/${ORG_ID}/ledger?status=expired`)).json();
  // Rows the sync recorded as already closed have ids atlas:<org>:<user>:expired (lib/server/ledger/repository.ts).
  const found = (list.invitations as { id: string; email: string }[]).find((r) => r.id.startsWith("atlas:"))!;
  expect(found).toBeDefined();
  await invitationsPage.tab("Expired").click();
  const drawer = await invitationsPage.openDetails(found.email);
  const steps = drawer.getByRole("list", { name: `Timeline of ${found.email}` }).getByRole("listitem");
  await expect(steps).toHaveCount(1);
  await expect(steps.first()).toContainText("Found in Atlas already expired");
  await expect(steps.first().getByText("Expired", { exact: true })).toBeVisible();
  await expect(steps.first().getByText("Pending", { exact: true })).toHaveCount(0);
});

test("someone the sync first found already rejected is re-invited through the drawer's Re-invite", async ({
  page,
  sim,
  invitationsPage,
}) => {
  await page.goto(LIST);
  await syncNow(page, (c) => c.rejected! >= 1);
  const list = await (await page.request.get(`/api/orgs/${ORG_ID}/ledger?status=rejected`)).json();
  // Its id is atlas:<org>:<user>:rejected (lib/schemas/ledger.ts LEDGER_ID): the route once refused it.
  const found = (list.invitations as { id: string; email: string }[]).find((r) => r.id.startsWith("atlas:"))!;
  expect(found).toBeDefined();
  await invitationsPage.tab("Rejected").click();
  const drawer = await invitationsPage.openDetails(found.email);
  await drawer.getByRole("button", { name: "Re-invite" }).click();
  const dialog = page.getByRole("dialog", { name: `Re-invite ${found.email}` });
  await dialog.getByRole("button", { name: "Send new invitation" }).click();
  await expect(page.getByText(`Invitation sent again to ${found.email}.`)).toBeVisible();
  const creates = (await sim.journal({ method: "POST", path: `/api/atlas/v2/orgs/${ORG_ID}/users` })).filter(
    (e) => e.body?.username === found.email,
  );
  expect(creates.map((c) => c.status)).toEqual([201]);
});
