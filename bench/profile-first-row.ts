/* eslint-disable @typescript-eslint/no-explicit-any -- timing entries read from the page as JSON */
// `node --conditions=react-server --import tsx bench/profile-first-row.ts` (after `npx next build`): where the
// invitations page's first row spends its time in Chromium, EXTRA (default 1,000) extra invitations, LOADS
// loads: navigation timing (first byte, HTML done, DOM interactive, DOMContentLoaded), the scripts, the list
// request and the first row, each in ms since navigation start (median of the loads). CPU=1 adds the last load's
// Chromium CPU profile (self time by script and function) up to the whole list.
import { writeFileSync } from "node:fs";
import { wholeList, withSignedInBrowser, NAVIGATE } from "./browser";
import { quantile } from "./load";
import { ORG_ID } from "./stack";

const extra = Number(process.env.EXTRA ?? 1_000);
const loads = Number(process.env.LOADS ?? 5);
const cpu = process.env.CPU === "1";

interface CpuNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** Self time of a Chromium CPU profile by script and by function (top 25 each). */
function summarize(profile: { nodes: CpuNode[]; samples?: number[]; timeDeltas?: number[] }) {
  writeFileSync(process.env.CPU_OUT ?? "/tmp/first-row.cpuprofile", JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byScript = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let k = 0; k < samples.length; k++) {
    const f = byId.get(samples[k]!)!.callFrame;
    const us = deltas[k] ?? 0;
    const script = f.url ? new URL(f.url).pathname.split("/").pop()! : "(native)";
    byScript.set(script, (byScript.get(script) ?? 0) + us);
    const fn = `${f.functionName || "(anonymous)"} ${script}:${f.lineNumber}:${f.columnNumber}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  for (const [title, map] of [
    ["self time by script", byScript],
    ["self time by function", byFunction],
  ] as const) {
    console.log(`\n${title} (last load, ms):`);
    for (const [k, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`${(us / 1000).toFixed(0).padStart(7)}  ${k}`);
  }
}
await withSignedInBrowser(extra, async (context, consoleUrl) => {
  const marks = new Map<string, number[]>();
  const add = (k: string, v: number) => marks.set(k, [...(marks.get(k) ?? []), v]);
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    // CPU=1: the last load under Chromium's sampling profiler, its main thread's self time by script and by
    // function printed below (and the .cpuprofile written to CPU_OUT, default /tmp/first-row.cpuprofile).
    const cdp = cpu && i === loads - 1 ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
      await cdp.send("Profiler.start");
    }
    await page.goto(`${consoleUrl}/orgs/${ORG_ID}/invitations`, NAVIGATE);
    await page.waitForFunction(() => (window as any).__bench.firstRow > 0, null, { timeout: 60_000 });
    await wholeList(page).catch(async (e: unknown) => {
      // The header's state when the whole list never came (an error state, or still loading).
      console.log(await page.locator('[role="status"]').allTextContents());
      throw e;
    });
    if (cdp) summarize((await cdp.send("Profiler.stop")).profile);
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
    console.log(
      `${Math.round(quantile(v, 0.5)).toString().padStart(6)} ms  ${k}  (each load: ${v.map((x) => Math.round(x)).join(", ")})`,
    );
});
