// Every page from a 360 px phone to a 1920 px screen: no sideways scrolling, a visible focus indicator on
// every control reached with Tab, and no serious or critical axe violation (pages and dialogs, phone width
// included). Pages are checked one test each, so a failure names the page.
import type { Browser, Page } from "@playwright/test";
import { a11yViolations, expect, test } from "./fixtures";
import { ORG_ID } from "./support/atlas";
import { adminApi, createUser, signInUI, signedInContext } from "./support/auth";

const WIDTHS = [360, 390, 768, 1280, 1920] as const;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

const SIGNED_IN_PAGES = [
  { name: "invitations", path: `/orgs/${ORG_ID}/invitations` },
  { name: "audit", path: "/audit" },
  { name: "users", path: "/users" },
  { name: "connections", path: "/connections" },
  { name: "account", path: "/account" },
] as const;

test.beforeAll(async ({ sim }) => {
  await sim.reset();
});

/** Waits until the page's data has arrived: no request in flight, no skeleton or busy region left. */
async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** How far the page scrolls sideways at each width (0 everywhere is the goal). */
async function overflowByWidth(page: Page, path: string): Promise<string[]> {
  const problems: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 768 ? 844 : 900 });
    await page.goto(path);
    await settle(page);
    const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
      const inner = window.innerWidth;
      // The widest element that sticks out, to say what to fix.
      let worst = "";
      let worstRight = inner;
      for (const el of Array.from(document.body.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.right > worstRight + 0.5 && r.width > 0) {
          worstRight = r.right;
          worst = `${el.tagName.toLowerCase()}.${String(el.getAttribute("class") ?? "").slice(0, 60)}`;
        }
      }
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: inner,
        widest: worst ? `${worst} reaches ${Math.round(worstRight)} px` : "",
      };
    });
    if (scrollWidth > innerWidth) problems.push(`${width} px: page is ${scrollWidth} px wide (${widest})`);
  }
  return problems;
}

/**
 * Tabs through the page (at most `limit` stops) and returns every focused element whose focus indicator is
 * missing, thinner than 2 px, transparent, or below 3:1 against the colour around it (WCAG 2.4.7, 1.4.11).
 */
async function weakFocusIndicators(page: Page, limit = 40, fromStart = true): Promise<string[]> {
  const weak = new Set<string>();
  // From the top of the document (pages), or from where focus is (an open dialog traps it).
  if (fromStart) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const report = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      // Back at an element already checked: Tab has gone all the way round.
      if (el.dataset.focusChecked) return { name: "", problem: null, wrapped: true };
      el.dataset.focusChecked = "1";
      const canvas = document.createElement("canvas");
      canvas.width = canvas.height = 1;
      const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
      // Any CSS colour (oklch, color-mix…) → sRGB through the canvas.
      const rgba = (css: string) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = "#000";
        ctx.fillStyle = css;
        ctx.fillRect(0, 0, 1, 1);
        const d = ctx.getImageData(0, 0, 1, 1).data;
        return [d[0]!, d[1]!, d[2]!, d[3]! / 255] as const;
      };
      const lum = ([r, g, b]: readonly number[]) => {
        const c = [r!, g!, b!].map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
      };
      const contrast = (a: readonly number[], b: readonly number[]) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
        return (x! + 0.05) / (y! + 0.05);
      };
      // The colour behind the element: the first ancestor with an opaque background.
      let bg: readonly number[] = [255, 255, 255, 1];
      for (let p = el.parentElement; p; p = p.parentElement) {
        const c = rgba(getComputedStyle(p).backgroundColor);
        if (getComputedStyle(p).backgroundColor !== "rgba(0, 0, 0, 0)" && c[3] > 0.9) {
          bg = c;
          break;
        }
      }
      const style = getComputedStyle(el);
      const name =
        `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"` +
        (el.id ? `#${el.id}` : "");
      const outlineWidth = parseFloat(style.outlineWidth);
      const shadow = style.boxShadow;
      if (style.outlineStyle !== "none" && outlineWidth >= 2) {
        const color = rgba(style.outlineColor);
        if (color[3] < 0.9) return { name, problem: `outline colour ${style.outlineColor}` };
        const ratio = contrast(color, bg);
        if (ratio < 3) return { name, problem: `outline contrast ${ratio.toFixed(2)}:1` };
        return { name, problem: null };
      }
      if (shadow && shadow !== "none" && /\b([2-9]|\d\d)px\b/.test(shadow)) return { name, problem: null };
      return { name, problem: `no focus indicator (outline ${style.outlineStyle} ${style.outlineWidth})` };
    });
    if (!report) continue;
    if ("wrapped" in report) break;
    if (report.problem) weak.add(`${report.name}: ${report.problem}`);
  }
  return [...weak];
}

