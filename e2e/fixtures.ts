// The e2e kit: specs import `test` and `expect` from here and ask for what they use.
//   sim              the simulator's control API (reset, seeds, faults, journal): e2e/support/atlas.ts
//   api              a console API caller signed in as the project's demo admin, with the console's Origin
//   a11y             the one accessibility check (axe), run once animations have finished
//   invitationsPage  the invitations page object: locators and one invite() through the dialog
import AxeBuilder from "@axe-core/playwright";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { test as base, expect } from "@playwright/test";
import { ORG_ID, atlas } from "./support/atlas";
import { adminApi } from "./support/auth";
import type { CheckAnswer } from "./support/contract";
import { answerProblems, loadContract } from "./support/contract";

export { expect };

export type Sim = typeof atlas;

export interface A11yOptions {
  /** Only this part of the page (a CSS selector), e.g. '[role="dialog"]'. */
  include?: string;
  /** Leave this part out, e.g. "header" (the layout spec answers for it). */
  exclude?: string;
  /** Only these axe rules. */
  rules?: string[];
}

export interface A11y {
  /** Fails the test with every serious or critical axe violation on `page`, each prefixed by `what`. */
  (page: Page, what: string, options?: A11yOptions): Promise<void>;
  /** The same check, returning the violations (for specs that gather them over several modes). */
  violations(page: Page, options?: A11yOptions): Promise<string[]>;
}

/**
 * Waits until no finite animation or transition runs for three frames in a row (toasts slide and fade in,
 * dialogs zoom: colour contrast is judged once they have settled). Infinite ones (spinners, skeleton pulses)
 * never finish and are left out.
 */
export async function animationsFinished(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eQuietFrames: number }).__e2eQuietFrames = 0;
  });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __e2eQuietFrames: number };
      const busy = document
        .getAnimations()
        .some((a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity);
      w.__e2eQuietFrames = busy ? 0 : w.__e2eQuietFrames + 1;
      return w.__e2eQuietFrames >= 3;
    },
    undefined,
    { polling: "raf" },
  );
}

/** The serious and critical axe violations on `page` (all of them with `rules`), once animations have finished. */
export async function a11yViolations(page: Page, options: A11yOptions = {}): Promise<string[]> {
  await animationsFinished(page);
  const builder = new AxeBuilder({ page });
  if (options.include) builder.include(options.include);
  if (options.exclude) builder.exclude(options.exclude);
  if (options.rules) builder.withRules(options.rules);
  const results = await builder.analyze();
  // A toast can appear or leave while axe runs (sonner is loaded with the first toast, fades it in, and fades
  // it out after 4 s; axe can take longer than that under load): a toast judged mid-fade reads as low contrast
  // (1.04 and 1.67 in two CI runs). So toasts' nodes are judged again on their own, once the animations have
  // finished, and only what still fails then, on a toast still shown, counts.
  const inToast = async (targets: string[]) =>
    page.evaluate(
      (selectors) =>
        selectors.map((selector) => {
          try {
            const el = document.querySelector(selector);
            // Gone already: only a toast's part leaves between two looks.
            return el
              ? el.closest("[data-sonner-toaster]") !== null
              : /data-(title|description|sonner)/.test(selector);
          } catch {
            return false;
          }
        }),
      targets,
    );
  let toastSeen = false;
  for (const v of results.violations) {
    const flags = await inToast(v.nodes.map((n) => n.target.join(" ")));
    toastSeen ||= flags.some(Boolean);
    v.nodes = v.nodes.filter((_, i) => !flags[i]);
  }
  const violations = results.violations.filter((v) => v.nodes.length > 0);
  if (toastSeen) {
    await animationsFinished(page);
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll("[data-sonner-toast]")].some(
        (t) => t.getAttribute("data-removed") !== "true" && Number(getComputedStyle(t).opacity) === 1,
      ),
    );
    if (shown) {
      const again = new AxeBuilder({ page }).include("[data-sonner-toaster]");
      if (options.rules) again.withRules(options.rules);
      violations.push(...(await again.analyze()).violations);
    }
  }
  return violations
    .filter((v) => options.rules || v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} ${v.help} at ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`.trim()).join(", ")}`,
    );
}

