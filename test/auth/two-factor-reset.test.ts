// Resetting a lost second factor: on the Users page's route by another admin, and with the console CLI on the
// server for an admin locked out with nobody else to ask. Real sessions, a real database, no mocks.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditRoute from "@/app/api/audit/route";
import * as orgsRoute from "@/app/api/orgs/route";
import * as resetRoute from "@/app/api/users/[userId]/reset-two-factor/route";
import * as usersRoute from "@/app/api/users/route";
import { getDb, openDatabase } from "@/lib/server/db";
import { twoFactor as twoFactorTable, user as userTable } from "@/lib/server/db/schema/auth";
import type { TestSim } from "@/sim/test/support/sim";
import { spawnTs } from "../support/child";
import { migratedDataDir } from "../support/db";
import { call, consoleAgainstSimulator } from "../support/routes";
import { signedInRequest } from "../support/session";

let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

type Db = Awaited<ReturnType<typeof getDb>>;

/** Marks the user as enrolled the way better-auth's TOTP setup leaves them: a secret row and the flag. */
async function enrol(db: Db, email: string) {
  const [u] = await db.select().from(userTable).where(eq(userTable.email, email));
  await db.insert(twoFactorTable).values({
    id: crypto.randomUUID(),
    userId: u!.id,
    secret: "encrypted-totp-secret",
    backupCodes: "encrypted-backup-codes",
  });
  await db.update(userTable).set({ twoFactorEnabled: true }).where(eq(userTable.id, u!.id));
  return u!.id;
}

const reset = (id: string, headers: Record<string, string>) =>
  call(resetRoute.POST, "POST", `/api/users/${id}/reset-two-factor`, { params: { userId: id }, headers });

describe("reset two-factor (route)", () => {
  it("an admin resets another user's TOTP: secret and codes erased, their sessions end, audited", async () => {
    const admin = await signedInRequest("admin", { email: "reset-boss@example.com" });
    const person = await signedInRequest("inviter", { email: "lost-phone@example.com" });
    const db = await getDb();
    const id = await enrol(db, "lost-phone@example.com");
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: person })).status).toBe(200);

    const res = await reset(id, admin);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: "lost-phone@example.com", twoFactorEnabled: false });
    expect(await db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, id))).toEqual([]);
    expect((await call(orgsRoute.GET, "GET", "/api/orgs", { headers: person })).status).toBe(401);

    const audit = await call(auditRoute.GET, "GET", "/api/audit", {
      query: `?${new URLSearchParams({ action: "user.two_factor_reset", target: "lost-phone@example.com" })}`,
      headers: admin,
    });
    expect(audit.body.rows.map((r: { userEmail: string }) => r.userEmail)).toEqual([
      "reset-boss@example.com",
    ]);

    // Again: nothing left to reset.
    const again = await reset(id, admin);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/no two-factor authentication to reset/);
  });

  it("not for oneself, not for a viewer or inviter, not for a malformed id", async () => {
    const admin = await signedInRequest("admin", { email: "self-reset@example.com" });
    const list = await call(usersRoute.GET, "GET", "/api/users", { headers: admin });
    const me = list.body.users.find((u: { email: string }) => u.email === "self-reset@example.com");
    const self = await reset(me.id, admin);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/cannot reset your own/);
    const db = await getDb();
    const [row] = await db.select().from(userTable).where(eq(userTable.id, me.id));
    expect(row!.twoFactorEnabled).toBe(true);

    for (const role of ["viewer", "inviter"] as const) {
      const caller = await signedInRequest(role);
      expect((await reset(me.id, caller)).status).toBe(403);
    }
    expect((await reset("../../orgs", admin)).status).toBe(400);
  });
});

describe("admin reset-2fa (CLI)", () => {
  it("resets a locked-out admin's TOTP on the data directory, audited as the CLI; unknown e-mails are named", async () => {
    const dir = migratedDataDir("console-reset-2fa-");
    let h = await openDatabase({ dataDir: dir });
    await h.db.insert(userTable).values({
      id: crypto.randomUUID(),
      name: "Locked out",
      email: "locked-out@example.com",
      role: "admin",
    });
    await enrol(h.db as Db, "locked-out@example.com");
    await h.close();

    const env = { DATA_DIR: dir, CONSOLE_AUTH_SECRET: "vitest-auth-secret-not-for-production-0123456789" };
    const unknown = spawnTs(
      "scripts/console.ts",
      ["admin", "reset-2fa", "--email", "nobody@example.com"],
      env,
    );
    expect((await unknown.exited).code).toBe(1);
    expect(unknown.stderr()).toContain("No console user has the e-mail nobody@example.com");

    const child = spawnTs(
      "scripts/console.ts",
      ["admin", "reset-2fa", "--email", "Locked-Out@Example.com"],
      env,
    );
    expect((await child.exited).code, child.stderr()).toBe(0);
    expect(child.stdout()).toContain("Two-factor authentication of locked-out@example.com is reset");

    h = await openDatabase({ dataDir: dir });
    try {
      const [row] = await h.db.select().from(userTable).where(eq(userTable.email, "locked-out@example.com"));
      expect(row!.twoFactorEnabled).toBe(false);
      expect(await h.db.select().from(twoFactorTable)).toEqual([]);
      const audit = await h.db.execute<{ action: string; user_agent: string }>(
        "select action, user_agent from audit_rows where action = 'user.two_factor_reset'",
      );
      expect(audit.rows).toHaveLength(1);
      expect(audit.rows[0]!.user_agent).toMatch(/^console CLI \(admin reset-2fa\)/);
    } finally {
      await h.close();
    }
  });
});
