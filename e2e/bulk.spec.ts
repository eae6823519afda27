// Onboarding at scale in the browser: a CSV import from a paste and from a file (preview, dry run, start, pause
// and resume, a reload mid-run, the results download), a bulk cancel from the list's selection, a preset applied
// in the invite dialog, and a privileged invitation approved by a second admin in another browser context.
import { mkdirSync, readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { animationsFinished, expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, uniqueEmail } from "./support/atlas";
import { createUser, enrollTotp, signedInContext } from "./support/auth";

const BULK = `/orgs/${ORG_ID}/bulk`;
const USERS = `/api/atlas/v2/orgs/${ORG_ID}/users`;
const SHOTS = `${process.env.SHOTS_DIR ?? ".test-results/shots"}/bulk`;
mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

const createsFor = async (
  sim: { journal: (f: Record<string, string>) => Promise<any[]> },
  emails: string[],
) =>
  (await sim.journal({ method: "POST", path: USERS })).filter((e) =>
    emails.includes(((e.body as { username?: string }).username ?? "").toLowerCase()),
  );

async function screenshots(page: Page, name: string): Promise<void> {
  for (const [width, scheme] of [
    [1280, "light"],
    [1280, "dark"],
    [390, "light"],
    [390, "dark"],
  ] as const) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await animationsFinished(page);
    // No sideways scrolling at either width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });
}

test("import from a paste: preview, dry run, start, pause and resume, reload mid-run, results", async ({
  page,
  sim,
  a11y,
}) => {
  const emails = Array.from({ length: 12 }, (_, i) => uniqueEmail(`bulk${i}`));
  const csv = ["email,org roles", ...emails.map((e) => `${e},`), "not-an-address,", `${emails[0]},`].join(
    "\n",
  );
  await page.goto(BULK);
  await expect(page.getByRole("heading", { name: /bulk import/i }).first()).toBeVisible();
  await page.getByLabel("CSV text").fill(csv);
  await expect(page.getByText(/14 data lines/)).toBeVisible();
  await a11y(page, "bulk import page");
  await page.getByRole("button", { name: "Preview (dry run)" }).click();
  await expect(page).toHaveURL(new RegExp(`${BULK}/[a-f0-9]{24}`));
  await expect(page.getByText("This is a dry run: nothing has been sent.")).toBeVisible();
  expect(await createsFor(sim, emails)).toHaveLength(0);
  await a11y(page, "planned run");
  await screenshots(page, "plan");

  // Slow creates, so that there is time to pause, reload and resume.
  await sim.fault({ method: "POST", path: USERS, delayMs: 700, times: 100 });
  await page.getByRole("button", { name: "Start" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("12");
  await confirm.getByRole("button", { name: /^Send 12 invitations$/ }).click();
  await expect(page.getByRole("progressbar", { name: "Run progress" })).toBeVisible();
  await expect
    .poll(async () => (await createsFor(sim, emails)).length, { timeout: 30_000 })
    .toBeGreaterThan(1);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible({ timeout: 30_000 });
  const atPause = (await createsFor(sim, emails)).length;
  await page.reload();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  // Paused means paused: nothing more reaches Atlas.
  expect((await createsFor(sim, emails)).length).toBe(atPause);
  await a11y(page, "paused run");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect
    .poll(async () => (await createsFor(sim, emails)).length, { timeout: 30_000 })
    .toBeGreaterThan(atPause);
  await page.reload();
  await expect(page.getByRole("link", { name: "Download results (CSV)" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("No row failed.")).toBeVisible();
  await screenshots(page, "results");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download results (CSV)" }).click();
  const file = readFileSync(await (await download).path(), "utf8");
  const lines = file.trim().split(/\r?\n/);
  expect(lines).toHaveLength(15);
  expect(lines.filter((l) => l.includes('"invited"'))).toHaveLength(12);
  // One create per valid row, never two.
  const sent = (await createsFor(sim, emails)).map((e) =>
    (e.body as { username: string }).username.toLowerCase(),
  );
  expect(sent.sort()).toEqual([...emails].sort());
});

test("import from a file with a column to map", async ({ page, sim }) => {
  const emails = [uniqueEmail("file-a"), uniqueEmail("file-b")];
  await page.goto(BULK);
  await page.getByLabel("Upload a file").setInputFiles({
    name: "staff.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`\uFEFFWork mail;Department\r\n${emails.join(";Sales\r\n")};Sales\r\n`),
  });
  await expect(page.getByLabel("Name of this import")).toHaveValue("staff.csv");
  // "Work mail" is not a known header: mapped by hand to E-mail.
  await page.getByRole("combobox", { name: /Work mail/ }).selectOption({ label: "E-mail" });
  await page.getByRole("button", { name: "Preview (dry run)" }).click();
  await expect(page.getByText("This is a dry run: nothing has been sent.")).toBeVisible();
  await page.getByRole("button", { name: "Start" }).click();
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: /^Send 2 invitations$/ })
    .click();
  await expect(page.getByText("No row failed.")).toBeVisible({ timeout: 60_000 });
  expect(await createsFor(sim, emails)).toHaveLength(2);
});

test("bulk cancel from the list's selection", async ({ page, api, sim, a11y, invitationsPage }) => {
  const emails = [uniqueEmail("sel-a"), uniqueEmail("sel-b"), uniqueEmail("sel-c")];
  for (const e of emails) await inviteByApi(api, e);
  await invitationsPage.goto();
  await invitationsPage.search("sel-");
  for (const e of emails) await page.getByRole("checkbox", { name: `Select ${e}` }).check();
  await expect(page.getByText("3 selected")).toBeVisible();
  await page.getByRole("button", { name: /^Cancel invitations/ }).click();
  const dialog = page.getByRole("dialog").or(page.getByRole("alertdialog")).last();
  await expect(dialog).toContainText(emails[0]!);
  await a11y(page, "bulk cancel confirmation");
  await dialog.getByRole("button", { name: "Cancel invitations" }).click();
  await expect(page).toHaveURL(new RegExp(`${BULK}/[a-f0-9]{24}`));
  await expect(page.getByText("No row failed.")).toBeVisible({ timeout: 60_000 });
  const deletes = (await sim.journal({ method: "DELETE" })).filter((e: { path: string }) =>
    e.path.startsWith(USERS),
  );
  expect(deletes).toHaveLength(3);
});

test("a preset fills the invite dialog", async ({ api, invitationsPage }) => {
  const name = `Data engineer ${Date.now().toString(36)}`;
  const res = await api.post(`/api/orgs/${ORG_ID}/presets`, {
    data: { name, orgRoles: ["ORG_MEMBER", "ORG_READ_ONLY"], teamIds: [], projectRoles: [] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { preset } = (await res.json()) as { preset: { id: string } };
  try {
    await invitationsPage.goto();
    const dialog = await invitationsPage.openInvite();
    await dialog.getByLabel(/^Preset/).selectOption({ label: name });
    await expect(dialog.getByRole("checkbox", { name: /^Organization Read Only/ })).toBeChecked();
    await expect(dialog.getByText(`Filled from “${name}”`)).toBeVisible();
  } finally {
    await api.delete(`/api/orgs/${ORG_ID}/presets/${preset.id}`);
  }
});

test("a privileged invitation waits for a second admin, who approves it in another browser", async ({
  page,
  api,
  sim,
  browser,
  baseURL,
  a11y,
}) => {
  const email = uniqueEmail("owner-to-be");
  const policy = await api.put(`/api/orgs/${ORG_ID}/policy`, {
    data: {
      allowedDomains: [],
      outsideDomains: "refuse",
      approvalRoles: ["ORG_OWNER"],
      approvalExpiresHours: 72,
    },
  });
  expect(policy.status(), await policy.text()).toBe(200);
  try {
    const asked = await api.post(`/api/orgs/${ORG_ID}/invitations`, {
      data: {
        emails: email,
        orgRoles: ["ORG_OWNER"],
        teamIds: [],
        projectRoles: [],
        approvalReason: "new CTO",
      },
    });
    expect(asked.status(), await asked.text()).toBe(202);
    expect(await createsFor(sim, [email])).toHaveLength(0);
    // The requester (the demo admin) cannot approve their own request.
    await page.goto(`/orgs/${ORG_ID}/guardrails`);
    const mine = page.getByRole("listitem").filter({ hasText: email });
    await expect(mine.getByRole("button", { name: "Approve…" })).toBeDisabled();

    const second = await createUser(baseURL!, "admin");
    const other = await signedInContext(browser, baseURL!, second.email, second.password);
    try {
      // A password admin sets up two-factor first.
      await enrollTotp(other.page, second.password);
      await other.page.goto(`/orgs/${ORG_ID}/guardrails`);
      const item = other.page.getByRole("listitem").filter({ hasText: email });
      await item.getByRole("button", { name: "Approve…" }).click();
      const dialog = other.page.getByRole("dialog", { name: `Approve the invitation for ${email}?` });
      await dialog.getByLabel("Your reason").fill("confirmed with the CEO");
      await a11y(other.page, "approve dialog");
      await dialog.getByRole("button", { name: "Approve and send" }).click();
      await expect(other.page.getByText(`Approved: invitation sent to ${email}.`)).toBeVisible();
      await screenshots(other.page, "guardrails");
    } finally {
      await other.context.close();
    }
    expect(await createsFor(sim, [email])).toHaveLength(1);
  } finally {
    await api.put(`/api/orgs/${ORG_ID}/policy`, {
      data: { allowedDomains: [], outsideDomains: "refuse", approvalRoles: [], approvalExpiresHours: 72 },
    });
  }
});
