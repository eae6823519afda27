// `npm run screenshots`: the README's pictures, taken from the running demo (project "screenshots").
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ORG_ID, SIM_URL, listed } from "./support/atlas";

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

// The screens issue 18's performance work changed, with big data, light and dark, 390 and 1280 px
// (.test-results/screens/): the pending list while it streams in, a ledger tab cut to its newest 1,000 rows,
// the searchable org switcher and audit org filter (≥ 12 orgs), and the audit log past 1,000 rows.

const SHOTS = ".test-results/screens";
const MODES = (["light", "dark"] as const).flatMap((scheme) =>
  [390, 1280].map((width) => ({ scheme, width, tag: `${width}-${scheme}` })),
);

async function showMode(page: Page, mode: (typeof MODES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme: mode.scheme });
  await page.setViewportSize({ width: mode.width, height: mode.width < 768 ? 844 : 800 });
}

/** How far the page, or its main scroller, reaches past the window's right edge, and what sticks out (0: none). */
async function sideways(page: Page): Promise<string> {
  return page.evaluate(() => {
    const inner = window.innerWidth;
    const main = document.getElementById("main");
    const over = Math.max(
      document.scrollingElement!.scrollWidth - inner,
      main ? main.scrollWidth - main.clientWidth : 0,
    );
    if (over <= 0) return "";
    const out = Array.from(document.body.querySelectorAll("*")).find(
      (el) => el.getBoundingClientRect().right > inner + 0.5,
    );
    return `${over} px too wide (${out ? `${out.tagName.toLowerCase()}.${String(out.getAttribute("class")).slice(0, 80)}` : "?"})`;
  });
}

/** The element's box lies inside the window (a popup neither cut off nor pushing the page wider). */
async function insideWindow(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.left >= 0 && r.right <= window.innerWidth + 0.5 && r.width > 0;
  });
}

