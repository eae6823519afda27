// The per-account sign-in and two-factor limits and the refusal tally are single SQL statements
// (lib/server/auth/sign-in-limit.ts, two-factor-limit.ts, refusals.ts): parallel callers, on one connection or
// on two (two console instances on one PostgreSQL), never get past the limit nor lose a count. On PGlite and,
// with TEST_DATABASE_URL, on PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { installDb, openDatabase } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { auditRows, refusalTallies } from "@/lib/server/db/schema";
import {
  SIGN_IN_MAX_FAILURES,
  SIGN_IN_WINDOW_MS,
  clearSignInAttempts,
  releaseSignInAttempt,
  reserveSignInAttempt,
} from "@/lib/server/auth/sign-in-limit";
import { auditRefusal, summariseRefusals } from "@/lib/server/auth/refusals";
import {
  TWO_FACTOR_LOCK_MS,
  TWO_FACTOR_MAX_FAILURES,
  clearTwoFactorAttempts,
  releaseTwoFactorAttempt,
  reserveTwoFactorAttempt,
} from "@/lib/server/auth/two-factor-limit";
import { twoFactor as twoFactorTable, user as userTable } from "@/lib/server/db/schema/auth";
import { testDatabases } from "../support/db";

const opened: DatabaseHandle[] = [];
afterEach(async () => {
  installDb(null);
  for (const h of opened.splice(0).reverse()) await h.close();
});

describe.each(testDatabases())("on $name", { timeout: 90_000 }, (kind) => {
  async function twoConnections(): Promise<[DatabaseHandle, DatabaseHandle]> {
    const first = await kind.open();
    opened.push(first);
    // PostgreSQL: a second pool on the same database, as a second instance has. PGlite allows one process per
    // directory: its "second connection" is the same handle, called concurrently.
    if (kind.name !== "postgres") return [first, first];
    const second = await openDatabase({ url: first.location });
    opened.push(second);
    return [first, second];
  }

  it("25 parallel attempts on one account, over two connections: exactly the limit is let through", async () => {
    const [a, b] = await twoConnections();
    const email = "target@example.com";
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => reserveSignInAttempt((i % 2 ? a : b).db, email)),
    );
    expect(answers.filter(Boolean)).toHaveLength(SIGN_IN_MAX_FAILURES);
    // Still locked for the right password too: the reservation comes before any password check.
    expect(await reserveSignInAttempt(a.db, email)).toBe(false);
    // Another account is not affected.
    expect(await reserveSignInAttempt(b.db, "other@example.com")).toBe(true);
    // After the window, the account gets its attempts back.
    const later = new Date(Date.now() + SIGN_IN_WINDOW_MS + 1000);
    const again = await Promise.all(
      Array.from({ length: 10 }, (_, i) => reserveSignInAttempt((i % 2 ? a : b).db, email, later)),
    );
    expect(again.filter(Boolean)).toHaveLength(SIGN_IN_MAX_FAILURES);
  });

  it("a reservation given back (no verdict) does not count; a success clears the account", async () => {
    const [a] = await twoConnections();
    const email = "someone@example.com";
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) expect(await reserveSignInAttempt(a.db, email)).toBe(true);
    await releaseSignInAttempt(a.db, email);
    expect(await reserveSignInAttempt(a.db, email)).toBe(true);
    expect(await reserveSignInAttempt(a.db, email)).toBe(false);
    await clearSignInAttempts(a.db, email);
    expect(await reserveSignInAttempt(a.db, email)).toBe(true);
  });

  it("25 parallel two-factor codes on one account, over two connections: ten are checked, then it is locked", async () => {
    const [a, b] = await twoConnections();
    const userId = crypto.randomUUID();
    await a.db.insert(userTable).values({ id: userId, name: "t", email: "totp@example.com" });
    await a.db
      .insert(twoFactorTable)
      .values({ id: crypto.randomUUID(), userId, secret: "s", backupCodes: "c" });
    const now = new Date();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => reserveTwoFactorAttempt((i % 2 ? a : b).db, userId, now)),
    );
    expect(answers.filter((r) => r.state === "reserved")).toHaveLength(TWO_FACTOR_MAX_FAILURES);
    expect(answers.filter((r) => r.state === "locked")).toHaveLength(25 - TWO_FACTOR_MAX_FAILURES);
    // A reservation given back (no verdict) lifts the lock it started; a correct code clears the count.
    await releaseTwoFactorAttempt(a.db, userId);
    expect((await reserveTwoFactorAttempt(b.db, userId, now)).state).toBe("reserved");
    expect((await reserveTwoFactorAttempt(b.db, userId, now)).state).toBe("locked");
    // Fifteen minutes after the lock began, the count starts afresh.
    const later = new Date(now.getTime() + TWO_FACTOR_LOCK_MS + 1000);
    expect(await reserveTwoFactorAttempt(a.db, userId, later)).toEqual({ state: "reserved", attempts: 1 });
    await clearTwoFactorAttempts(a.db, userId);
    expect(await reserveTwoFactorAttempt(a.db, userId, later)).toEqual({ state: "reserved", attempts: 1 });
    // An account without two-factor has nothing to count.
    expect(await reserveTwoFactorAttempt(a.db, crypto.randomUUID(), now)).toEqual({ state: "not_enrolled" });
  });

  it("300 parallel refusals from one address: one audit row now, one saying 300 after the minute", async () => {
    const [a] = await twoConnections();
    installDb(a);
    const actor = { userId: null, email: null, ip: "203.0.113.7", userAgent: "curl" };
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 1000);
    await Promise.all(
      Array.from({ length: 300 }, () =>
        auditRefusal(actor, { detail: "GET /api/users (users.read): no session" }, now),
      ),
    );
    const refused = () => a.db.select().from(auditRows).where(eq(auditRows.action, "request.refused"));
    expect(await refused()).toHaveLength(1);
    const [tally] = await a.db.select().from(refusalTallies);
    expect(tally).toMatchObject({ ip: "203.0.113.7", userId: "", count: 300, summarised: false });

    // Another caller in the same minute gets its own first row.
    await auditRefusal(
      { ...actor, ip: "198.51.100.1" },
      { detail: "GET /api/orgs (orgs.read): no session" },
      now,
    );
    expect(await refused()).toHaveLength(2);

    // After the minute: one row says how many; summing up again (another instance) writes nothing more.
    const later = new Date(now.getTime() + 60_000);
    expect(await summariseRefusals(a.db, later)).toBe(1);
    expect(await summariseRefusals(a.db, later)).toBe(0);
    const rows = await refused();
    expect(rows).toHaveLength(3);
    const summary = rows.find((r) => r.detail?.startsWith("300 refused requests"));
    expect(summary).toMatchObject({ ip: "203.0.113.7", outcome: "refused" });
    const tallies = await a.db.execute<{ n: number }>(sql`select count(*)::int as n from refusal_tallies`);
    expect(Number(tallies.rows[0]?.n)).toBe(2);
  });
});