/** Accessibility and focus in both themes at phone and desktop width. */
async function a11yEverywhere(page: Page, path: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      await page.goto(path);
      await settle(page);
      const where = `${scheme} ${viewport.width} px`;
      for (const v of await a11yViolations(page)) problems.push(`${where} axe ${v}`);
      for (const f of await weakFocusIndicators(page)) problems.push(`${where} focus ${f}`);
    }
  }
  return problems;
}

for (const p of SIGNED_IN_PAGES) {
  test(`${p.name}: no sideways scroll at ${WIDTHS.join(", ")} px`, async ({ page }) => {
    expect(await overflowByWidth(page, p.path)).toEqual([]);
  });

  test(`${p.name}: visible focus and no serious axe violation, phone and desktop, light and dark`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    expect(await a11yEverywhere(page, p.path)).toEqual([]);
  });
}

async function anonymousPage(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

test("sign-in: no sideways scroll, visible focus, no serious axe violation", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const { context, page } = await anonymousPage(browser, baseURL);
  expect(await overflowByWidth(page, "/sign-in")).toEqual([]);
  expect(await a11yEverywhere(page, "/sign-in")).toEqual([]);
  await context.close();
});

test("two-factor setup (a new admin's first sign-in): no sideways scroll, focus, axe", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const admin = await createUser(baseURL!, "admin");
  const { context, page } = await anonymousPage(browser, baseURL);
  await signInUI(page, admin.email, admin.password);
  await expect(page).toHaveURL(/\/two-factor\/setup/);
  expect(await overflowByWidth(page, "/two-factor/setup")).toEqual([]);
  expect(await a11yEverywhere(page, "/two-factor/setup")).toEqual([]);
  await context.close();
});

test("dialogs and the header menu at phone width: focus stays visible, no serious axe violation", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const problems: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize(PHONE);
    await page.goto(`/orgs/${ORG_ID}/invitations`);
    await settle(page);

    // Header menu: pages, theme, Sign out, reachable at 390 px.
    await page.getByRole("button", { name: "Menu" }).click();
    const menu = page.getByRole("dialog", { name: "Menu" });
    await expect(menu.getByRole("link", { name: "Users" })).toBeVisible();
    await expect(menu.getByRole("button", { name: "Sign out" })).toBeInViewport();
    for (const v of await a11yViolations(page)) problems.push(`${scheme} menu axe ${v}`);
    for (const f of await weakFocusIndicators(page, 12, false)) problems.push(`${scheme} menu focus ${f}`);
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Invite people" }).click();
    const dialog = page.getByRole("dialog", { name: /Invite people/ });
    await expect(dialog).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    for (const v of await a11yViolations(page)) problems.push(`${scheme} invite axe ${v}`);
    for (const f of await weakFocusIndicators(page, 30, false)) problems.push(`${scheme} invite focus ${f}`);
    await page.keyboard.press("Escape");

    await page
      .getByRole("button", { name: /^Cancel invitation for / })
      .first()
      .click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    for (const v of await a11yViolations(page)) problems.push(`${scheme} cancel axe ${v}`);
    for (const f of await weakFocusIndicators(page, 6, false)) problems.push(`${scheme} cancel focus ${f}`);
    await page.keyboard.press("Escape");
  }
  expect(problems).toEqual([]);
});

// Issue 15 (5): what a new user met at 390 and 1280 px.

const LIST = `/orgs/${ORG_ID}/invitations`;
const listRegion = (page: Page) => page.getByRole("region", { name: "Pending invitations" });

/** Invites one address through the API as the demo admin; returns its invitation id. */
async function inviteByApi(baseURL: string, email: string): Promise<string> {
  const api = await adminApi(baseURL);
  const res = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
    data: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const id = (await res.json()).results[0].invitation.id as string;
  await api.dispose();
  return id;
}

