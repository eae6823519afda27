// A person's timeline reads as what happened, once each: the sync's first sight of someone already expired,
// an invitation made in Atlas by someone else weeks before the console looked, one renew as one step, one
// re-invite as one step, in words (no ledger ids). The demo seed against the simulator, on every test database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as reinviteRoute from "@/app/api/orgs/[orgId]/ledger/[ledgerId]/reinvite/route";
import * as timelineRoute from "@/app/api/orgs/[orgId]/people/[email]/timeline/route";
import { installDb } from "@/lib/server/db";
import { syncLedger } from "@/lib/server/ledger/sync";
import type { TimelineStep } from "@/lib/schemas/ledger-api";
import { demoSeed } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { renew } from "../api/edit-renew.shared";
import type { TestDatabaseHandle } from "../support/db";
import { testDatabases } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const DAY = 86_400_000;
// sim/src/demo-seed.ts: 5f5…02 invited 26 days ago by an Atlas owner, still pending; 5f7…02 invited 34 days
// ago and never answered (expired when the console first looks).
const PENDING_USER = "5f5000000000000000000002";
const EXPIRED_USER = "5f7000000000000000000002";
const seedUsers = demoSeed(Date.now()).orgs![0]!.users!;
const emailOf = (id: string) => seedUsers.find((u) => u.id === id)!.username;

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

const timeline = async (email: string): Promise<TimelineStep[]> => {
  const res = await call(timelineRoute.GET, "GET", `/api/orgs/${ORG}/people/${email}/timeline`, {
    params: { orgId: ORG, email },
  });
  expect(res.status, res.text).toBe(200);
  return res.body.steps;
};
const noIds = (steps: TimelineStep[]) => {
  for (const s of steps) {
    expect(`${s.label} ${s.detail ?? ""}`).not.toMatch(/ledger|atlas:|[0-9a-f]{8}-[0-9a-f]{4}|[a-f0-9]{24}/);
  }
};

describe.each(testDatabases())("person timeline on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  beforeAll(async () => {
    await sim.control("POST", "/__sim/reset");
    h = await open();
    installDb(h);
    useDefaultHeaders(await signedInRequest("admin"));
    expect((await syncLedger(ORG)).outcome).toBe("done");
  });
  afterAll(async () => {
    installDb(null);
    await h.close();
  });

  it("someone the sync first found already expired: one step that says so, with the expired status", async () => {
    const steps = await timeline(emailOf(EXPIRED_USER));
    expect(steps.map((s) => [s.label, s.event, s.toStatus])).toEqual([
      ["Found in Atlas already expired", "discovered", "expired"],
    ]);
  });

  it("one renew is one step by the console user; the original invitation stays, at its own date", async () => {
    const email = emailOf(PENDING_USER);
    const res = await renew(PENDING_USER, "users");
    expect(res.status, res.text).toBe(201);
    const steps = await timeline(email);
    expect(steps.map((s) => s.label)).toEqual(["Invited in Atlas", "Invitation renewed"]);
    const [original, renewed] = steps as [TimelineStep, TimelineStep];
    // The seed made it 26 days ago; the sync saw it today.
    expect(Date.now() - Date.parse(original.at)).toBeGreaterThan(25 * DAY);
    expect(original).toMatchObject({ event: "discovered", toStatus: "pending", actorEmail: null });
    expect(renewed).toMatchObject({ action: "invitation.renewed", outcome: "success", event: "renewed" });
    expect(renewed.actorEmail).toMatch(/^admin-/);
    noIds(steps);
  });

  it("one re-invite is one step (its own Atlas create folded in), in words: 'an expired invitation'", async () => {
    const email = emailOf(EXPIRED_USER);
    const id = `atlas:${ORG}:${EXPIRED_USER}:expired`;
    const res = await call(
      reinviteRoute.POST,
      "POST",
      `/api/orgs/${ORG}/ledger/${encodeURIComponent(id)}/reinvite`,
      {
        params: { orgId: ORG, ledgerId: encodeURIComponent(id) },
        body: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
      },
    );
    expect(res.status, res.text).toBe(201);
    const steps = await timeline(email);
    expect(steps.map((s) => s.label)).toEqual([
      "Found in Atlas already expired",
      "Invitation re-sent (re-invite)",
    ]);
    expect(steps[1]).toMatchObject({
      event: "reinvited",
      outcome: "success",
      detail: "Invited again after the earlier invitation expired.",
    });
    noIds(steps);
  });
});
