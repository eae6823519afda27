// A renew makes a new invitation, so the org's allowed domains apply to it as they are now: an invitation sent
// before the org limited its domains is not renewed (nothing cancelled), one inside them is.
import { afterAll, beforeAll, expect, it } from "vitest";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import * as renewRoute from "@/app/api/orgs/[orgId]/invitations/[invitationId]/renew/route";
import * as policyRoute from "@/app/api/orgs/[orgId]/policy/route";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  useDefaultHeaders(await signedInRequest("admin"));
}, 120_000);
afterAll(() => sim.close());

const invite = async (email: string) => {
  const res = await call(invitationsRoute.POST, "POST", `/api/orgs/${ORG}/invitations`, {
    params: { orgId: ORG },
    body: { emails: email, orgRoles: ["ORG_MEMBER"] },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.results[0].invitation.id as string;
};
const renew = (id: string) =>
  call(renewRoute.POST, "POST", `/api/orgs/${ORG}/invitations/${id}/renew`, {
    params: { orgId: ORG, invitationId: id },
    body: { source: "users" },
  });

it("refuses to renew an address outside the allowed domains, and renews one inside", async () => {
  const outside = await invite(`renew-out-${Date.now()}@elsewhere.example`);
  const inside = await invite(`renew-in-${Date.now()}@allowed.example`);
  const policy = await call(policyRoute.PUT, "PUT", `/api/orgs/${ORG}/policy`, {
    params: { orgId: ORG },
    body: {
      allowedDomains: ["allowed.example"],
      outsideDomains: "refuse",
      approvalRoles: [],
      approvalExpiresHours: 72,
    },
  });
  expect(policy.status, policy.text).toBe(200);
  await sim.control("DELETE", "/__sim/requests");
  const refused = await renew(outside);
  expect(refused.status, refused.text).toBe(403);
  expect(refused.body.error.message).toMatch(/elsewhere\.example/);
  expect(await sim.journal({ method: "DELETE" })).toHaveLength(0);
  const renewed = await renew(inside);
  expect(renewed.status, renewed.text).toBe(201);
});
