// The two-factor step of sign-in against a password holder (lib/server/auth/two-factor-limit.ts): ten wrong
// codes per account, across challenges and factors, lock two-factor sign-in for 15 minutes; a right password
// neither lifts that lock nor clears the password limit; each wrong code, the lock and the password step are
// audited as what they are. Real handler, real database, real TOTP codes.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { SIGN_IN_MAX_FAILURES } from "@/lib/server/auth/sign-in-limit";
import { TWO_FACTOR_MAX_FAILURES } from "@/lib/server/auth/two-factor-limit";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { twoFactor as twoFactorTable, user as userTable } from "@/lib/server/db/schema/auth";
import { AuthClient, secretOf, totp, wrongCode } from "../support/auth-client";
import { prepareTestAuth } from "../support/session";

beforeAll(async () => {
  prepareTestAuth();
  await getDb();
}, 120_000);

let n = 0;
let address = 0;
/** A fresh address for every call, so that the per-address rate limit never answers instead of the rule. */
const spread = (c: AuthClient) => {
  c.ip = `203.0.113.${(++address % 250) + 1}`;
  return c;
};

/** A console user with TOTP turned on through better-auth's own enrolment; signed out again. */
async function enrolled() {
  const email = `two-factor-${++n}@example.com`;
  const password = `two-factor-password-${n}-0123456789`;
  await createConsoleUser({ email, role: "inviter", password });
  const me = new AuthClient(`198.51.100.${100 + n}`);
  expect((await me.post("/sign-in/email", { email, password })).status).toBe(200);
  const enable = await me.post("/two-factor/enable", { password });
  expect(enable.status, JSON.stringify(enable.body)).toBe(200);
  const secret = secretOf(enable.body.totpURI);
  const backupCodes: string[] = enable.body.backupCodes;
  expect((await me.post("/two-factor/verify-totp", { code: totp(secret) })).status).toBe(200);
  expect((await me.post("/sign-out", {})).status).toBe(200);
  const db = await getDb();
  const [u] = await db.select().from(userTable).where(eq(userTable.email, email));
  return { email, password, secret, backupCodes, userId: u!.id };
}

async function rowsFor(email: string) {
  const db = await getDb();
  return db.select().from(auditRows).where(eq(auditRows.targetEmail, email));
}

async function signedInRows(userId: string) {
  const db = await getDb();
  return db
    .select()
    .from(auditRows)
    .where(and(eq(auditRows.action, "auth.signed_in"), eq(auditRows.userId, userId)));
}

