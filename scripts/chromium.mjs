// The Chromium every browser test and the bench run: Debian's, never Playwright's download (there is no internet
// in CI). CHROMIUM_PATH wins (.ci/run sets it to Debian's chromium-headless-shell, the same engine without the
// full browser's UI: about 30 % less CPU per test); else /usr/bin/chromium; on a laptop without either,
// Playwright's own browser. Used by playwright.config.ts and bench/browser.ts.
import { existsSync } from "node:fs";

/** Playwright launch options: { executablePath?, args }. */
export function chromiumLaunchOptions(env = process.env) {
  const executablePath =
    env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  };
}
