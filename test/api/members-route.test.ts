// GET /api/orgs/{orgId}/members: the org's active members for the invite form's check before Send
// (components/invitations/address-check.ts), read from Atlas's users API; only for those who may invite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as membersRoute from "@/app/api/orgs/[orgId]/members/route";
import * as invitationsRoute from "@/app/api/orgs/[orgId]/invitations/route";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

const members = () => call(membersRoute.GET, "GET", `/api/orgs/${ORG}/members`, { params: { orgId: ORG } });

describe("org members for the invite form", () => {
  it("an inviter gets the active members' addresses, lower-cased, and no pending person", async () => {
    useDefaultHeaders(await signedInRequest("inviter"));
    const res = await members();
    expect(res.status, res.text).toBe(200);
    const emails = res.body.emails as string[];
    expect(emails).toHaveLength(30);
    expect(emails.every((e) => e === e.toLowerCase() && e.endsWith("@demo-corp.example"))).toBe(true);
    const pending = await call(invitationsRoute.GET, "GET", `/api/orgs/${ORG}/invitations`, {
      params: { orgId: ORG },
    });
    const pendingEmails = new Set((pending.body.invitations as { email: string }[]).map((i) => i.email));
    expect(pendingEmails.size).toBeGreaterThan(0);
    expect(emails.filter((e) => pendingEmails.has(e))).toEqual([]);
    const calls = await sim.journal({ method: "GET", path: `/api/atlas/v2/orgs/${ORG}/users` });
    expect(calls.some((c) => [c.query.orgMembershipStatuses].flat().includes("ACTIVE"))).toBe(true);
  });

  it("a viewer may not read them; a bad org id is a 400", async () => {
    useDefaultHeaders(await signedInRequest("viewer"));
    expect((await members()).status).toBe(403);
    useDefaultHeaders(await signedInRequest("admin"));
    const bad = await call(membersRoute.GET, "GET", `/api/orgs/nope/members`, { params: { orgId: "nope" } });
    expect(bad.status).toBe(400);
  });
});
