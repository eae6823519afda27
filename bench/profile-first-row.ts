/* eslint-disable @typescript-eslint/no-explicit-any -- timing entries read from the page as JSON */
// `node --conditions=react-server --import tsx bench/profile-first-row.ts` (after `npx next build`): where the
// invitations page's first row spends its time in Chromium, EXTRA (default 1,000) extra invitations, LOADS
// loads: navigation timing (first byte, HTML done, DOM interactive, DOMContentLoaded), the scripts, the list
// request and the first row, each in ms since navigation start (median of the loads).
import { wholeList, withSignedInBrowser } from "./browser";
import { quantile } from "./load";
import { ORG_ID } from "./stack";

const extra = Number(process.env.EXTRA ?? 1_000);
const loads = Number(process.env.LOADS ?? 5);
await withSignedInBrowser(extra, async (context, consoleUrl) => {
  const marks = new Map<string, number[]>();
  const add = (k: string, v: number) => marks.set(k, [...(marks.get(k) ?? []), v]);
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    await page.goto(`${consoleUrl}/orgs/${ORG_ID}/invitations`);
    await page.waitForFunction(() => (window as any).__bench.firstRow > 0, null, { timeout: 60_000 });
    await wholeList(page);
    const t = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const res = performance.getEntriesByType("resource");
      const scripts = res.filter((e) => e.initiatorType === "script" || /\\.js$/.test(new URL(e.name).pathname));
      const list = res.find((e) => /\\/api\\/orgs\\/[^/]+\\/invitations$/.test(new URL(e.name).pathname));
      const api = res.filter((e) => new URL(e.name).pathname.startsWith("/api/"));
      const paint = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
      return {
        "first byte": nav.responseStart,
        "HTML done": nav.responseEnd,
        "first contentful paint": paint ? paint.startTime : 0,
        "DOM interactive": nav.domInteractive,
        "DOMContentLoaded": nav.domContentLoadedEventEnd,
        "last script done": Math.max(...scripts.map((e) => e.responseEnd)),
        "first API request sent": Math.min(...api.map((e) => e.startTime)),
        "list request sent": list ? list.startTime : 0,
        "list answered": list ? list.responseEnd : 0,
        "load event": nav.loadEventEnd,
        "first row": window.__bench.firstRow,
        "whole list counted": window.__bench.complete,
        "list requests": res.filter((e) => /\\/api\\/orgs\\/[^/]+\\/invitations$/.test(new URL(e.name).pathname)).map((e) => e.initiatorType + " " + Math.round(e.startTime) + "→" + Math.round(e.responseEnd)).join(", "),
        "api requests before the list": api.filter((e) => list && e.startTime < list.startTime).map((e) => new URL(e.name).pathname + " " + Math.round(e.startTime) + "→" + Math.round(e.responseEnd)).join(", "),
      };
    })()`)) as Record<string, number | string>;
    for (const [k, v] of Object.entries(t)) {
      if (typeof v === "number") add(k, v);
      else if (i === loads - 1) console.log(`${k}: ${v}`);
    }
    await page.close();
  }
  for (const [k, v] of [...marks.entries()].sort((a, b) => quantile(a[1], 0.5) - quantile(b[1], 0.5)))
    console.log(`${Math.round(quantile(v, 0.5)).toString().padStart(6)} ms  ${k}`);
});