test("demo banner: an inviter sees it too, inside the header landmark (axe region rule)", async ({
  browser,
  baseURL,
  a11y,
}) => {
  const inviter = await createUser(baseURL!, "inviter");
  const { context, page } = await signedInContext(browser, baseURL!, inviter.email, inviter.password);
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    await page.goto(LIST);
    await settle(page);
    const banner = page.getByRole("banner").getByRole("note", { name: "Demo mode" });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Atlas simulator");
    await a11y(page, `region at ${viewport.width} px`, { rules: ["region"] });
  }
  await context.close();
});

test("disabled actions say why in visible text, not only in a title: list, drawer, connections, account", async ({
  browser,
  baseURL,
}) => {
  const viewer = await createUser(baseURL!, "viewer");
  const { context, page } = await signedInContext(browser, baseURL!, viewer.email, viewer.password);
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    await page.goto(LIST);
    await settle(page);
    // Beside "Invite people" (Sync now may say the same beside itself).
    const reason = page.locator("#invitation-actions-refused");
    await expect(reason).toHaveText("Your console role (viewer) cannot do this; it takes inviter or admin.");
    await expect(reason).toBeVisible();
    await expect(page.getByRole("button", { name: "Invite people" })).toHaveAccessibleDescription(
      /cannot do this/,
    );
    const cancel = page.getByRole("button", { name: /^Cancel invitation for / }).first();
    await expect(cancel).toBeDisabled();
    await expect(cancel).toHaveAccessibleDescription(/cannot do this; it takes inviter or admin/);
    expect(await page.locator("button[disabled][title]").count()).toBe(0);
  }
  // The drawer's actions: the reason under its buttons.
  await page
    .getByRole("button", { name: /^Details of the invitation for / })
    .first()
    .click();
  const drawer = page.getByRole("dialog");
  await expect(drawer.getByRole("button", { name: "Cancel invitation" })).toBeDisabled();
  await expect(drawer.getByText(/cannot do this; it takes inviter or admin/)).toBeVisible();
  await expect(drawer.getByRole("button", { name: "Cancel invitation" })).toHaveAccessibleDescription(
    /cannot do this/,
  );
  await page.keyboard.press("Escape");

  await page.goto("/connections");
  await settle(page);
  await expect(page.getByText(/cannot do this; it takes admin/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Add connection" }).first()).toHaveAccessibleDescription(
    /it takes admin/,
  );
  expect(await page.locator("button[disabled][title]").count()).toBe(0);

  // A state, not a role: signed in nowhere else, so there is no other session to end.
  await page.goto("/account");
  await settle(page);
  const endOthers = page.getByRole("button", { name: "End all other sessions" });
  await expect(endOthers).toBeDisabled();
  await expect(endOthers).toHaveAccessibleDescription("You are signed in nowhere else.");
  await expect(page.getByText("You are signed in nowhere else.")).toBeVisible();
  await context.close();
});

test("the signed-in admin's own row on Users says in the row why it cannot be changed", async ({ page }) => {
  await page.goto("/users");
  await settle(page);
  const own = page.getByText(/You cannot change your own role or deactivate yourself/);
  await expect(own).toBeVisible();
  await expect(
    page.getByRole("button", { name: /^Deactivate admin@demo\.local/ }),
  ).toHaveAccessibleDescription(/cannot change your own role/);
});

test("a rate-limited list: the message and the Retry button count the same seconds", async ({
  page,
  sim,
}) => {
  const path = `/api/atlas/v2/orgs/${ORG_ID}/users`;
  await sim.fault({ method: "GET", path, status: 429, retryAfter: 40, times: 1000 });
  try {
    await page.goto(LIST);
    const panel = page.getByRole("alert").filter({ hasText: "The invitations could not be loaded" });
    await expect(panel).toBeVisible({ timeout: 15_000 });
    const retry = panel.getByRole("button", { name: /^Retry in \d+ s$/ });
    // Read both at once, several seconds apart: the same number every time.
    for (let i = 0; i < 3; i++) {
      const [message, button] = await panel.evaluate((el) => [
        el.textContent?.match(/retry in (\d+) s/)?.[1],
        el.querySelector("button")?.textContent?.match(/Retry in (\d+) s/)?.[1],
      ]);
      expect(message).toBeDefined();
      expect(message).toBe(button);
      if (i < 2) await expect(retry).not.toHaveText(`Retry in ${button} s`, { timeout: 3_000 });
    }
  } finally {
    await sim.clearFaults();
  }
});

