// The ledger sync keeps to Atlas's rate-limit budget (lib/server/atlas/metered.ts): it stops before a call
// whose endpoint set is down to its reserve, leaving that to invites. The simulator is seeded with a small
// org-users bucket (8 calls an hour) and 600 extra pending invitations, so the users list is two pages.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as syncRoute from "@/app/api/orgs/[orgId]/ledger/sync/route";
import { demoSeedWithExtraPending } from "@/sim/src/demo-seed";
import { V2025 } from "@/sim/test/support/sim";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const SYNC = `/api/orgs/${ORG}/ledger/sync`;
let sim: TestSim;

beforeAll(async () => {
  sim = await consoleAgainstSimulator({
    seed: {
      ...demoSeedWithExtraPending(Date.now(), 600),
      rateLimits: { orgUsers: { capacity: 8, refillDurationSeconds: 3600 } },
    },
  });
  useDefaultHeaders(await signedInRequest("admin"));
}, 150_000);
afterAll(() => sim.close());

it(
  "pauses when Ratelimit-Remaining reaches the reserve, and invites still go through",
  { timeout: 60_000 },
  async () => {
    // Someone else spends two calls of the org's users bucket: 6 left.
    for (let i = 0; i < 2; i++) {
      const r = await sim.api("GET", `/api/atlas/v2/orgs/${ORG}/users?itemsPerPage=1`, { accept: V2025 });
      expect(r.status).toBe(200);
    }
    await sim.control("DELETE", "/__sim/requests");
    const res = await call(syncRoute.POST, "POST", SYNC, { params: { orgId: ORG } });
    expect(res.status).toBe(200);
    expect(res.body.run.outcome).toBe("paused");
    expect(res.body.run.error).toMatch(/rate-limit budget .* low \(5 of 8 left\)/);
    // Page 1 read (5 left = the reserve), page 2 not asked for, and nothing recorded from half a list.
    const lists = (await sim.journal()).filter((e) => e.path === `/api/atlas/v2/orgs/${ORG}/users`);
    expect(lists).toHaveLength(1);
    expect(res.body.ledger.pending).toBe(0);
    expect(res.body.state).toMatchObject({ lowestRateLimitRemaining: 5, lastSuccessAt: null });

    const invited = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
      body: { emails: "after-pause@example.com", orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
    });
    expect(invited.status).toBe(201);
  },
);
