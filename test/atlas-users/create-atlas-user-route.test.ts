// POST /api/orgs/{orgId}/atlas-users (Atlas's deprecated createUser) through the route handler against the
// simulator: every refusal lands on the form field it concerns, whether the console or Atlas refuses it;
// the password reaches Atlas and nothing else (answer, audit rows, ledger, log lines); admins only.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as route from "@/app/api/orgs/[orgId]/atlas-users/route";
import { getDb } from "@/lib/server/db";
import { auditRows, invitationLedger, invitationLedgerEvents } from "@/lib/server/db/schema";
import { logger } from "@/lib/server/log";
import { fixedId } from "@/sim/src/demo-seed";
import type { TestSim } from "@/sim/test/support/sim";
import { DEMO, call, consoleAgainstSimulator, useDefaultHeaders } from "../support/routes";
import { signedInRequest } from "../support/session";

const ORG = DEMO.orgId;
const PATH = `/api/orgs/${ORG}/atlas-users`;
const P1 = fixedId("5f3", 1);
const OTHER_ORG_PROJECT = fixedId("5f9", 1);
const PASSWORD = "Quartz-Lantern-Velvet-7741";
let n = 0;

const body = (extra: Record<string, unknown> = {}) => ({
  username: `new.account.${Date.now().toString(36)}.${++n}@example.com`,
  firstName: "Nova",
  lastName: "Reyes",
  country: "FR",
  mobileNumber: "06 12 34 56 78",
  password: PASSWORD,
  orgRoles: ["ORG_MEMBER"],
  teamIds: [],
  projectRoles: [{ projectId: P1, roles: ["GROUP_READ_ONLY"] }],
  ...extra,
});

let sim: TestSim;
let admin: Record<string, string>;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
  admin = await signedInRequest("admin");
  useDefaultHeaders(admin);
});
afterAll(() => sim.close());
beforeEach(async () => {
  useDefaultHeaders(admin);
  await sim.control("POST", "/__sim/reset");
  await sim.control("DELETE", "/__sim/requests");
});

const create = (b: unknown, headers: Record<string, string> = {}) =>
  call(route.POST, "POST", PATH, { params: { orgId: ORG }, body: b, headers });
const createUserCalls = async () =>
  (await sim.journal()).filter((e) => e.method === "POST" && e.path === "/api/atlas/v2/users");

describe("success", () => {
  it("creates the account with the deprecated version, audits it and records a pending ledger row", async () => {
    const b = body();
    const res = await create(b);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ username: b.username, id: expect.stringMatching(/^[a-f0-9]{24}$/) });
    const [sent] = await createUserCalls();
    expect(sent?.headers.accept).toBe("application/vnd.atlas.2023-01-01+json");
    expect(sent?.body).toMatchObject({
      username: b.username,
      country: "FR",
      mobileNumber: "+33612345678",
      roles: [
        { orgId: ORG, roleName: "ORG_MEMBER" },
        { groupId: P1, roleName: "GROUP_READ_ONLY" },
      ],
    });
    const db = await getDb();
    const rows = (await db.select().from(auditRows)).filter((r) => r.action === "atlas_user.created");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: "success", targetEmail: b.username, targetId: res.body.id });
    const ledger = (await db.select().from(invitationLedger)).filter((r) => r.email === b.username);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ status: "pending", userId: res.body.id, source: "users" });
    // Atlas shows the new account as a pending member of the org, under the same id.
    const users = await sim.api(
      "GET",
      `/api/atlas/v2/orgs/${ORG}/users?username=${encodeURIComponent(b.username)}`,
      {
        accept: "application/vnd.atlas.2025-02-19+json",
      },
    );
    expect(users.body.results).toMatchObject([{ id: res.body.id, orgMembershipStatus: "PENDING" }]);
  });
});