test("review screens: the pending list while 10,000 rows stream in, at 390 and 1280 px", async ({
  page,
  sim,
  a11y,
}) => {
  test.setTimeout(420_000);
  await sim.reset({ seed: "demo+10000" });
  const status = page.getByRole("status").filter({ hasText: /pending|Loading/ });
  // Once with a fast network (scripts cached), then on a slow one: the list's rows arrive over seconds.
  await page.goto(LIST);
  await expect(status).toContainText(/10,0\d\d pending/, { timeout: 60_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 50,
    downloadThroughput: 400 * 1024,
    uploadThroughput: -1,
  });
  try {
    for (const mode of MODES) {
      await showMode(page, mode);
      await page.goto(LIST);
      await expect(status).toContainText(/Loading [\d,]+ of 10,0\d\d invitations/, { timeout: 60_000 });
      // The Pending badge says what Atlas counted, not the unsynced ledger's 0.
      await expect(page.getByRole("tab", { name: /^Pending/ })).toContainText(/10,0\d\d/);
      await expect(
        page.getByRole("region", { name: "Pending invitations" }).locator("tbody tr").first(),
      ).toBeVisible();
      expect(await sideways(page), mode.tag).toBe("");
      await page.screenshot({ path: `${SHOTS}/list-streaming-${mode.tag}.png` });
      await expect(status).toContainText(/10,0\d\d pending/, { timeout: 120_000 });
    }
  } finally {
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  await a11y(page, "pending list of 10,000 (dark, 1280 px)", { exclude: "header" });
  await sim.reset();
});

test("review screens: the org switcher and the audit org filter as searches (20 orgs), at 390 and 1280 px", async ({
  page,
  sim,
  a11y,
}) => {
  test.setTimeout(240_000);
  await sim.reset({ seed: "orgs+20" });
  try {
    // 1024 px (lg, where the whole header first shares one row) is its tightest: nothing overlaps the product
    // name or pushes the page wider.
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto(LIST);
    await expect(page.getByRole("combobox", { name: "Organization" })).toHaveAttribute(
      "aria-autocomplete",
      "list",
    );
    const at1024 = (await page.getByRole("link", { name: "Invite Console" }).boundingBox())!;
    expect(at1024.x + at1024.width + 8).toBeLessThanOrEqual(
      (await page.getByRole("combobox", { name: "Organization" }).boundingBox())!.x,
    );
    expect((await page.getByRole("button", { name: "Sign out" }).boundingBox())!.height).toBeLessThanOrEqual(
      40,
    );
    expect(await sideways(page), "1024 px").toBe("");
    await page.screenshot({ path: `${SHOTS}/org-switcher-1024-light.png` });
    for (const mode of MODES) {
      await showMode(page, mode);
      await page.goto(LIST);
      await expect(page.getByText(/38 pending/)).toBeVisible();
      const switcher = page.getByRole("combobox", { name: "Organization" });
      await expect(switcher).toHaveAttribute("aria-autocomplete", "list");
      if (mode.width >= 1024) {
        // The header's one row still fits: the search clears the product name, "Sign out" stays on one line.
        const mark = (await page.getByRole("link", { name: "Invite Console" }).boundingBox())!;
        expect(mark.x + mark.width + 8, `${mode.tag}: gap before the switcher`).toBeLessThanOrEqual(
          (await switcher.boundingBox())!.x,
        );
        const signOut = (await page.getByRole("button", { name: "Sign out" }).boundingBox())!;
        expect(signOut.height, `${mode.tag}: Sign out on one line`).toBeLessThanOrEqual(40);
      }
      await switcher.click();
      const orgs = page.getByRole("listbox");
      await expect(orgs.getByRole("option")).toHaveCount(21);
      expect(await insideWindow(orgs), `${mode.tag}: switcher popup inside the window`).toBe(true);
      // The list lines up under the field (it stuck out 32 px to the left of the header's switcher).
      const [fieldBox, listBox] = [(await switcher.boundingBox())!, (await orgs.boundingBox())!];
      expect(
        Math.abs(listBox.x - fieldBox.x),
        `${mode.tag}: popup aligned with the field`,
      ).toBeLessThanOrEqual(1);
      expect(await sideways(page), mode.tag).toBe("");
      await page.screenshot({ path: `${SHOTS}/org-switcher-${mode.tag}.png` });
      await switcher.fill("pay");
      await expect(orgs.getByRole("option").first()).toContainText(/Payments/);
      await page.screenshot({ path: `${SHOTS}/org-switcher-search-${mode.tag}.png` });
      if (mode.tag === "390-dark") await a11y(page, "org switcher open, 390 px dark");
      await page.keyboard.press("Escape");

      await page.goto("/audit");
      const filter = page.getByRole("combobox", { name: "Org", exact: true });
      // The search, not the plain select it replaces below 12 orgs (or while its code loads).
      await expect(filter).toHaveAttribute("aria-autocomplete", "list");
      await filter.click();
      const filterList = page.getByRole("listbox");
      await expect(filterList.getByRole("option", { name: "All orgs" })).toBeVisible();
      expect(await insideWindow(filterList), `${mode.tag}: audit org popup inside the window`).toBe(true);
      expect(await sideways(page), mode.tag).toBe("");
      await page.screenshot({ path: `${SHOTS}/audit-org-filter-${mode.tag}.png` });
      if (mode.tag === "390-dark")
        await a11y(page, "audit org filter open, 390 px dark", { exclude: "header" });
      await page.keyboard.press("Escape");
    }
  } finally {
    await sim.reset();
  }
});

test("review screens: a ledger tab cut to its newest 1,000 rows and the audit log past 1,000 rows, at 390 and 1280 px", async ({
  page,
  sim,
  api,
  a11y,
}) => {
  test.setTimeout(600_000);
  // 1,010 invitations cancelled by one bulk action: 1,010 cancelled rows in the ledger, 1,010 audit rows.
  await sim.reset({ seed: "demo+1010" });
  const targets = (await listed(page))
    .filter((i) => i.email.endsWith("@load-test.example") && i.source !== "project")
    .map(({ id, source, email }) => ({ id, source, email }));
  expect(targets.length).toBeGreaterThanOrEqual(1010);
  const started = await api.post(`/api/orgs/${ORG_ID}/bulk/actions`, { data: { kind: "cancel", targets } });
  expect(started.status(), await started.text()).toBe(201);
  const { run } = (await started.json()) as { run: { id: string } };
  await expect
    .poll(
      async () => {
        const res = await api.get(`/api/orgs/${ORG_ID}/bulk/${run.id}`);
        return ((await res.json()) as { run: { status: string } }).run.status;
      },
      { timeout: 480_000, intervals: [5_000] },
    )
    .toBe("done");

  for (const mode of MODES) {
    await showMode(page, mode);
    await page.goto(`${LIST}?tab=cancelled`);
    const notice = page
      .getByRole("status")
      .filter({ hasText: /^Showing the newest 1,000 of 1,0\d\d cancelled/ });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText("use Export or the audit log for the rest");
    // The header counts the whole tab, as the notice does, not the 1,000 rows shown.
    await expect(page.getByRole("status").filter({ hasText: /^Demo Org/ })).toContainText(
      /· 1,0[1-9]\d cancelled/,
    );
    expect(await sideways(page), mode.tag).toBe("");
    await page.screenshot({ path: `${SHOTS}/ledger-truncated-${mode.tag}.png` });
    if (mode.tag === "390-dark") await a11y(page, "truncated ledger tab, 390 px dark", { exclude: "header" });

    await page.goto("/audit");
    const log = page.getByRole("region", { name: "Audit log" });
    await expect(page.getByText("More than 1,000 rows")).toBeVisible();
    // Table rows from lg up, cards below.
    await expect(log.getByRole(mode.width >= 1024 ? "row" : "listitem").nth(1)).toBeVisible();
    const next = page.getByRole("button", { name: "Next" });
    await expect(next).toBeEnabled();
    expect(await sideways(page), mode.tag).toBe("");
    await page.screenshot({ path: `${SHOTS}/audit-capped-${mode.tag}.png` });
    await next.click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByRole("button", { name: "Previous" })).toBeEnabled();
    // Page 2 is shown from its top (Next is under the rows; the page stayed scrolled to its end).
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeInViewport();
    await page.screenshot({ path: `${SHOTS}/audit-capped-page2-${mode.tag}.png` });
    if (mode.tag === "390-dark")
      await a11y(page, "audit past 1,000 rows, 390 px dark", { exclude: "header" });
  }
});