describe("two-factor sign-in limit", () => {
  it("ten wrong codes over several challenges and both factors lock it; the right password does not lift the lock", async () => {
    const who = await enrolled();
    const attacker = new AuthClient();
    const answers: (string | number)[] = [];
    // Challenges of 3 codes each (better-auth allows 5 per challenge), alternating app and recovery codes.
    for (let challenge = 0; answers.length < TWO_FACTOR_MAX_FAILURES; challenge++) {
      const step = await spread(attacker).post("/sign-in/email", {
        email: who.email,
        password: who.password,
      });
      expect(step.body).toEqual({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
      for (let i = 0; i < 3 && answers.length < TWO_FACTOR_MAX_FAILURES; i++) {
        const res =
          i === 1
            ? await spread(attacker).post("/two-factor/verify-backup-code", { code: "wrong-code" })
            : await spread(attacker).post("/two-factor/verify-totp", { code: wrongCode(who.secret) });
        answers.push(res.body?.code ?? res.status);
      }
    }
    expect(answers.every((c) => c === "INVALID_CODE" || c === "INVALID_BACKUP_CODE")).toBe(true);

    // Locked: a new challenge (the right password) is still given, but no code is checked, the right one neither.
    const step = await spread(attacker).post("/sign-in/email", { email: who.email, password: who.password });
    expect(step.status).toBe(200);
    const right = await spread(attacker).post("/two-factor/verify-totp", { code: totp(who.secret) });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe("ACCOUNT_TEMPORARILY_LOCKED");
    const backup = await spread(attacker).post("/two-factor/verify-backup-code", {
      code: who.backupCodes[0],
    });
    expect(backup.status).toBe(429);
    expect(await signedInRows(who.userId)).toHaveLength(1); // enrolment's own sign-in only

    const rows = await rowsFor(who.email);
    const failed = rows.filter((r) => r.action === "auth.two_factor_failed");
    expect(failed.filter((r) => r.outcome === "failure")).toHaveLength(TWO_FACTOR_MAX_FAILURES);
    expect(failed.filter((r) => r.outcome === "failure").map((r) => r.detail)).toContain(
      "wrong recovery code (2 of 10 before a 15-minute lock)",
    );
    expect(failed.filter((r) => r.outcome === "refused").map((r) => r.detail)).toEqual([
      "two-factor sign-in locked for 15 minutes after 10 wrong codes",
    ]);
    const verified = rows.filter((r) => r.action === "auth.password_verified");
    expect(verified.length).toBeGreaterThanOrEqual(5);
    expect(verified.every((r) => r.detail === "two-factor code pending" && r.userId === null)).toBe(true);

    // Fifteen minutes later (moved back in the database, no waiting): the right code signs in, audited as
    // the sign-in, and the count starts afresh.
    const db = await getDb();
    await db
      .update(twoFactorTable)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(twoFactorTable.userId, who.userId));
    const again = await spread(attacker).post("/two-factor/verify-totp", { code: totp(who.secret) });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const signedIn = await signedInRows(who.userId);
    expect(signedIn).toHaveLength(2);
    expect(signedIn.map((r) => r.detail)).toContain("totp");
    const [row] = await db.select().from(twoFactorTable).where(eq(twoFactorTable.userId, who.userId));
    expect(row).toMatchObject({ failedVerificationCount: 0, lockedUntil: null });
  });

  it("parallel challenges cannot try more than ten codes", async () => {
    const who = await enrolled();
    const challenges = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const c = spread(new AuthClient());
        expect((await c.post("/sign-in/email", { email: who.email, password: who.password })).status).toBe(
          200,
        );
        return c;
      }),
    );
    // Four challenges at once (the password limit lets 5 through in parallel), five codes each (better-auth's
    // own per-challenge limit), all at once: 20 tries.
    const answers = (
      await Promise.all(
        challenges.map(async (c) => {
          const mine: string[] = [];
          for (let i = 0; i < 5; i++) {
            mine.push(
              (await spread(c).post("/two-factor/verify-totp", { code: wrongCode(who.secret) })).body?.code,
            );
          }
          return mine;
        }),
      )
    ).flat();
    expect(answers.filter((c) => c === "INVALID_CODE")).toHaveLength(TWO_FACTOR_MAX_FAILURES);
    expect(answers.filter((c) => c === "ACCOUNT_TEMPORARILY_LOCKED")).toHaveLength(
      20 - TWO_FACTOR_MAX_FAILURES,
    );
    const failed = (await rowsFor(who.email)).filter((r) => r.action === "auth.two_factor_failed");
    expect(failed.filter((r) => r.outcome === "failure")).toHaveLength(TWO_FACTOR_MAX_FAILURES);
  });

  it("the right password neither clears the password limit nor counts as a sign-in", async () => {
    const who = await enrolled();
    const c = new AuthClient();
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) {
      expect(
        (await spread(c).post("/sign-in/email", { email: who.email, password: `wrong-${i}-0123456789` }))
          .status,
      ).toBe(401);
    }
    expect(
      (await spread(c).post("/sign-in/email", { email: who.email, password: who.password })).body,
    ).toMatchObject({
      twoFactorRedirect: true,
    });
    expect(
      (await spread(c).post("/sign-in/email", { email: who.email, password: "wrong-last-0123456789" }))
        .status,
    ).toBe(401);
    // Five failures in the window: locked, the right password too.
    expect(
      (await spread(c).post("/sign-in/email", { email: who.email, password: who.password })).status,
    ).toBe(429);
  });

  it("a full sign-in: one password_verified row, then one signed_in row naming the user; recovery codes work once", async () => {
    const who = await enrolled();
    const before = (await signedInRows(who.userId)).length;
    const c = new AuthClient();
    await c.post("/sign-in/email", { email: who.email, password: who.password });
    const one = await c.post("/two-factor/verify-backup-code", { code: who.backupCodes[1] });
    expect(one.status, JSON.stringify(one.body)).toBe(200);
    expect(one.body.token).toBeUndefined();
    expect((await c.get("/get-session")).body.user.email).toBe(who.email);
    const signedIn = await signedInRows(who.userId);
    expect(signedIn).toHaveLength(before + 1);
    expect(signedIn.at(-1)).toMatchObject({ detail: "recovery code", userEmail: who.email });
    const verified = (await rowsFor(who.email)).filter((r) => r.action === "auth.password_verified");
    expect(verified).toHaveLength(1);
    expect((await rowsFor(who.email)).filter((r) => r.action === "auth.two_factor_failed")).toEqual([]);
  });
});
