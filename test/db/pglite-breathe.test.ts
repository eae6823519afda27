// PGlite answers every query in a microtask: without lib/server/db/pglite-breathe.ts a loop of awaited queries
// (a ledger sync of 1,000 invitations) kept the event loop from turning, and no request was served until it ended.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/lib/server/db";
import { testDatabases } from "../support/db";

const pglite = testDatabases().find((d) => d.name === "pglite")!;

/** How many times a 5 ms timer fired while `work` ran. */
async function timerTurnsDuring(work: () => Promise<void>): Promise<number> {
  let turns = 0;
  const timer = setInterval(() => turns++, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return turns;
}

describe("PGlite lets the event loop turn during long runs of queries", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await pglite.open();
    await handle.db.execute(sql`create table breathe_probe (id int primary key, v text)`);
  });
  afterAll(() => handle?.close());

  it("a timer fires while 2,000 awaited upserts run one after the other", async () => {
    const turns = await timerTurnsDuring(async () => {
      for (let i = 0; i < 2_000; i++)
        await handle.db.execute(
          sql`insert into breathe_probe values (${i}, ${`v${i}`}) on conflict (id) do update set v = excluded.v`,
        );
    });
    // Without a turn the timer never fires until the loop has ended (0); with one every 10 ms, dozens.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it("and inside a transaction, whose rows stay all or nothing", async () => {
    const turns = await timerTurnsDuring(async () => {
      await handle.db
        .transaction(async (tx) => {
          for (let i = 0; i < 2_000; i++)
            await tx.execute(sql`update breathe_probe set v = ${`t${i}`} where id = ${i}`);
          throw new Error("roll back");
        })
        .catch((e: Error) => expect(e.message).toBe("roll back"));
    });
    expect(turns).toBeGreaterThanOrEqual(5);
    const changed = await handle.db.execute<{ n: number }>(
      sql`select count(*)::int as n from breathe_probe where v like 't%'`,
    );
    expect(changed.rows[0]?.n).toBe(0);
  });
});