describe("every refusal lands on its field", () => {
  // [case, body overrides, status, field]; the console refuses the first group itself, Atlas the second.
  const consoleRefuses: [string, Record<string, unknown>, string][] = [
    ["username not an e-mail", { username: "nope" }, "username"],
    ["first name empty", { firstName: " " }, "firstName"],
    ["last name missing", { lastName: undefined }, "lastName"],
    ["country not assigned (QQ)", { country: "QQ" }, "country"],
    ["country not a code", { country: "usa" }, "country"],
    ["mobile not a number", { mobileNumber: "call me" }, "mobileNumber"],
    ["mobile not valid in the country", { mobileNumber: "06 12 34 56 78", country: "US" }, "mobileNumber"],
    ["password too short", { password: "Ab1-x" }, "password"],
    ["password common (zxcvbn)", { password: "password123" }, "password"],
    ["no org role", { orgRoles: [] }, "orgRoles"],
    ["unknown org role", { orgRoles: ["ORG_KING"] }, "orgRoles.0"],
    [
      "malformed project id",
      { projectRoles: [{ projectId: "xyz", roles: ["GROUP_READ_ONLY"] }] },
      "projectRoles.0.projectId",
    ],
    [
      "project of another org",
      { projectRoles: [{ projectId: OTHER_ORG_PROJECT, roles: ["GROUP_READ_ONLY"] }] },
      "projectRoles.0.projectId",
    ],
  ];
  for (const [name, extra, field] of consoleRefuses) {
    it(`console: ${name} → 400 on ${field}, no createUser call`, async () => {
      const res = await create(body(extra));
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
      expect(await createUserCalls()).toHaveLength(0);
    });
  }

  it("Atlas: an existing account (409 USER_ALREADY_EXISTS) → username", async () => {
    const b = body();
    expect((await create(b)).status).toBe(201);
    const res = await create({ ...b, password: "Another-Orbit-Maple-5520" });
    expect(res.status).toBe(409);
    expect(res.body.error.fields.username).toMatch(/already has an Atlas account/);
  });

  it("Atlas: a pending invitation for that address (409) → username", async () => {
    const b = body();
    // Invite through Atlas's users API first (as another console or the Atlas UI would).
    const res0 = await sim.api("POST", `/api/atlas/v2/orgs/${ORG}/users`, {
      accept: "application/vnd.atlas.2025-02-19+json",
      body: { username: b.username, roles: { orgRoles: ["ORG_MEMBER"] } },
    });
    expect(res0.status).toBe(201);
    const res = await create(b);
    expect(res.status).toBe(409);
    expect(Object.keys(res.body.error.fields)).toEqual(["username"]);
  });

  it("Atlas: a password containing the username (400 COMMON_PASSWORD) → password", async () => {
    const b = body({ username: `zorblax${++n}@example.com` });
    const res = await create({ ...b, password: `${b.username.split("@")[0]}-Quartz-Lantern-Velvet` });
    expect(await createUserCalls()).toHaveLength(1);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.fields.password).toMatch(/common passwords/);
  });

  it("Atlas: an unknown project role (400 INVALID_ENUM_VALUE on roles[1]) → projectRoles", async () => {
    const res = await create(body({ projectRoles: [{ projectId: P1, roles: ["GROUP_KING"] }] }));
    expect(res.status, res.text).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(["projectRoles"]);
  });
});

describe("the password goes to Atlas only", () => {
  it("is in no answer, audit row, ledger row, ledger event or log line, on success and on failure", async () => {
    const calls: unknown[] = [];
    const spies = (["info", "warn", "error", "debug", "fatal"] as const).map((level) =>
      vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => {
        calls.push(args);
      }) as never),
    );
    try {
      const ok = await create(body());
      const weak = await create(body({ password: "password123" }));
      await sim.control("POST", "/__sim/faults", {
        method: "POST",
        path: "/api/atlas/v2/users",
        status: 500,
        times: 1,
      });
      const failed = await create(body());
      expect([ok.status, weak.status, failed.status]).toEqual([201, 400, 502]);
      for (const r of [ok, weak, failed]) expect(r.text).not.toContain(PASSWORD);
      expect(weak.text).not.toContain("password123");
      const db = await getDb();
      const dump = JSON.stringify([
        await db.select().from(auditRows),
        await db.select().from(invitationLedger),
        await db.select().from(invitationLedgerEvents),
      ]);
      expect(dump).toContain("atlas_user.created");
      expect(dump).not.toContain(PASSWORD);
      expect(dump).not.toContain("password123");
      expect(JSON.stringify(calls)).not.toContain(PASSWORD);
      // And Atlas did get one (its journal redacts it: sim/src/http.ts), so the checks above are not vacuous.
      const sent = await createUserCalls();
      expect(sent).toHaveLength(2);
      expect(sent[0]?.body).toMatchObject({ password: "[redacted]" });
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe("who may", () => {
  for (const role of ["viewer", "inviter"] as const) {
    it(`${role}: 403 and no Atlas call`, async () => {
      const res = await create(body(), await signedInRequest(role));
      expect(res.status).toBe(403);
      expect(await createUserCalls()).toHaveLength(0);
    });
  }
  it("a cross-site request: 403 and no Atlas call", async () => {
    const res = await create(body(), { Origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(await createUserCalls()).toHaveLength(0);
  });
});
