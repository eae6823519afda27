// Edit (with its before → after review) and renew of a pending invitation through the UI, and the crash case:
// a console of its own (PORTS.editRenew) killed with SIGKILL while the renew's create is in flight (a
// simulator fault holds the create, then cuts it unprocessed), restarted: the list shows the half-done renew
// and one click on "Finish renew" creates exactly one invitation.
import { mkdirSync } from "node:fs";
import { InvitationsPage, animationsFinished, expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { createUser, signedInContext } from "./support/auth";
import { ownConsole } from "./support/console-process";
import { PORTS } from "./support/ports";

const LIST = InvitationsPage.path;
const USERS = `/api/atlas/v2/orgs/${ORG_ID}/users`;
const TEAM = "5f2000000000000000000001";
// Screenshots for people to look at (.test-results is ignored by git; SHOTS_DIR moves them).
const SHOTS = `${process.env.SHOTS_DIR ?? ".test-results/shots"}/edit-renew`;
mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

const MODES = [
  { width: 1280, height: 900, scheme: "light" },
  { width: 1280, height: 900, scheme: "dark" },
  { width: 390, height: 844, scheme: "light" },
  { width: 390, height: 844, scheme: "dark" },
] as const;

test("edit with a before → after review: one PATCH with only the org roles", async ({
  page,
  api,
  sim,
  a11y,
  invitationsPage,
}) => {
  const email = uniqueEmail("edit-ui");
  const { id } = await inviteByApi(api, email, { teamIds: [TEAM] });
  await page.goto(LIST);
  await invitationsPage.openRowMenu(email);
  await page.getByRole("menuitem", { name: "Edit roles and teams…" }).click();
  const dialog = page.getByRole("dialog", { name: `Edit the invitation for ${email}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: /^Organization Member/ })).toBeChecked();
  await a11y(page, "edit dialog");
  // Nothing changed yet: said so, nothing sent.
  await dialog.getByRole("button", { name: "Review changes" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Nothing changed yet");
  await dialog.getByRole("checkbox", { name: /^Organization Project Creator/ }).check();
  await dialog.getByRole("checkbox", { name: /^Organization Member/ }).uncheck();
  await dialog.getByRole("button", { name: "Review changes" }).click();
  const review = page.getByRole("dialog", { name: `Review the change for ${email}` });
  await expect(review.getByText("Added: Organization Project Creator")).toBeAttached();
  await expect(review.getByText("Removed: Organization Member")).toBeAttached();
  await a11y(page, "edit review");
  // Back keeps what was typed.
  await review.getByRole("button", { name: "Back to editing" }).click();
  await expect(dialog.getByRole("checkbox", { name: /^Organization Project Creator/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Review changes" }).click();
  await review.getByRole("button", { name: "Update invitation" }).click();
  await expect(review).toBeHidden();
  await expect(page.getByText(`Invitation for ${email} updated.`)).toBeVisible();
  const patches = await sim.journal({ method: "PATCH" });
  expect(patches.map((p) => [p.path, p.body])).toEqual([
    [`${USERS}/${id}`, { roles: { orgRoles: ["ORG_GROUP_CREATOR"] } }],
  ]);
});

test("renew: confirm names the e-mail and the 30 days; one DELETE then one create", async ({
  page,
  api,
  sim,
  a11y,
  invitationsPage,
}) => {
  const email = uniqueEmail("renew-ui");
  const { id } = await inviteByApi(api, email, { teamIds: [TEAM] });
  await page.goto(LIST);
  await invitationsPage.openRowMenu(email);
  await page.getByRole("menuitem", { name: "Renew (new 30 days)…" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Renew the invitation for ${email}?` });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText("expires 30 days from now");
  await a11y(page, "renew dialog");
  await confirm.getByRole("button", { name: "Renew invitation" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(`Invitation for ${email} renewed`)).toBeVisible();
  const deletes = await sim.journal({ method: "DELETE" });
  expect(deletes.map((d) => d.path)).toEqual([`${USERS}/${id}`]);
  const creates = (await sim.journal({ method: "POST", path: USERS })).filter(
    (c) => c.body?.username === email,
  );
  expect(creates).toHaveLength(2); // the invite above, then the renew's create
  expect(creates[1].body).toEqual(creates[0].body);
});

test("screenshots of the edit review and the renew confirm, 390 / 1280, light / dark", async ({
  page,
  api,
  invitationsPage,
}) => {
  const email = uniqueEmail("shots");
  await inviteByApi(api, email, { teamIds: [TEAM] });
  for (const m of MODES) {
    await page.setViewportSize({ width: m.width, height: m.height });
    await page.emulateMedia({ colorScheme: m.scheme });
    await page.goto(LIST);
    await animationsFinished(page); // colours settle (transitions) before the shots
    await invitationsPage.openRowMenu(email);
    await page.getByRole("menuitem", { name: "Edit roles and teams…" }).click();
    const dialog = page.getByRole("dialog", { name: `Edit the invitation for ${email}` });
    await dialog.getByRole("checkbox", { name: /^Organization Read Only/ }).check();
    await dialog.getByRole("button", { name: "Review changes" }).click();
    await expect(page.getByRole("dialog", { name: /Review the change/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/edit-review-${m.width}-${m.scheme}.png` });
    await page.keyboard.press("Escape");
    await invitationsPage.openRowMenu(email);
    await page.getByRole("menuitem", { name: "Renew (new 30 days)…" }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/renew-confirm-${m.width}-${m.scheme}.png` });
    await page.keyboard.press("Escape");
    if (m.width === 1280 && m.scheme === "light") {
      await invitationsPage.openRowMenu(email);
      await page.getByRole("menuitem", { name: "Edit roles and teams…" }).click();
      await page.screenshot({ path: `${SHOTS}/edit-form-${m.width}-${m.scheme}.png` });
      await page.keyboard.press("Escape");
    }
  }
});

test("an inviter sees Edit and Renew of an Organization Owner invitation disabled, with the reason on the page", async ({
  api,
  browser,
  baseURL,
}) => {
  // The server refuses an inviter any change to a privileged invitation (T29); the UI says so before a click.
  const email = uniqueEmail("owner-ui");
  await inviteByApi(api, email, { orgRoles: ["ORG_OWNER"] });
  const inviter = await createUser(baseURL!, "inviter");
  const { context, page: inviterPage } = await signedInContext(
    browser,
    baseURL!,
    inviter.email,
    inviter.password,
  );
  await inviterPage.goto(LIST);
  await new InvitationsPage(inviterPage).openRowMenu(email);
  const edit = inviterPage.getByRole("menuitem", { name: /^Edit roles and teams…/ });
  const renew = inviterPage.getByRole("menuitem", { name: /^Renew \(new 30 days\)…/ });
  await expect(edit).toHaveAttribute("aria-disabled", "true");
  await expect(renew).toHaveAttribute("aria-disabled", "true");
  await expect(
    edit.getByText("Only console admins may change an invitation that grants Organization Owner."),
  ).toBeVisible();
  await expect(
    renew.getByText("Only console admins may renew an invitation that grants Organization Owner."),
  ).toBeVisible();
  await inviterPage.keyboard.press("Escape");
  await inviterPage.getByRole("button", { name: `Details of the invitation for ${email}` }).click();
  const drawer = inviterPage.getByRole("dialog", { name: email });
  await expect(drawer.getByRole("button", { name: "Edit roles and teams" })).toBeDisabled();
  await expect(drawer.getByRole("button", { name: "Renew (new 30 days)" })).toBeDisabled();
  await expect(drawer.getByRole("button", { name: "Cancel invitation" })).toBeEnabled();
  await expect(drawer.getByText(/Only console admins may renew an invitation that grants/)).toBeVisible();
  await context.close();
});

test.describe("crash between the cancel and the create", () => {
  const own = ownConsole("edit-renew", PORTS.editRenew);
  test.afterEach(async () => {
    await own.stop("SIGKILL");
  });

  test("kill -9 while the create is in flight; after a restart the half-done renew is listed and Finish renew creates exactly one", async ({
    browser,
    sim,
    a11y,
  }) => {
    test.setTimeout(180_000);
    own.fresh();
    await own.start();
    const api = await own.signIn();
    const email = uniqueEmail("renew-crash");
    const { id } = await inviteByApi(api, email, { teamIds: [TEAM] });
    // The renew's create is held 20 s, then cut without being processed: it never reaches Atlas's state.
    await sim.fault({ method: "POST", path: USERS, delayMs: 20_000, drop: true });
    const renewing = api
      .post(`/api/orgs/${ORG_ID}/invitations/${id}/renew`, { data: { source: "users" } })
      .catch(() => null);
    await expect
      .poll(async () => (await sim.journal({ method: "POST", path: USERS })).length, { timeout: 15_000 })
      .toBe(2);
    expect((await sim.journal({ method: "DELETE" })).map((d) => d.path)).toEqual([`${USERS}/${id}`]);
    const killed = await own.stop("SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    await renewing;
    await sim.clearFaults();

    await own.start();
    const state = await api.storageState();
    const context = await browser.newContext({ baseURL: own.base, storageState: state });
    const page = await context.newPage();
    await page.goto(LIST);
    const banner = page.getByRole("region", { name: "A renew stopped half-way" });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(email);
    await expect(banner).toContainText("Its roles are kept");
    await a11y(page, "half-done renew");
    for (const m of MODES) {
      await page.setViewportSize({ width: m.width, height: m.height });
      await page.emulateMedia({ colorScheme: m.scheme });
      await animationsFinished(page); // colours settle (transitions) before the shot
      await page.screenshot({ path: `${SHOTS}/half-done-${m.width}-${m.scheme}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    const postsBefore = (await sim.journal({ method: "POST", path: USERS })).length;
    const finish = banner.getByRole("button", { name: `Finish renew for ${email}` });
    const finished = page.getByText(`Renew of ${email} finished`);
    await finish.click();
    // Until 8 × ATLAS_TIMEOUT_MS (40 s here) after the renew started, its create may still be in flight (another
    // instance on PostgreSQL; on either store the crashed request's audit row stays pending until its Atlas call
    // could have finished, lib/server/audit/reconcile.ts): the finish is refused and nothing is sent to Atlas.
    const stillRunning = page.getByText(`The renew of ${email} is still running`);
    await expect(finished.or(stillRunning)).toBeVisible();
    if (await stillRunning.isVisible()) {
      expect((await sim.journal({ method: "POST", path: USERS })).length).toBe(postsBefore);
      // Ask again until that window has passed (a refused try sends nothing to Atlas, as just checked).
      // The refusal is a toast that goes after a few seconds: ask whenever the button is still there.
      await expect(async () => {
        if (!(await finished.isVisible()) && (await finish.isVisible()) && (await finish.isEnabled())) {
          await finish.click();
        }
        await expect(finished).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 60_000, intervals: [5_000] });
    }
    await expect(finished).toBeVisible();
    await expect(banner).toBeHidden();
    const posts = await sim.journal({ method: "POST", path: USERS });
    expect(posts.length - postsBefore).toBe(1);
    const pendingNow = await api.get(`/api/orgs/${ORG_ID}/invitations`);
    const rows = ((await pendingNow.json()).invitations as { email: string }[]).filter(
      (i) => i.email === email,
    );
    expect(rows).toHaveLength(1);
    await context.close();
  });
});
