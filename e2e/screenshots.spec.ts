// `npm run screenshots`: the README's pictures, taken from the running demo (project "screenshots").
import { expect, test } from "./fixtures";
import { ORG_ID, SIM_URL } from "./support/atlas";

const SECOND = {
  name: "Second org (staging)",
  clientId: "mdb_sa_id_5f0000000000000000000003",
  clientSecret: "mdb_sa_sk_demo_second_not_a_real_secret",
};

const LIST = `/orgs/${ORG_ID}/invitations`;
const OUT = "docs/screenshots";

test.beforeEach(async ({ sim }) => {
  await sim.reset();
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
  // A filled form asks before it throws the draft away.
  await page
    .getByRole("alertdialog", { name: "Discard this invitation?" })
    .getByRole("button", { name: "Discard" })
    .click();
  await page
    .getByRole("button", { name: /^Cancel invitation for / })
    .first()
    .click();
  await expect(page.getByRole("alertdialog")).toBeVisible();
  await page.screenshot({ path: `${OUT}/cancel-dialog.png` });
});

test("README screenshots: sign-in, connections, audit, users", async ({ page, browser, baseURL }) => {
  test.setTimeout(150_000);
  const anon = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    storageState: { cookies: [], origins: [] },
  });
  const signIn = await anon.newPage();
  await signIn.goto("/sign-in");
  await expect(signIn.getByRole("heading", { name: "Sign in to the Invite Console" })).toBeVisible();
  await signIn.screenshot({ path: `${OUT}/sign-in.png` });
  await anon.close();

  // A second, tested connection beside the read-only one from the environment.
  await page.goto("/connections");
  const own = new URL(page.url()).origin;
  const listed = (await (await page.request.get("/api/connections")).json()) as {
    connections: { id: string; name: string }[];
  };
  for (const c of listed.connections.filter((x) => x.name === SECOND.name)) {
    await page.request.delete(`/api/connections/${c.id}`, { headers: { Origin: own } });
  }
  const created = await page.request.post("/api/connections", {
    headers: { Origin: own },
    data: {
      name: SECOND.name,
      baseUrl: SIM_URL,
      clientId: SECOND.clientId,
      clientSecret: SECOND.clientSecret,
      invitesApi: "users",
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.reload();
  const card = page.getByRole("article", { name: SECOND.name });
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card).toContainText("Working");
  await page.screenshot({ path: `${OUT}/connections.png`, fullPage: true });

  // An invitation and a cancellation, so the audit log has something to show.
  await page.goto(LIST);
  await expect(page.getByText(/38 pending/)).toBeVisible();
  await page.getByRole("button", { name: "Invite people" }).first().click();
  const dialog = page.getByRole("dialog", { name: /Invite people to Demo Org/ });
  await dialog.getByLabel("E-mail addresses").fill("ada@example.com");
  await dialog.getByRole("button", { name: /^Send invitation$/ }).click();
  await expect(page.getByRole("row", { name: /ada@example\.com/ })).toBeVisible();
  await page.goto("/audit");
  await expect(page.getByRole("region", { name: "Audit log" }).getByRole("row").nth(1)).toBeVisible();
  await page.screenshot({ path: `${OUT}/audit.png` });

  await page.goto("/users");
  await expect(page.getByRole("table", { name: "Console users" })).toBeVisible();
  await page.screenshot({ path: `${OUT}/users.png` });

  const { connection } = (await created.json()) as { connection: { id: string } };
  await page.request.delete(`/api/connections/${connection.id}`, {
    headers: { Origin: own },
  });
});

// Not for the README: the phone and desktop pictures a reviewer looks at after a layout change
// (.test-results/screens/, light and dark, 390 and 1280 px).
test("review screens: list, invite dialog, header menu, users at 390 and 1280 px", async ({ page }) => {
  test.setTimeout(180_000);
  const out = ".test-results/screens";
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 768 ? 844 : 800 });
      const tag = `${width}-${scheme}`;
      await page.goto(LIST);
      await expect(page.getByText(/38 pending/)).toBeVisible();
      await page.screenshot({ path: `${out}/list-${tag}.png` });
      await page.getByRole("button", { name: "Invite people" }).first().click();
      const dialog = page.getByRole("dialog", { name: /Invite people to Demo Org/ });
      await dialog
        .getByLabel("E-mail addresses")
        .fill("ada@example.com, ADA@example.com grace@example.com not-an-address");
      await page.screenshot({ path: `${out}/invite-${tag}.png` });
      await page.keyboard.press("Escape");
      // A filled form asks before it is dropped.
      await dialog.getByRole("button", { name: "Discard" }).click();
      if (width < 1024) {
        await page.getByRole("button", { name: "Menu" }).click();
        await expect(page.getByRole("dialog", { name: "Menu" })).toBeVisible();
        await page.screenshot({ path: `${out}/menu-${tag}.png` });
        await page.keyboard.press("Escape");
      }
      await page.goto("/users");
      await expect(page.getByRole("table", { name: "Console users" })).toBeVisible();
      await page.screenshot({ path: `${out}/users-${tag}.png`, fullPage: true });
    }
  }
});

// Not for the README either: the screens issue 15 changed (ledger tabs with the sync bar, the drawer, the audit's
// + / − lines, the notifications page, the sunset confirmation), light and dark, 390 and 1280 px.
test("review screens: expired tab, drawer, audit, notifications, sunset confirm at 390 and 1280 px", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const out = ".test-results/screens";
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 768 ? 844 : 800 });
      const tag = `${width}-${scheme}`;
      await page.goto(LIST);
      await expect(page.getByText(/38 pending/)).toBeVisible();
      await page
        .getByRole("button", { name: /^Details of the invitation for / })
        .first()
        .click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await page.screenshot({ path: `${out}/drawer-${tag}.png` });
      await page.keyboard.press("Escape");
      await page.getByRole("tab", { name: /^Expired/ }).click();
      await expect(page.getByRole("heading", { name: "Expired invitations", exact: true })).toBeVisible();
      await page.screenshot({ path: `${out}/expired-${tag}.png` });
      await page.goto("/audit");
      await expect(page.getByRole("heading", { name: /Audit/ }).first()).toBeVisible();
      await page.screenshot({ path: `${out}/audit-${tag}.png` });
      await page.goto("/notifications");
      await expect(page.getByRole("heading", { name: /Notifications/ }).first()).toBeVisible();
      await page.screenshot({ path: `${out}/notifications-${tag}.png`, fullPage: true });
      await page.goto(`/orgs/${ORG_ID}/sunset`);
      await expect(page.getByRole("heading", { name: "Sunset readiness" })).toBeVisible();
      await page
        .getByRole("button", { name: /^Migrate \S+@/ })
        .first()
        .click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
      await page.screenshot({ path: `${out}/sunset-confirm-${tag}.png` });
      await page.keyboard.press("Escape");
    }
  }
});
