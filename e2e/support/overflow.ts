import type { Page } from "@playwright/test";

/**
 * How far the page's content reaches past the viewport. The site header is left out: its phone layout has
 * its own checks (components/layout); this spec answers for what the page renders.
 */
export async function mainOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const main = document.querySelector("main");
    if (!main) return Number.POSITIVE_INFINITY;
    const right = Math.max(...[...main.querySelectorAll("*")].map((e) => e.getBoundingClientRect().right));
    return Math.ceil(right - window.innerWidth);
  });
}
