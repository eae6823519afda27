/* eslint-disable @typescript-eslint/no-explicit-any -- trace events and timing entries read as JSON */
// `node --conditions=react-server --import tsx bench/trace-first-row.ts` (after `npx next build`): one load of
// the invitations page with EXTRA (default 1,000) extra invitations under Chromium's timeline trace: the main
// thread's top-level tasks up to the first row, in order, with what each did (script, timer, frame, layout,
// style, parse), so the gap between the list's answer and the first row can be named.
import { writeFileSync } from "node:fs";
import { withSignedInBrowser, NAVIGATE } from "./browser";
import { ORG_ID } from "./stack";

const extra = Number(process.env.EXTRA ?? 1_000);
const warm = Number(process.env.WARM ?? 2);

await withSignedInBrowser(extra, async (context, consoleUrl) => {
  for (let i = 0; i <= warm; i++) {
    const page = await context.newPage();
    const traced = i === warm;
    if (traced)
      await context.browser()!.startTracing(page, {
        categories: [
          "devtools.timeline",
          "disabled-by-default-devtools.timeline",
          "v8.execute",
          "blink.user_timing",
        ],
      });
    await page.goto(`${consoleUrl}/orgs/${ORG_ID}/invitations`, NAVIGATE);
    await page.waitForFunction(() => (window as any).__bench.firstRow > 0, null, { timeout: 60_000 });
    const firstRow = (await page.evaluate(() => (window as any).__bench.firstRow)) as number;
    const origin = (await page.evaluate(() => performance.timeOrigin)) as number;
    if (!traced) {
      await page.close();
      continue;
    }
    const buffer = await context.browser()!.stopTracing();
    writeFileSync(process.env.TRACE_OUT ?? "/tmp/first-row-trace.json", buffer);
    const events = (JSON.parse(buffer.toString()).traceEvents as any[]).filter((e) => e.ts);
    // The renderer's main thread: the thread that ran the page's ParseHTML.
    const parse = events.find((e) => e.name === "ParseHTML");
    const main = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
    const t0 = origin * 1000; // µs, the same clock as trace ts on Linux (monotonic)? printed relative below
    const tasks = main.filter((e) => e.name === "RunTask" && e.ph === "X").sort((a, b) => a.ts - b.ts);
    const base = tasks[0]?.ts ?? 0;
    void t0;
    console.log(`first row at ${firstRow.toFixed(0)} ms (performance.now)`);
    const html = await (await page.request.get(page.url())).text();
    const inline = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!.length);
    writeFileSync("/tmp/first-row.html", html);
    console.log(
      `HTML ${html.length} chars, ${inline.length} inline scripts (${inline.reduce((a, b) => a + b, 0)} chars), ${(html.match(/<tr/g) ?? []).length} <tr>`,
    );
    const inside = (t: any) =>
      main.filter((e) => e.ph === "X" && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t);
    let total = 0;
    for (const t of tasks) {
      if (t.dur < 8000) continue;
      total += t.dur;
      const kids = new Map<string, number>();
      for (const k of inside(t)) {
        const name =
          k.name === "FunctionCall" || k.name === "EvaluateScript"
            ? `${k.name} ${(k.args?.data?.url ?? "").split("/").pop()}:${k.args?.data?.functionName ?? ""}`
            : k.name;
        if (["v8.run", "V8.Execute", "ProfileCall"].includes(k.name)) continue;
        kids.set(name, (kids.get(name) ?? 0) + k.dur);
      }
      const top = [...kids.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`)
        .join(" | ");
      console.log(
        `${((t.ts - base) / 1000).toFixed(0).padStart(6)} +${(t.dur / 1000).toFixed(0).padStart(4)} ms  ${top}`,
      );
    }
    console.log(`tasks ≥ 8 ms: ${(total / 1000).toFixed(0)} ms`);
    await page.close();
  }
});
