// Two console instances on one PostgreSQL (when TEST_DATABASE_URL is set): this process and a child
// (test/support/session-child.ts), each with its verified session cache warm. A change made on one ends the
// other's cached entry through LISTEN/NOTIFY within a bound far below the cache's lifetime (5 s); while the
// listening connection is down, the cache is not trusted.
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getAuth } from "@/lib/server/auth/config";
import { getConsoleSession } from "@/lib/server/auth/session";
import { LISTENER_NAME, stopVerifiedCache, verifiedCacheLive } from "@/lib/server/auth/verified-cache";
import { changeConsoleUser } from "@/lib/server/console-users/change-console-user";
import { createConsoleUser } from "@/lib/server/console-users/create-console-user";
import { installDb, openDatabase } from "@/lib/server/db";
import type { DatabaseHandle } from "@/lib/server/db";
import { session as sessionTable } from "@/lib/server/db/schema/auth";
import { spawnTs } from "../support/child";
import type { Child } from "../support/child";
import { TEST_DATABASE_URL, createPostgresDatabase } from "../support/db";
import { prepareTestAuth, signedInRequest } from "../support/session";

/** The bound the other instance must meet (the cache alone would keep an entry 5 s). */
const BOUND_MS = 1_000;

describe.skipIf(!TEST_DATABASE_URL)("the verified cache on two instances (PostgreSQL)", () => {
  let fresh: { url: string; drop(): Promise<void> };
  let handle: DatabaseHandle;
  const children: Child[] = [];

  beforeAll(async () => {
    prepareTestAuth();
    fresh = await createPostgresDatabase(TEST_DATABASE_URL!, { migrated: true });
    handle = await openDatabase({ url: fresh.url });
    installDb(handle);
  }, 120_000);

  afterAll(async () => {
    for (const c of children) c.proc.kill("SIGKILL");
    await Promise.all(children.map((c) => c.exited));
    await stopVerifiedCache();
    installDb(null);
    await handle?.close();
    await fresh?.drop();
  });

  async function otherInstance(cookie: string): Promise<Child> {
    const child = spawnTs("test/support/session-child.ts", [cookie], {
      DATABASE_URL: fresh.url,
      CONSOLE_AUTH_SECRET: process.env.CONSOLE_AUTH_SECRET!,
      DATA_DIR: process.env.DATA_DIR!,
    });
    children.push(child);
    await child.waitFor("warm", 90_000);
    return child;
  }

  /** Milliseconds until the other instance prints `text` (fails past the bound). */
  async function noticed(child: Child, text: string): Promise<number> {
    const t0 = performance.now();
    await child.waitFor(text, 10_000);
    return performance.now() - t0;
  }

  const tokenOf = (cookie: string) => decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;

  it("a role change, then a revocation, made on this instance count on the other at once", async () => {
    const { Cookie } = await signedInRequest("inviter");
    const cookie = Cookie!;
    const other = await otherInstance(cookie);
    expect(other.stdout()).toContain("state active:inviter");
    // This instance is warm too.
    expect((await getConsoleSession(new Headers({ cookie })))?.user.role).toBe("inviter");
    await vi.waitFor(() => expect(verifiedCacheLive()).toBe(true), { timeout: 10_000, interval: 10 });

    const db = handle.db;
    const [row] = await db
      .select({ userId: sessionTable.userId })
      .from(sessionTable)
      .where(eq(sessionTable.token, tokenOf(cookie)));
    const { user: admin } = await createConsoleUser({
      email: `cache-pg-admin-${process.pid}@example.com`,
      role: "admin",
      password: "cache-pg-admin-password-0123",
    });
    const actor = { userId: admin.id, email: admin.email, ip: null, userAgent: null };
    await changeConsoleUser({ actor, actorId: admin.id, userId: row!.userId, change: { role: "viewer" } });
    expect((await getConsoleSession(new Headers({ cookie })))?.user.role).toBe("viewer");
    expect(await noticed(other, "state active:viewer")).toBeLessThan(BOUND_MS);

    const ctx = await (await getAuth()).$context;
    await ctx.internalAdapter.deleteSession(tokenOf(cookie));
    expect(await getConsoleSession(new Headers({ cookie }))).toBeNull();
    expect(await noticed(other, "state none")).toBeLessThan(BOUND_MS);
  });

  it("while the listening connections are down, a change still counts (the cache is not trusted)", async () => {
    const { Cookie } = await signedInRequest("inviter");
    const cookie = Cookie!;
    const other = await otherInstance(cookie);
    const db = handle.db;
    // Both instances' listeners lose their connection; the role changes before they could be back.
    await db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = ${LISTENER_NAME} and datname = current_database()`,
    );
    const [row] = await db
      .select({ userId: sessionTable.userId })
      .from(sessionTable)
      .where(eq(sessionTable.token, tokenOf(cookie)));
    await db.execute(sql`update auth_user set role = 'viewer' where id = ${row!.userId}`);
    expect(await noticed(other, "state active:viewer")).toBeLessThan(BOUND_MS);
    await vi.waitFor(
      () =>
        expect(getConsoleSession(new Headers({ cookie }))).resolves.toMatchObject({
          user: { role: "viewer" },
        }),
      { timeout: BOUND_MS, interval: 10 },
    );
    // The listener comes back, and the cache with it.
    await vi.waitFor(() => expect(verifiedCacheLive()).toBe(true), { timeout: 10_000, interval: 20 });
  });
});