/** How long the page fixture waits for a preloaded answer's body (see the page fixture below). */
const PRELOAD_BODY_MS = 10_000;

const a11yCheck: A11y = Object.assign(
  async (page: Page, what: string, options?: A11yOptions) => {
    expect((await a11yViolations(page, options)).map((v) => `${what}: ${v}`)).toEqual([]);
  },
  { violations: a11yViolations },
);

export interface InviteForm {
  /** What goes into "E-mail addresses" (several: comma, space or newline separated). */
  emails: string;
  /** Org role checkboxes to tick, by their label (Organization Member is ticked already). */
  orgRoles?: string[];
  /** Team names. */
  teams?: string[];
  /** Project assignments: project name → project role labels. */
  projects?: [project: string, roles: string[]][];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The invitations page of the demo org (components/invitations): its locators and its invite dialog. */
export class InvitationsPage {
  static readonly path = `/orgs/${ORG_ID}/invitations`;

  constructor(readonly page: Page) {}

  async goto(query = ""): Promise<void> {
    await this.page.goto(`${InvitationsPage.path}${query}`);
  }

  get table(): Locator {
    return this.page.getByRole("region", { name: "Pending invitations" });
  }

  rowOf(email: string): Locator {
    return this.table.getByRole("row", { name: new RegExp(escapeRegExp(email)) });
  }

  /** The e-mail column of the rendered rows (rows are virtualized: only the visible ones exist). */
  get emailCells(): Locator {
    return this.table.locator('tbody tr td[data-column="email"]');
  }

  tab(name: string): Locator {
    return this.page.getByRole("tab", { name: new RegExp(`^${name}`) });
  }

  async search(text: string): Promise<void> {
    await this.page
      .getByRole("searchbox", { name: "Search by e-mail" })
      .or(this.page.getByLabel("Search by e-mail"))
      .first()
      .fill(text);
  }

  async openRowMenu(email: string): Promise<void> {
    await this.search(email);
    await this.page.getByRole("button", { name: `More actions for ${email}` }).click();
  }

  /** The drawer of one invitation, opened from its row. */
  async openDetails(email: string): Promise<Locator> {
    await this.search(email);
    await this.page.getByRole("button", { name: `Details of the invitation for ${email}` }).click();
    const drawer = this.page.getByRole("dialog", { name: email });
    await expect(drawer).toBeVisible();
    return drawer;
  }

