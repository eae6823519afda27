// The `orgs+N` seed (sim/src/demo-seed.ts, demoSeedWithOrgs): a company with one org per business unit, every one
// owned by the Demo Org owner, listed page by page as Atlas lists orgs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { manyOrgId } from "../src/demo-seed";
import { DEMO, V2023, V2025, startTestSim } from "./support/sim";
import type { TestSim } from "./support/sim";

let sim: TestSim;
beforeAll(async () => {
  sim = await startTestSim("orgs+200");
});
afterAll(() => sim.close());

it("lists the 201 orgs of the owner in pages, with totalCount and next links", async () => {
  const ids: string[] = [];
  for (let page = 1; page <= 3; page++) {
    const r = await sim.api("GET", `/api/atlas/v2/orgs?itemsPerPage=100&pageNum=${page}`, { accept: V2023 });
    expect(r.status).toBe(200);
    expect(r.body.totalCount).toBe(201);
    expect(r.body.links.some((l: { rel: string }) => l.rel === "next")).toBe(page < 3);
    ids.push(...r.body.results.map((o: { id: string }) => o.id));
  }
  expect(new Set(ids).size).toBe(201);
  expect(ids).toContain(DEMO.orgId);
  expect(ids).toContain(manyOrgId(200));
  // The second org's owner still sees only its own.
  const second = await sim.token(DEMO.second);
  const r = await sim.api("GET", "/api/atlas/v2/orgs", { accept: V2023, token: second });
  expect(r.body.totalCount).toBe(1);
});

it("gives each generated org members, pending and expired invitations and a project invitation", async () => {
  const org = manyOrgId(42);
  const r = await sim.api("GET", `/api/atlas/v2/orgs/${org}`, { accept: V2023 });
  expect(r.body.name).toBe("Retail 042");
  const users = await sim.api(
    "GET",
    `/api/atlas/v2/orgs/${org}/users?orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE`,
    { accept: V2025 },
  );
  expect(users.body.totalCount).toBe(7);
  const projects = await sim.api("GET", `/api/atlas/v2/orgs/${org}/groups`, { accept: V2023 });
  expect(projects.body.totalCount).toBe(3);
  const invites = await sim.api("GET", `/api/atlas/v2/groups/${projects.body.results[1].id}/invites`, {
    accept: V2023,
  });
  expect(invites.body).toHaveLength(1);
});
