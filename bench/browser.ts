// Chromium measurements of `npm run bench` (Debian's /usr/bin/chromium through Playwright): first-load JS of
// the invitations page, time to its first data row, and search keystroke → painted list.
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { chromiumLaunchOptions } from "../scripts/chromium.mjs";
import { ORG_ID, signIn, startConsole, startSim } from "./stack";

const LIST = `/orgs/${ORG_ID}/invitations`;
const REGION = '[role="region"][aria-label="Pending invitations"]';

// Installed before any page script: the time of the first data row (a row with an e-mail) and, per
// keystroke, the keydown's timestamp and the first painted frame after the list region changed.
const INSTRUMENT = `(() => {
  const w = window;
  w.__bench = { firstRow: 0, complete: 0, t0: 0, painted: 0, armed: false };
  const b = w.__bench;
  const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
  const poll = () => {
    // Any cell of a row: the first one is a selection checkbox for those who may run bulk actions.
    const cell = [...document.querySelectorAll('${REGION} tbody tr td')].find((td) => (td.textContent || "").includes("@"));
    if (cell) { b.firstRow = performance.now(); watch(); whole(); return; }
    requestAnimationFrame(poll);
  };
  // The whole list: the header counts it ("10,035 pending"), which it does only once every page is in.
  const whole = () => {
    const counted = [...document.querySelectorAll('[role="status"]')].some((e) => /[0-9] pending/.test(e.textContent || ""));
    if (counted) { b.complete = performance.now(); return; }
    requestAnimationFrame(whole);
  };
  // The observer is attached to the region as it is at each keydown: React may replace the region between two
  // keystrokes, and an observer on the old one would never fire (most keystrokes were missed that way).
  const observer = new MutationObserver(() => {
    if (!b.armed) return;
    b.armed = false;
    afterPaint(() => { b.painted = performance.now(); });
  });
  const watch = () => {
    observer.disconnect();
    const region = document.querySelector('${REGION}');
    if (region) observer.observe(region, { subtree: true, childList: true, characterData: true });
  };
  addEventListener("keydown", (e) => { watch(); b.t0 = e.timeStamp; b.painted = 0; b.armed = true; }, true);
  requestAnimationFrame(poll);
})();`;

/**
 * How the bench opens the page: until its HTML is parsed, not its load event. The page preloads the streamed
 * list, and a preload holds the load event until it has ended: at 50,000 invitations that is the whole list,
 * longer than page.goto's 30 s under load (the first row is waited for on its own, below).
 */
export const NAVIGATE = { waitUntil: "domcontentloaded", timeout: 120_000 } as const;

export interface BrowserFigures {
  rows: number;
  firstRowMs: number[];
  /** Per load: the whole list counted in the header (ms since navigation start). */
  wholeListMs: number[];
  /** Per load with a timing entry: the list's API request left, its first bytes came (the stream's head line,
   * sent once Atlas's first page is in), its answer ended, the first row showed (ms since navigation start). */
  listRequestMs: { sent: number; firstByte: number; answered: number; firstRow: number }[];
  keystrokeMs: number[];
}

/** The Chromium and flags of the e2e suites (scripts/chromium.mjs). */
export async function launch(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}

export async function signedInContext(browser: Browser, consoleUrl: string, cookie: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies(
    cookie.split("; ").map((c) => {
      const i = c.indexOf("=");
      return { name: c.slice(0, i), value: c.slice(i + 1), url: consoleUrl };
    }),
  );
  await context.addInitScript(INSTRUMENT);
  return context;
}

/** Every script the invitations page loads (cold cache), each gzip -6 as a server would send it. */
export async function firstLoadJs(context: BrowserContext, consoleUrl: string) {
  const page = await context.newPage();
  const scripts = new Map<string, number>();
  const reads: Promise<void>[] = [];
  page.on("response", (res) => {
    if (res.request().resourceType() !== "script") return;
    reads.push(
      res
        .body()
        .then((body) => void scripts.set(res.url(), gzipSync(body, { level: 6 }).length))
        .catch(() => undefined),
    );
  });
  await page.goto(`${consoleUrl}${LIST}`, NAVIGATE);
  await page.waitForFunction(
    () => (window as unknown as { __bench: { firstRow: number } }).__bench.firstRow > 0,
    null,
    {
      timeout: 60_000,
    },
  );
  await page.waitForLoadState("networkidle");
  await Promise.all(reads);
  await page.close();
  const sizes = [...scripts.entries()].sort((a, b) => b[1] - a[1]);
  return {
    kB: sizes.reduce((s, [, n]) => s + n, 0) / 1000,
    scripts: sizes.length,
    largest: sizes
      .slice(0, 30)
      .map(([u, n]) => ({ script: new URL(u).pathname, kB: +(n / 1000).toFixed(1) })),
  };
}