  async openInvite(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Invite people" }).first().click();
    const dialog = this.page.getByRole("dialog", { name: /Invite people to Demo Org/ });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Ticks `names` in a multi-select popover (teams, project roles) opened by `trigger`. */
  async pickInMultiSelect(trigger: Locator, names: readonly string[]): Promise<void> {
    await trigger.click();
    for (const name of names) await this.page.getByRole("checkbox", { name: new RegExp(`^${name}`) }).check();
    await this.page.keyboard.press("Escape");
  }

  /** Fills an open invite dialog. */
  async fillInvite(dialog: Locator, form: InviteForm): Promise<void> {
    await dialog.getByLabel("E-mail addresses").fill(form.emails);
    for (const role of form.orgRoles ?? []) {
      await dialog.getByRole("checkbox", { name: new RegExp(escapeRegExp(role)) }).check();
    }
    if (form.teams?.length) {
      await this.pickInMultiSelect(dialog.getByRole("button", { name: /Teams/ }), form.teams);
    }
    for (const [i, [project, roles]] of (form.projects ?? []).entries()) {
      await dialog.getByRole("button", { name: "Add project" }).click();
      const group = dialog.getByRole("group", { name: `Project assignment ${i + 1}` });
      await group.getByRole("combobox", { name: "Project", exact: true }).selectOption({ label: project });
      await this.pickInMultiSelect(group.getByRole("button", { name: /Roles/ }), roles);
    }
  }

  /** Opens the invite dialog, fills it and presses Send; returns the dialog (closed when all went through). */
  async invite(form: InviteForm): Promise<Locator> {
    const dialog = await this.openInvite();
    await this.fillInvite(dialog, form);
    await dialog.getByRole("button", { name: /^Send (invitation|\d+ invitations)$/ }).click();
    return dialog;
  }
}

const contracts = new Map<string, Promise<CheckAnswer>>();
/** The OpenAPI checker of the console at `baseURL`, read once per worker with the demo admin's session. */
function contractFor(baseURL: string): Promise<CheckAnswer> {
  let found = contracts.get(baseURL);
  if (!found) {
    found = (async () => {
      const api = await adminApi(baseURL);
      try {
        return await loadContract(api, baseURL);
      } finally {
        await api.dispose();
      }
    })();
    contracts.set(baseURL, found);
  }
  return found;
}

export const test = base.extend<
  { api: APIRequestContext; a11y: A11y; invitationsPage: InvitationsPage },
  { sim: Sim }
>({
  // Worker-scoped (it holds no state of its own), so that beforeAll and afterAll hooks can use it too.
  sim: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      await use(atlas);
    },
    { scope: "worker" },
  ],
  api: async ({ baseURL }, use) => {
    const api = await adminApi(baseURL!);
    await use(api);
    await api.dispose();
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  a11y: async ({}, use) => {
    await use(a11yCheck);
  },
  invitationsPage: async ({ page }, use) => {
    await use(new InvitationsPage(page));
  },
  // The specs' review screenshots (.test-results/shots, for people to look at) are skipped in CI unless
  // E2E_SHOTS=1: nobody opens them there, and a full-page shot costs the browser a second of CPU. The checks
  // around them (no sideways scroll, axe) run either way; a failing test still leaves Playwright's own screenshot.
  // Every answer of the console's JSON API the page receives is held to the OpenAPI document the console serves
  // (issue 17's contract test): checked when the test ends, each mismatch named.
  page: async ({ page, baseURL }, use) => {
    if (process.env.CI && process.env.E2E_SHOTS !== "1") {
      const screenshot = page.screenshot.bind(page);
      page.screenshot = async (options) =>
        options?.path?.includes("/shots/") ? Buffer.alloc(0) : screenshot(options);
    }
    const checks: Promise<string[]>[] = [];
    page.on("response", (res) => {
      const url = new URL(res.url());
      if (!url.pathname.startsWith("/api/") || url.pathname.startsWith("/api/auth/")) return;
      if (url.pathname.startsWith("/api/docs")) return; // the reference page and its script are not JSON
      // The list's preload (<link rel=preload as=fetch>, resource type "other") is answered to the page's own
      // fetch, which takes it over: Playwright then sometimes never sees the preload finish, and reading its body
      // waited until the test's limit (e2e/big-list.spec.ts, 2 of 6 runs). Its body is read for at most
      // PRELOAD_BODY_MS; the stream's own contract is test/api/invitations-stream.test.ts's.
      const preload = res.request().resourceType() === "other";
      checks.push(
        contractFor(baseURL!).then((check) => {
          // An answer the page abandoned (a navigation) has no body left to check.
          const read = answerProblems(check, res.request().method(), res).catch(() => []);
          if (!preload) return read;
          let timer: ReturnType<typeof setTimeout> | undefined;
          const unread = new Promise<string[]>((resolve) => {
            timer = setTimeout(() => resolve([]), PRELOAD_BODY_MS);
          });
          return Promise.race([read, unread]).finally(() => clearTimeout(timer));
        }),
      );
    });
    await use(page);
    const problems = (await Promise.all(checks)).flat();
    expect(problems, "answers that do not match /api/openapi.json").toEqual([]);
  },
});

export interface InviteGrants {
  orgRoles?: string[];
  teamIds?: string[];
  projectRoles?: { projectId: string; roles: string[] }[];
}

/**
 * Invites `email` through the console's own API (as a script would: the audit log names the caller); expects
 * 201 and returns the invitation. `origin` is needed with `page.request`, which sends no Origin of its own.
 */
export async function inviteByApi(
  api: APIRequestContext,
  email: string,
  grants: InviteGrants = {},
  origin?: string,
): Promise<{ id: string }> {
  const res = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
    data: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [], ...grants },
    ...(origin ? { headers: { Origin: origin } } : {}),
  });
  expect(res.status(), await res.text()).toBe(201);
  const [result] = (await res.json()).results as { outcome: string; invitation: { id: string } }[];
  expect(result!.outcome).toBe("invited");
  return result!.invitation;
}
