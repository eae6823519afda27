// The first row of a big org (issue 18 item 3), for `npm run bench`: at each size (BENCH_FIRST_ROW_SIZES, default
// 1,000, 10,000 and 50,000 extra pending invitations) Chromium's first row and whole list, and beside them,
// without a browser, the console's stream (first rows line, end) and the same Atlas calls sent directly (the
// first page alone: the first row's floor; every page at once: the whole list's floor).
import { performance } from "node:perf_hooks";
import type { Browser } from "@playwright/test";
import { listInBrowser, signedInContext } from "./browser";
import { atlasCallsOf, atlasToken, directCall, getJson, quantile, sequential } from "./load";
import type { BrowserRun } from "./report";
import { ORG_ID } from "./stack";

export const FIRST_ROW_SIZES = (process.env.BENCH_FIRST_ROW_SIZES ?? "1000,10000,50000")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 0);

/** Page loads per size (median), and keystroke rounds (8 keys each) after the last load. */
const LOADS = Number(process.env.BENCH_FIRST_ROW_LOADS ?? 3);

/** The streamed list read in Node as the browser would: ms to its first rows line and to its end line. */
export async function streamAlone(
  consoleUrl: string,
  cookie: string,
): Promise<{ firstRows: number; end: number }> {
  const t0 = performance.now();
  const res = await fetch(`${consoleUrl}/api/orgs/${ORG_ID}/invitations?stream=ndjson`, {
    headers: { cookie },
  });
  if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`);
  const decoder = new TextDecoder();
  let firstRows = 0;
  let tail = "";
  for await (const chunk of res.body) {
    const text = tail + decoder.decode(chunk, { stream: true });
    if (!firstRows && text.includes('{"rows":')) firstRows = performance.now() - t0;
    tail = text.slice(-64);
  }
  if (!tail.includes('{"end":')) throw new Error(`stream did not end with its count: …${tail}`);
  return { firstRows, end: performance.now() - t0 };
}

/**
 * One size: `loads` page loads in Chromium (first row, whole list, where the first row's time goes), then the
 * list without a browser (console stream and JSON answer, direct first page and all pages), medians of 3.
 */
export async function firstRowAt(
  browser: Browser,
  consoleUrl: string,
  cookie: string,
  simUrl: string,
  extra: number,
  log: (s: string) => void,
): Promise<BrowserRun> {
  const context = await signedInContext(browser, consoleUrl, cookie);
  try {
    log(`browser: ${extra.toLocaleString("en")} extra invitations, ${LOADS} loads`);
    // 50,000: one round of keystrokes (the keystroke goal is set at 10,000).
    const b = await listInBrowser(context, consoleUrl, LOADS, extra > 10_000 ? 1 : 3);
    log(`${extra.toLocaleString("en")}: the list without a browser, and its Atlas calls sent directly`);
    const h = { cookie };
    const json = getJson(`${consoleUrl}/api/orgs/${ORG_ID}/invitations`, h);
    const calls = await atlasCallsOf(simUrl, json);
    const token = await atlasToken(simUrl);
    // The console asks for page 1 first (Atlas's count), then the rest four at a time.
    const firstPage = directCall(simUrl, token, calls.slice(0, 1));
    const allPages = directCall(simUrl, token, calls);
    const stream: { firstRows: number; end: number }[] = [];
    const jsonMs: number[] = [];
    const firstPageMs: number[] = [];
    const allPagesMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      stream.push(await streamAlone(consoleUrl, cookie));
      jsonMs.push(...(await sequential(json, 1)));
      firstPageMs.push(...(await sequential(firstPage, 1)));
      allPagesMs.push(...(await sequential(allPages, 1)));
    }
    const parts = b.listRequestMs;
    const median = (xs: number[]) => quantile(xs, 0.5);
    return {
      rows: b.rows,
      extra,
      firstRowMs: { median: median(b.firstRowMs), all: b.firstRowMs },
      wholeListMs: { median: median(b.wholeListMs), all: b.wholeListMs },
      ...(parts.length
        ? {
            firstRowParts: {
              requestSent: median(parts.map((t) => t.sent)),
              server: median(parts.map((t) => t.firstByte - t.sent)),
              browserAfterAnswer: median(parts.map((t) => t.firstRow - t.firstByte)),
            },
          }
        : {}),
      listAloneMs: { console: median(jsonMs), direct: median(allPagesMs) },
      streamAloneMs: {
        firstRows: median(stream.map((s) => s.firstRows)),
        end: median(stream.map((s) => s.end)),
        directFirstPage: median(firstPageMs),
        atlasCalls: calls.length,
      },
      keystrokeMs: {
        median: median(b.keystrokeMs),
        worst: Math.max(...b.keystrokeMs),
        samples: b.keystrokeMs.length,
      },
    };
  } finally {
    await context.close();
  }
}
