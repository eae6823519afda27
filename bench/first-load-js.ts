// First-load JS of the invitations page alone (every script, gzip -6), with the chunks by size: the figure of
// `npm run bench` without the rest of the run, for checking one change. After `npx next build`:
//   node --conditions=react-server --import tsx bench/first-load-js.ts
// E2E_PORT_BASE moves its ports like the bench's.
import { launch, firstLoadJs, signedInContext } from "./browser";
import { signIn, startConsole, startSim } from "./stack";

const sim = await startSim(1000);
const con = await startConsole(sim.url, undefined);
try {
  const cookie = await signIn(con.url);
  const browser = await launch();
  try {
    const context = await signedInContext(browser, con.url, cookie);
    const r = await firstLoadJs(context, con.url);
    console.log(`${r.kB.toFixed(1)} kB in ${r.scripts} scripts`);
    for (const s of r.largest) console.log(`  ${String(s.kB).padStart(6)} kB  ${s.script}`);
  } finally {
    await browser.close();
  }
} finally {
  await con.stop();
  await sim.stop();
}
process.exit(0);
