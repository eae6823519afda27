// The invitation ledger's data path end to end on a built console: an invitation created through the console
// API is in the ledger at once, the invitee accepts it in Atlas (the simulator), and "sync now" records the
// acceptance. The e2e consoles have no scheduled sync (e2e/support/console-env.ts): this spec syncs itself.
import { expect, test } from "@playwright/test";
import { ORG_ID, atlas, uniqueEmail } from "./support/atlas";

const SYNC = `/api/orgs/${ORG_ID}/ledger/sync`;

test.beforeEach(async () => {
  await atlas.reset();
});

test("a console invitation accepted in Atlas shows as accepted after sync now", async ({ page, baseURL }) => {
  const headers = { Origin: baseURL!, "Content-Type": "application/json" };
  // A first sync records what the seed holds, so the second one only sees this test's change.
  const baseline = await page.request.post(SYNC, { headers });
  expect(baseline.status()).toBe(200);
  expect((await baseline.json()).run.outcome).toBe("done");

  const email = uniqueEmail("ledger-sync");
  const created = await page.request.post(`/api/orgs/${ORG_ID}/invitations`, {
    headers,
    data: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
  });
  expect(created.status()).toBe(201);
  const userId = (await created.json()).results[0].invitation.id as string;
  const before = await (await page.request.get(SYNC)).json();

  await atlas.acceptUser(userId);
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