/** When the header counted the whole list (the list streams: its first rows show before). */
export async function wholeList(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window as unknown as { __bench: { complete: number } }).__bench.complete || false,
    null,
    { timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

const KEYS = ["1", "2", "3", "4", "Backspace", "Backspace", "Backspace", "Backspace"];

/** `loads` page loads to the first data row, then `rounds` × 8 search keystrokes measured to the painted list. */
export async function listInBrowser(
  context: BrowserContext,
  consoleUrl: string,
  loads: number,
  rounds: number,
): Promise<BrowserFigures> {
  const firstRowMs: number[] = [];
  const wholeListMs: number[] = [];
  const listRequestMs: BrowserFigures["listRequestMs"] = [];
  const keystrokeMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    await page.goto(`${consoleUrl}${LIST}`, NAVIGATE);
    await page.waitForFunction(
      () => (window as unknown as { __bench: { firstRow: number } }).__bench.firstRow > 0,
      null,
      {
        timeout: 60_000,
      },
    );
    const firstRow = await page.evaluate(
      () => (window as unknown as { __bench: { firstRow: number } }).__bench.firstRow,
    );
    firstRowMs.push(firstRow);
    wholeListMs.push(await wholeList(page));
    // Where the first row's time goes: the page until the list's request leaves (HTML, scripts, hydration),
    // the console's answer, then parsing and rendering in the browser.
    const timing = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType("resource")
        .find((e) => /\/api\/orgs\/[^/]+\/invitations$/.test(new URL(e.name).pathname)) as
        PerformanceResourceTiming | undefined;
      if (!entry) return null;
      const sent = entry.requestStart || entry.startTime;
      return { sent, firstByte: entry.responseStart || sent, answered: entry.responseEnd };
    });
    if (timing) listRequestMs.push({ ...timing, firstRow });
    if (i < loads - 1) {
      await page.close();
      continue;
    }
    rows =
      Number(
        (await page
          .locator(`${REGION} table`)
          .getAttribute("aria-rowcount")
          .catch(() => "1")) ?? 1,
      ) - 1;
    const search = page.getByLabel("Search by e-mail");
    await search.focus();
    await page.waitForTimeout(500);
    for (let r = 0; r < rounds; r++) {
      for (const key of KEYS) {
        await page.keyboard.press(key);
        const ms = await page
          .waitForFunction(
            () => {
              const b = (window as unknown as { __bench: { painted: number; t0: number } }).__bench;
              return b.painted > 0 ? b.painted - b.t0 : false;
            },
            null,
            { timeout: 10_000, polling: 20 },
          )
          .then((h) => h.jsonValue() as Promise<number>)
          .catch(() => NaN);
        if (Number.isFinite(ms)) keystrokeMs.push(ms);
        // Past the URL write (components/invitations/use-list-params.ts debounces it 250 ms) before the next key.
        await page.waitForTimeout(400);
      }
    }
    await page.close();
  }
  return { rows, firstRowMs, wholeListMs, listRequestMs, keystrokeMs };
}

/**
 * For the profiling scripts: the simulator with `extra` pending invitations, the built console and Chromium with
 * a signed-in context (the bench's instrumentation installed); all stopped once `work` is done.
 */
export async function withSignedInBrowser(
  extra: number,
  work: (context: BrowserContext, consoleUrl: string) => Promise<void>,
): Promise<void> {
  const sim = await startSim(extra);
  const con = await startConsole(sim.url);
  const browser = await launch();
  try {
    const cookie = await signIn(con.url);
    await work(await signedInContext(browser, con.url, cookie), con.url);
  } finally {
    await browser.close();
    await con.stop();
    await sim.stop();
  }
}
