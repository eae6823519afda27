// What the Sunset page's confirmations tell onboarding staff before Migrate (components/sunset/sunset-text.ts),
// for the items the readiness route really returns for the demo org, legacy-API console: a project invitation
// (a fresh Atlas e-mail; the person becomes an org member) and a legacy org invitation (taken over, nothing sent).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as sunsetRoute from "@/app/api/orgs/[orgId]/sunset/route";
import { migrateConfirmText, migrateConsequences } from "@/components/sunset/sunset-text";
import type { SunsetItem, SunsetReadiness } from "@/lib/schemas/sunset";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
let sim: TestSim;
let readiness: SunsetReadiness;
beforeAll(async () => {
  sim = await consoleAgainstSimulator({ invitesApi: "invitations" });
  useDefaultHeaders(await signedInRequest("admin"));
  const res = await call(sunsetRoute.GET, "GET", `/api/orgs/${ORG}/sunset`, { params: { orgId: ORG } });
  expect(res.status, res.text).toBe(200);
  readiness = res.body;
});
afterAll(() => sim.close());

const itemOf = (kind: SunsetItem["kind"]) => readiness.items.find((i) => i.kind === kind && !i.halfDone)!;

describe("the Migrate confirmations", () => {
  it("one project invitation: the date, a fresh e-mail to that address, and org membership, in words", () => {
    const item = itemOf("project");
    expect(item.replacement.action).toBe("create");
    const { why, what } = migrateConfirmText([item], readiness.clock.sunsetAt);
    expect(why).toBe(
      "After 1 July 2027 this invitation can no longer be managed here: Atlas ends the old invitations API it was made with.",
    );
    expect(what).toContain(`Migrating sends ${item.email} a fresh invitation e-mail from Atlas`);
    expect(what).toContain("also a member of the organization (Organization Member");
    expect(`${why} ${what}`).not.toMatch(/ORG_|GROUP_|users API|[a-f0-9]{24}/);
  });

  it("one legacy org invitation: nothing is sent", () => {
    const item = itemOf("org");
    expect(item.replacement.action).toBe("adopt");
    const { what } = migrateConfirmText([item], readiness.clock.sunsetAt);
    expect(what).toBe("Nothing is sent: the same invitation is taken over, with its grants and expiry.");
    expect(migrateConsequences([item])).toEqual({ emails: 0, newMembers: 0 });
  });

  it("migrate all counts the e-mails and the new org members among everything movable", () => {
    const movable = readiness.items.filter((i) => i.replacement.action !== "blocked");
    const projects = movable.filter((i) => i.kind === "project").length;
    const orgs = movable.filter((i) => i.kind === "org").length;
    expect(projects).toBe(3);
    const { why, what } = migrateConfirmText(movable, readiness.clock.sunsetAt);
    expect(why).toMatch(/^After 1 July 2027 these people can no longer be managed here/);
    expect(what).toContain(`Migrating sends 3 people a fresh invitation e-mail from Atlas`);
    expect(what).toContain("3 people were invited to a project only");
    expect(what).toContain(`${orgs} org invitations are taken over as they are: no new e-mail.`);
  });
});
