/* eslint-disable @typescript-eslint/no-explicit-any -- trace events read as JSON */
// `node --conditions=react-server --import tsx bench/trace-keystroke.ts` (after `npx next build`): search
// keystrokes on the invitations page with EXTRA (default 10,000) extra invitations under Chromium's timeline
// trace: for each keystroke, the main thread's tasks from the keydown to the frame that painted the list,
// split into script, style, layout, paint and the wait for the frame.
import { withSignedInBrowser, NAVIGATE } from "./browser";
import { ORG_ID } from "./stack";

const extra = Number(process.env.EXTRA ?? 10_000);
const KEYS = ["1", "2", "3", "4", "Backspace", "Backspace", "Backspace", "Backspace"];

await withSignedInBrowser(extra, async (context, consoleUrl) => {
  const page = await context.newPage();
  await page.goto(`${consoleUrl}/orgs/${ORG_ID}/invitations`, NAVIGATE);
  await page.waitForFunction(() => (window as any).__bench.firstRow > 0, null, { timeout: 60_000 });
  await page.waitForFunction(() => (window as any).__bench.complete > 0, null, { timeout: 60_000 });
  const search = page.getByLabel("Search by e-mail");
  await search.focus();
  await page.waitForTimeout(800);
  await context.browser()!.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute"],
  });
  const painted: number[] = [];
  for (const key of [...KEYS, ...KEYS]) {
    await page.keyboard.press(key);
    painted.push(
      await page
        .waitForFunction(
          () =>
            (window as any).__bench.painted > 0
              ? (window as any).__bench.painted - (window as any).__bench.t0
              : false,
          null,
          { polling: 20 },
        )
        .then((h) => h.jsonValue() as Promise<number>),
    );
    await page.waitForTimeout(400);
  }
  const events = (
    JSON.parse((await context.browser()!.stopTracing()).toString()).traceEvents as any[]
  ).filter((e) => e.ts);
  const input = events.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown");
  const main = events.filter((e) => e.pid === input[0].pid && e.tid === input[0].tid && e.ph === "X");
  console.log(`keystroke → painted (bench's measure): ${painted.map((p) => p.toFixed(0)).join(" ")}`);
  const totals = new Map<string, number[]>();
  for (const [k, kd] of input.entries()) {
    const end = kd.ts + painted[k]! * 1000 + 2000;
    const within = main.filter((e) => e.ts >= kd.ts - 1000 && e.ts <= end);
    const sum = (names: string[]) =>
      within.filter((e) => names.includes(e.name)).reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
    const row: Record<string, number> = {
      "key event handlers": sum(["EventDispatch"]),
      "timers/tasks script": sum(["TimerFire", "FunctionCall"]),
      style: sum(["UpdateLayoutTree"]),
      layout: sum(["Layout"]),
      "pre-paint+paint": sum(["PrePaint", "Paint", "Layerize", "Commit"]),
      "animation frame callbacks": sum(["FireAnimationFrame"]),
      GC: sum(["MinorGC", "MajorGC"]),
    };
    if (process.env.TASKS === "1")
      for (const t of within.filter((e) => e.name === "RunTask" && e.dur > 500)) {
        const kids = within.filter(
          (e) =>
            e !== t &&
            e.ts >= t.ts &&
            e.ts + (e.dur ?? 0) <= t.ts + t.dur &&
            !["RunTask", "V8.Execute", "v8.run", "ProfileCall", "RunMicrotasks"].includes(e.name),
        );
        const top = kids.filter(
          (c) => !kids.some((o) => o !== c && o.ts <= c.ts && o.ts + o.dur >= c.ts + c.dur && o.dur > c.dur),
        );
        console.log(
          `   +${((t.ts - kd.ts) / 1000).toFixed(1).padStart(6)} ${(t.dur / 1000).toFixed(1).padStart(5)} ms  ${top.map((c) => `${c.name}${c.args?.data?.type ? ":" + c.args.data.type : ""}${c.args?.data?.functionName ? ":" + c.args.data.functionName : ""} ${(c.dur / 1000).toFixed(1)}`).join(", ")}`,
        );
      }
    for (const [n, v] of Object.entries(row)) totals.set(n, [...(totals.get(n) ?? []), v]);
    console.log(
      `${String(KEYS[k % KEYS.length]).padEnd(9)} ${painted[k]!.toFixed(0).padStart(4)} ms  ` +
        Object.entries(row)
          .map(([n, v]) => `${n} ${v.toFixed(1)}`)
          .join(" | "),
    );
  }
  for (const [n, v] of totals)
    console.log(`median ${n}: ${[...v].sort((a, b) => a - b)[v.length >> 1]!.toFixed(1)} ms`);
});
