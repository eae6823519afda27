/* eslint-disable @typescript-eslint/no-explicit-any -- a V8 .cpuprofile is untyped JSON */
// `node --conditions=react-server --import tsx bench/profile-keystroke.ts` (after `npx next build`): the search
// keystroke on the invitations page with EXTRA (default 10,000) extra invitations, profiled in Chromium: each
// keystroke → painted (as the bench measures it) and the renderer's CPU profile during the keystrokes, by self
// time per function.
import { writeFileSync } from "node:fs";
import { withSignedInBrowser, NAVIGATE } from "./browser";
import { ORG_ID } from "./stack";

const extra = Number(process.env.EXTRA ?? 10_000);
await withSignedInBrowser(extra, async (context, consoleUrl) => {
  const page = await context.newPage();
  await page.goto(`${consoleUrl}/orgs/${ORG_ID}/invitations`, NAVIGATE);
  await page.waitForFunction(() => (window as any).__bench.firstRow > 0, null, { timeout: 60_000 });
  const search = page.getByLabel("Search by e-mail");
  await search.focus();
  await page.waitForTimeout(800);
  // Also when the list region first changed after each keydown (React's commit), apart from the paint after it.
  // A string, not a function: tsx would wrap a function's inner arrows with a helper the page lacks.
  await page.evaluate(`(() => {
    const b = window.__bench;
    b.commits = [];
    let armed = false;
    let t0 = 0;
    const mo = new MutationObserver(() => {
      if (!armed) return;
      armed = false;
      b.commits.push(performance.now() - t0);
    });
    addEventListener("keydown", (e) => {
      mo.disconnect();
      const r = document.querySelector('[role="region"][aria-label="Pending invitations"]');
      if (r) mo.observe(r, { subtree: true, childList: true, characterData: true });
      t0 = e.timeStamp;
      armed = true;
    }, true);
  })()`);

  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (const key of ["1", "2", "3", "4", "Backspace", "Backspace", "Backspace", "Backspace"]) {
      await page.keyboard.press(key);
      const ms = await page
        .waitForFunction(
          () => {
            const b = (window as any).__bench;
            return b.painted > 0 ? b.painted - b.t0 : false;
          },
          null,
          { timeout: 10_000, polling: 20 },
        )
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => NaN);
      times.push(Math.round(ms));
      await page.waitForTimeout(400);
    }
  }
  const { profile } = (await cdp.send("Profiler.stop")) as any;
  // Read by name with bench/read-profile.mjs after a BUILD_SOURCE_MAPS=1 build.
  writeFileSync(process.env.CPU_OUT ?? "/tmp/keystroke.cpuprofile", JSON.stringify(profile));
  console.log(`keystroke → painted (ms): ${times.join(" ")}`);
  const commits = (await page.evaluate(() => (window as any).__bench.commits)) as number[];
  console.log(`keystroke → list changed (ms): ${commits.map((c) => Math.round(c)).join(" ")}`);
  const self = new Map<number, number>();
  (profile.samples as number[]).forEach((s, i) =>
    self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const byFn = new Map<string, number>();
  for (const n of profile.nodes as any[]) {
    const t = self.get(n.id) ?? 0;
    const cf = n.callFrame;
    const file = String(cf.url).split("/").pop();
    const key = `${cf.functionName || "(anonymous)"} ${file}:${cf.lineNumber}:${cf.columnNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
  }
  const total = [...byFn.values()].reduce((a, b) => a + b, 0);
  console.log(`renderer CPU during ${times.length} keystrokes: ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [k, t] of [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40))
    console.log(`${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`);
});