test("Atlas rejecting the credentials: admins get a link to the connections, others are told to ask an admin", async ({
  page,
  browser,
  baseURL,
  sim,
}) => {
  const path = `/api/atlas/v2/orgs/${ORG_ID}/users`;
  await sim.fault({ method: "GET", path, status: 401, times: 1000 });
  const inviter = await createUser(baseURL!, "inviter");
  try {
    await page.goto(LIST);
    const panel = page.getByRole("alert").filter({ hasText: "The invitations could not be loaded" });
    await expect(panel).toContainText("Atlas rejected the credentials", { timeout: 15_000 });
    await expect(panel.getByRole("link", { name: "Check the connection" })).toHaveAttribute(
      "href",
      "/connections",
    );

    const { context, page: other } = await signedInContext(
      browser,
      baseURL!,
      inviter.email,
      inviter.password,
    );
    await other.goto(LIST);
    const theirs = other.getByRole("alert").filter({ hasText: "The invitations could not be loaded" });
    await expect(theirs).toContainText("Ask an admin to check the Atlas connection.", { timeout: 15_000 });
    await expect(theirs.getByRole("link", { name: "Check the connection" })).toHaveCount(0);
    await context.close();
  } finally {
    await sim.clearFaults();
  }
});

test("a cancel Atlas refuses with 401: the confirmation says what to do next (the connection)", async ({
  page,
  baseURL,
  sim,
}) => {
  const email = `cancel-401-${Date.now().toString(36)}@demo-corp.example`;
  await inviteByApi(baseURL!, email);
  await sim.fault({ method: "DELETE", path: `/api/atlas/v2/orgs/${ORG_ID}/*`, status: 401, times: 1000 });
  try {
    await page.goto(LIST);
    await page.getByLabel("Search by e-mail").fill(email);
    await page.getByRole("button", { name: `Cancel invitation for ${email}` }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByRole("button", { name: "Cancel invitation" }).click();
    await expect(dialog.getByRole("alert")).toContainText("Atlas rejected the credentials", {
      timeout: 15_000,
    });
    await expect(dialog.getByRole("link", { name: "Check the connection" })).toHaveAttribute(
      "href",
      "/connections",
    );
  } finally {
    await sim.clearFaults();
  }
});

test("a connection that served an org says Working and when it was last used, tested or not", async ({
  page,
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  expect((await api.post(`/api/orgs/${ORG_ID}/ledger/sync`)).status()).toBe(200);
  await api.dispose();
  await page.goto("/connections");
  await settle(page);
  const card = page.getByRole("article", { name: /Atlas \(from environment\)/ });
  await expect(card).toContainText("Working");
  await expect(card).toContainText("Last used");
  await expect(card).toContainText(/invitation sync of Demo Org/);
  await expect(card).not.toContainText("Not tested");
});

test("1280 px: e-mail, inviter and dates are not cut; project roles take what is left", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(LIST);
  await settle(page);
  const width = async (name: RegExp) =>
    (await listRegion(page).getByRole("columnheader", { name }).boundingBox())!.width;
  expect(await width(/^E-mail/)).toBeGreaterThanOrEqual(280);
  expect(await width(/^Invited by/)).toBeGreaterThanOrEqual(160);
  expect(await width(/^Invited$/)).toBeGreaterThanOrEqual(100);
  expect(await width(/^Expires/)).toBeGreaterThanOrEqual(115);
  expect(await width(/^Project roles/)).toBeLessThan(await width(/^E-mail/));
  // No address of up to 32 characters, no inviter and no date is cut in the rows on screen.
  const cut = await listRegion(page).evaluate((region) => {
    const out: string[] = [];
    for (const row of Array.from(region.querySelectorAll("tbody tr[aria-rowindex]"))) {
      // Inviters and admins have a selection checkbox first: the columns start after it.
      const all = Array.from(row.querySelectorAll("td"));
      const cells = all.slice(all.findIndex((td) => td.dataset.column === "email"));
      const email = cells[0]?.querySelector("button");
      if (email && email.textContent!.length <= 32 && email.scrollWidth > email.clientWidth + 1)
        out.push(`e-mail ${email.textContent}`);
      for (const i of [4, 5, 6]) {
        for (const el of Array.from(cells[i]?.querySelectorAll(".truncate, time") ?? [])) {
          const e = el as HTMLElement;
          if (e.scrollWidth > e.clientWidth + 1) out.push(`column ${i}: ${e.textContent}`);
        }
      }
    }
    return out;
  });
  expect(cut).toEqual([]);
});

test("a row sent just now reads 'just now' even when this browser's clock is behind the server's", async ({
  page,
  baseURL,
}) => {
  const email = `just-now-${Date.now().toString(36)}@demo-corp.example`;
  await inviteByApi(baseURL!, email);
  // This browser runs 20 s behind: the row's creation time is in its future.
  await page.clock.setFixedTime(Date.now() - 20_000);
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await page.goto(LIST);
    await page.getByLabel("Search by e-mail").fill(email);
    const row = listRegion(page).getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) });
    await expect(row).toContainText("just now");
    await expect(row).not.toContainText("in less than a minute");
  }
});

