// createUser's password is bounded (F9): at most MAX_PASSWORD_LENGTH characters, refused on the password field
// before the strength check or Atlas, and the strength check scores only the first STRENGTH_CHECKED_LENGTH
// characters (a 256-character password held the event loop for 2 to 11 s in zxcvbn). Names with a NUL are
// refused on their field too. On every test database (the success path writes audit and ledger rows).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as route from "@/app/api/orgs/[orgId]/atlas-users/route";
import { STRENGTH_CHECKED_LENGTH, generatePassword, passwordStrength } from "@/lib/password-strength";
import { MAX_PASSWORD_LENGTH } from "@/lib/schemas/atlas-users";
import type { TestSim } from "@/sim/test/support/sim";
import { testDatabases } from "../support/db";
import { DEMO, call, consoleAgainstSimulator, useAdminOnDatabase } from "../support/routes";

const ORG = DEMO.orgId;
const PATH = `/api/orgs/${ORG}/atlas-users`;
let n = 0;
const body = (password: string, extra: Record<string, unknown> = {}) => ({
  username: `bounded.${Date.now().toString(36)}.${++n}@example.com`,
  firstName: "Nova",
  lastName: "Reyes",
  country: "FR",
  mobileNumber: "06 12 34 56 78",
  password,
  orgRoles: ["ORG_MEMBER"],
  ...extra,
});
/** Strong and long: generated pieces of 20 characters, joined up to `length`. */
const longStrong = (length: number) => {
  let out = "";
  while (out.length < length) out += generatePassword();
  return out.slice(0, length);
};

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

describe("the strength check is bounded", () => {
  it("scores only the first STRENGTH_CHECKED_LENGTH characters", () => {
    expect(STRENGTH_CHECKED_LENGTH).toBe(32);
    const weakStart = "password".repeat(STRENGTH_CHECKED_LENGTH / 8);
    // What follows the checked part does not count: the whole is judged as its weak start.
    expect(passwordStrength(weakStart + longStrong(64)).score).toBe(passwordStrength(weakStart).score);
    expect(passwordStrength(weakStart).score).toBeLessThan(3);
    // A strong start is strong however long the rest.
    expect(passwordStrength(longStrong(MAX_PASSWORD_LENGTH)).score).toBe(4);
  });
});

describe.each(testDatabases())("createUser password bounds on $name", ({ open }) => {
  useAdminOnDatabase(open);
  beforeEach(async () => {
    await sim.control("DELETE", "/__sim/requests");
  });
  const create = (b: unknown) => call(route.POST, "POST", PATH, { params: { orgId: ORG }, body: b });
  const createUserCalls = async () =>
    (await sim.journal()).filter((e) => e.method === "POST" && e.path === "/api/atlas/v2/users");

  it("a password over 128 characters is refused on its field, and Atlas is not called", async () => {
    expect(MAX_PASSWORD_LENGTH).toBe(128);
    for (const length of [MAX_PASSWORD_LENGTH + 1, 256, 10_000]) {
      const res = await create(body(longStrong(length)));
      expect(res.status, res.text).toBe(400);
      expect(res.body.error.code).toBe("invalid_input");
      expect(res.body.error.fields).toEqual({ password: "128 characters at most" });
    }
    expect(await createUserCalls()).toHaveLength(0);
  });

  it("a strong password of exactly 128 characters creates the account", async () => {
    const res = await create(body(longStrong(MAX_PASSWORD_LENGTH)));
    expect(res.status, res.text).toBe(201);
    expect(await createUserCalls()).toHaveLength(1);
  });

  it("a NUL or a line break in a name is refused on that field", async () => {
    const res = await create(body(longStrong(24), { firstName: "No\u0000va", lastName: "Rey\nes" }));
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.fields.firstName).toMatch(/control characters/);
    expect(res.body.error.fields.lastName).toMatch(/control characters/);
    expect(await createUserCalls()).toHaveLength(0);
  });
});
