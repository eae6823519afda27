// The invitation ledger's data path end to end on a built console: an invitation created through the console
// API is in the ledger at once, the invitee accepts it in Atlas (the simulator), and "sync now" records the
// acceptance. The e2e consoles have no scheduled sync (e2e/support/console-env.ts): this spec syncs itself.
import { expect, inviteByApi, test } from "./fixtures";
import { ORG_ID, SIM_URL, uniqueEmail } from "./support/atlas";
import { createUser, signedInContext } from "./support/auth";

const SYNC = `/api/orgs/${ORG_ID}/ledger/sync`;

test.beforeEach(async ({ sim }) => {
  await sim.reset();
});

test("a console invitation accepted in Atlas shows as accepted after sync now", async ({
  page,
  baseURL,
  sim,
}) => {
  const headers = { Origin: baseURL!, "Content-Type": "application/json" };
  // A first sync records what the seed holds, so the second one only sees this test's change.
  const baseline = await page.request.post(SYNC, { headers });
  expect(baseline.status()).toBe(200);
  expect((await baseline.json()).run.outcome).toBe("done");

  const email = uniqueEmail("ledger-sync");
  const { id: userId } = await inviteByApi(page.request, email, {}, baseURL);
  const before = await (await page.request.get(SYNC)).json();

  await sim.acceptUser(userId);
  const synced = await page.request.post(SYNC, { headers });
  expect(synced.status()).toBe(200);
  const body = await synced.json();
  expect(body.run).toMatchObject({ outcome: "done", error: null });
  expect(body.run.counts).toMatchObject({ accepted: 1, discovered: 0, cancelledInAtlas: 0 });
  expect(body.ledger.accepted).toBe(before.ledger.accepted + 1);
  expect(body.ledger.pending).toBe(before.ledger.pending - 1);

  const state = await (await page.request.get(SYNC)).json();
  expect(state.state).toMatchObject({ lastError: null, connectionId: "env" });
  expect(state.state.runs).toBeGreaterThanOrEqual(2);
  expect(state.intervalMinutes).toBe(0);

  // Without the Origin of the console, sync now is refused (a mutating route).
  const foreign = await page.request.post(SYNC, { headers: { Origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
});

test("the tabs say when the ledger synced, Sync now catches up, and Pending counts the live list on every tab", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const list = `/orgs/${ORG_ID}/invitations`;
  const badge = (name: string) => page.getByRole("tab", { name: new RegExp(`^${name}`) });
  const counts = async () =>
    (await (await page.request.get(`/api/orgs/${ORG_ID}/ledger/counts`)).json()).counts as Record<
      string,
      number
    >;
  await page.goto(list);
  await expect(page.getByText(/38 pending/)).toBeVisible({ timeout: 30_000 });
  const synced = page.getByTestId("ledger-synced");
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(synced).toHaveText("Synced just now");
  await expect(badge("Pending")).toHaveText(/^Pending\s*38$/);
  // The ledger may also hold pending rows of earlier specs' half-done renews (the sync leaves those to their
  // finisher): counts are compared with this baseline.
  const before = await counts();
  expect(before.pending).toBeGreaterThanOrEqual(38);
  const pendingEmails = new Set(
    (
      (await (await page.request.get(`/api/orgs/${ORG_ID}/invitations`)).json()).invitations as {
        email: string;
      }[]
    ).map((i) => i.email.toLowerCase()),
  );

  // Every invitation expires in Atlas: the live list is empty, the ledger still says 38 pending.
  const clock = await fetch(`${SIM_URL}/__sim/clock`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ advanceSeconds: 31 * 86_400 }),
  });
  expect(clock.ok).toBe(true);
  await page.reload();
  await expect(badge("Pending")).toHaveText(/^Pending\s*0$/, { timeout: 30_000 });
  await badge("Expired").click();
  // One source for the Pending badge: the live list on this tab too (it showed the ledger's 38 here).
  await expect(badge("Pending")).toHaveText(/^Pending\s*0$/);

  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(badge("Expired")).toHaveText(new RegExp(`^Expired\\s*${before.expired! + 38}$`));
  await expect(synced).toHaveText("Synced just now");
  expect((await counts()).pending).toBe(before.pending! - 38);
  // Dated by Atlas's expiry, not by the sync that noticed (the Expired column shows statusChangedAt).
  const expired = (await (await page.request.get(`/api/orgs/${ORG_ID}/ledger?status=expired`)).json())
    .invitations as { email: string; expiresAt: string | null; statusChangedAt: string }[];
  const justExpired = expired.filter((e) => pendingEmails.has(e.email) && e.expiresAt);
  expect(justExpired.length).toBeGreaterThanOrEqual(38);
  for (const e of justExpired) expect(e.statusChangedAt).toBe(e.expiresAt);

  // A viewer sees when it synced, and why Sync now is not theirs, as text on the page.
  const viewer = await createUser(baseURL!, "viewer");
  const signedIn = await signedInContext(browser, baseURL!, viewer.email, viewer.password);
  await signedIn.page.goto(list);
  const refused = signedIn.page.getByRole("button", { name: "Sync now" });
  await expect(refused).toBeDisabled();
  await expect(refused).toHaveAttribute("aria-describedby", "sync-now-refused");
  await expect(signedIn.page.locator("#sync-now-refused")).toBeVisible();
  await expect(signedIn.page.locator("#sync-now-refused")).toContainText("viewer");
  await expect(signedIn.page.getByTestId("ledger-synced")).toHaveText(/^Synced (just now|\d+ min ago)$/);
  await signedIn.context.close();
});