test("the open drawer is in the URL: a pasted link opens it, and Copy link copies that link", async ({
  page,
  baseURL,
}) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.goto(LIST);
  await settle(page);
  const opener = page.getByRole("button", { name: /^Details of the invitation for / }).first();
  const email = (await opener.textContent())!.trim();
  await opener.click();
  const drawer = page.getByRole("dialog", { name: email });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(/[?&]invitation=/);
  await drawer.getByRole("button", { name: "Copy link" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());

  // The link, pasted into a new tab, opens the same details.
  const pasted = await page.context().newPage();
  await pasted.goto(copied);
  await expect(pasted.getByRole("dialog", { name: email })).toBeVisible();
  await pasted.close();

  // Closing the drawer takes it out of the URL.
  await drawer.getByRole("button", { name: "Close", exact: true }).click();
  await expect(page).not.toHaveURL(/[?&]invitation=/);
});

test("phone: filters wait behind a Filters button, and the page is the only scroller", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto(LIST);
  await settle(page);
  const toolbar = page.getByRole("search", { name: "Filter invitations" });
  // One row: the search box and the button (it took ~210 px of filters before the first card).
  expect((await toolbar.boundingBox())!.height).toBeLessThanOrEqual(48);
  await expect(page.getByLabel("Org role")).toBeHidden();
  const first = listRegion(page).locator("tbody tr[aria-rowindex]").first();
  await expect(first).toBeInViewport();

  const filters = toolbar.getByRole("button", { name: "Filters", exact: true });
  await expect(filters).toHaveAttribute("aria-expanded", "false");
  await filters.click();
  await expect(filters).toHaveAttribute("aria-expanded", "true");
  await page.getByLabel("Org role").selectOption("ORG_MEMBER");
  await expect(toolbar.getByRole("button", { name: "Filters (1)" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);

  // No scroll box inside the scrolling page: the list grows with its rows and #main scrolls.
  const region = listRegion(page);
  expect(await region.evaluate((el) => getComputedStyle(el).overflowY)).toBe("visible");
  expect(await region.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
  const main = page.locator("#main");
  expect(await main.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
});

test("phone: a long hyphenated address in a dialog title wraps at the line's edge, not at its hyphen", async ({
  page,
  baseURL,
}) => {
  const email = `marie-claire.dubois-longname-${Date.now().toString(36)}@demo-corp-subsidiary.example`;
  await inviteByApi(baseURL!, email);
  await page.setViewportSize(PHONE);
  await page.goto(LIST);
  await page.getByLabel("Search by e-mail").fill(email);
  await page.getByRole("button", { name: `Cancel invitation for ${email}` }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toBeVisible();
  // Every line of the address but the last ends at the title's right edge (a break at a hyphen ends early).
  const gaps = await dialog.locator("h2 span").evaluate((span) => {
    const right = span.closest("h2")!.getBoundingClientRect().right;
    const rects = Array.from(span.getClientRects());
    return rects.slice(0, -1).map((r) => Math.round(right - r.right));
  });
  expect(gaps.length).toBeGreaterThan(0);
  for (const gap of gaps) expect(gap).toBeLessThan(20);
  await page.keyboard.press("Escape");
});
