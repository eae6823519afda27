// Every page from a 360 px phone to a 1920 px screen: no sideways scrolling, a visible focus indicator on
// every control reached with Tab, and no serious or critical axe violation (pages and dialogs, phone width
// included). Pages are checked one test each, so a failure names the page.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "@playwright/test";
import { ORG_ID, atlas } from "./support/atlas";
import { createUser, signInUI } from "./support/auth";

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

test.beforeAll(async () => {
  await atlas.reset();
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

async function seriousAxeViolations(page: Page, include?: string): Promise<string[]> {
  await page.waitForTimeout(300); // transitions and toasts settle
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
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
      for (const v of await seriousAxeViolations(page)) problems.push(`${where} axe ${v}`);
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
    for (const v of await seriousAxeViolations(page)) problems.push(`${scheme} menu axe ${v}`);
    for (const f of await weakFocusIndicators(page, 12, false)) problems.push(`${scheme} menu focus ${f}`);
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Invite people" }).click();
    const dialog = page.getByRole("dialog", { name: /Invite people/ });
    await expect(dialog).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    for (const v of await seriousAxeViolations(page)) problems.push(`${scheme} invite axe ${v}`);
    for (const f of await weakFocusIndicators(page, 30, false)) problems.push(`${scheme} invite focus ${f}`);
    await page.keyboard.press("Escape");

    await page
      .getByRole("button", { name: /^Cancel invitation for / })
      .first()
      .click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    for (const v of await seriousAxeViolations(page)) problems.push(`${scheme} cancel axe ${v}`);
    for (const f of await weakFocusIndicators(page, 6, false)) problems.push(`${scheme} cancel focus ${f}`);
    await page.keyboard.press("Escape");
  }
  expect(problems).toEqual([]);
});
