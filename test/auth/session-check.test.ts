// The per-request session check (lib/server/auth/session.ts): a sign-out, a revocation or an expiry ends the
// session at the very next request (the verified cache is told: test/auth/verified-cache.test.ts); a cookie
// whose signature does not verify never counts; reading a session never writes it.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { flushActivity } from "@/lib/server/auth/activity";
import { getConsoleSession } from "@/lib/server/auth/session";
import { getAuth } from "@/lib/server/auth/config";
import { getDb } from "@/lib/server/db";
import { session as sessionTable } from "@/lib/server/db/schema/auth";
import { prepareTestAuth, signedInRequest } from "../support/session";

// Opening and migrating the database is the slow part on a loaded machine: done here, not in the first test.
beforeAll(async () => {
  prepareTestAuth();
  await getDb();
}, 120_000);

const tokenOf = (cookie: string) => decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
const check = (cookie: string) => getConsoleSession(new Headers({ cookie }));
const signIn = async (...args: Parameters<typeof signedInRequest>) => ({
  Cookie: (await signedInRequest(...args)).Cookie!,
});

describe("getConsoleSession", () => {
  it("accepts a signed cookie, among other cookies, and names the user", async () => {
    const { Cookie } = await signIn("inviter", { email: "check-ok@example.com" });
    const found = await check(`theme=dark; ${Cookie}; other=1`);
    expect(found?.user).toMatchObject({ email: "check-ok@example.com", role: "inviter" });
    expect(found?.needsTotpSetup).toBe(false);
  });

  it("refuses a cookie whose signature is altered, missing or signed with another secret", async () => {
    const { Cookie } = await signIn("viewer");
    const [name, value] = Cookie.split("=") as [string, string];
    const [token, signature] = decodeURIComponent(value).split(".") as [string, string];
    const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    for (const bad of [
      `${name}=${encodeURIComponent(`${token}.${flipped}`)}`,
      `${name}=${encodeURIComponent(token)}`,
      `${name}=${encodeURIComponent(`${token}.`)}`,
      `${name}=${encodeURIComponent(`${token}.${signature.replace(/\+/g, "-").replace(/\//g, "_")}x`)}`,
    ]) {
      expect(await check(bad)).toBeNull();
    }
    expect(await check(Cookie)).not.toBeNull();
  });

  it("a signed-out (deleted) session ends at the next request; an expired one is refused and deleted", async () => {
    const a = await signIn("viewer");
    expect(await check(a.Cookie)).not.toBeNull();
    const ctx = await (await getAuth()).$context;
    await ctx.internalAdapter.deleteSession(tokenOf(a.Cookie));
    expect(await check(a.Cookie)).toBeNull();

    const b = await signIn("viewer");
    const db = await getDb();
    await db
      .update(sessionTable)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessionTable.token, tokenOf(b.Cookie)));
    expect(await check(b.Cookie)).toBeNull();
    expect(
      await db
        .select()
        .from(sessionTable)
        .where(eq(sessionTable.token, tokenOf(b.Cookie))),
    ).toHaveLength(0);
  });

  it("does not write the session on a read: its last activity is written later, in a batch", async () => {
    const { Cookie } = await signIn("viewer");
    const db = await getDb();
    const read = async () =>
      (
        await db
          .select()
          .from(sessionTable)
          .where(eq(sessionTable.token, tokenOf(Cookie)))
      )[0]!.updatedAt.getTime();
    // Last activity a minute ago (before this process saw the session): the reads slide it, later, once.
    await db
      .update(sessionTable)
      .set({ updatedAt: new Date(Date.now() - 60_000) })
      .where(eq(sessionTable.token, tokenOf(Cookie)));
    const before = await read();
    for (let i = 0; i < 5; i++) await check(Cookie);
    expect(await read()).toBe(before);
    await flushActivity();
    const slid = await read();
    expect(Date.now() - slid).toBeLessThan(5_000);
    await check(Cookie);
    await flushActivity();
    expect(await read()).toBe(slid);
  });
});
