// "invited by <console user>" kept per org (lib/server/invitations/invited-by-cache.ts), on PGlite and
// PostgreSQL: a name found is not asked again while the invitation is listed (its audit row can be removed and
// the name stays); an id without one is asked again after ROUTING_CACHE_MS (2 s by default) or at once after
// this process's own change to the org; the copy keeps only what the last read listed.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { env } from "@/lib/server/env";
import { invitedBy, invitedByChanged } from "@/lib/server/invitations/invited-by-cache";
import { testDatabases } from "../support/db";

const opened: DatabaseHandle[] = [];
afterAll(async () => {
  for (const h of opened.splice(0)) await h.close();
});

describe.each(testDatabases())("on $name", (kind) => {
  it("asks the audit log only for ids it does not know yet", async () => {
    expect(env().ROUTING_CACHE_MS).toBe(2_000);
    const handle = await kind.open();
    opened.push(handle);
    const { db } = handle;
    const org = `org${randomUUID().replaceAll("-", "").slice(0, 21)}`;
    const created = async (
      targetId: string,
      userEmail: string,
      outcome: "success" | "failure" = "success",
    ) => {
      const id = randomUUID();
      await db.insert(auditRows).values({
        id,
        createdAt: new Date(),
        action: "invitation.created",
        orgId: org,
        targetId,
        userEmail,
        outcome,
      });
      return id;
    };
    const names = async (ids: string[]) =>
      Object.fromEntries([...(await invitedBy(db, org, ids))].map(([id, a]) => [id, a.by]));

    const rowA = await created("inv-a", "alice@console.example");
    await created("inv-b", "mallory@console.example", "failure");
    expect(await names(["inv-a", "inv-b"])).toEqual({ "inv-a": "alice@console.example" });

    // A's name is not asked again: without its row it still shows. B had no successful create: its new one
    // does not show within the lifetime...
    await db.delete(auditRows).where(eq(auditRows.id, rowA));
    await created("inv-b", "bob@console.example");
    expect(await names(["inv-a", "inv-b"])).toEqual({ "inv-a": "alice@console.example" });
    // ...but at once after this process changed the org's invitations.
    invitedByChanged(org);
    expect(await names(["inv-a", "inv-b"])).toEqual({
      "inv-a": "alice@console.example",
      "inv-b": "bob@console.example",
    });

    // An id never seen is asked at once; one seen without a name is asked again after the lifetime.
    await created("inv-c", "carol@console.example");
    expect(await names(["inv-a", "inv-b", "inv-c", "inv-d"])).toEqual({
      "inv-a": "alice@console.example",
      "inv-b": "bob@console.example",
      "inv-c": "carol@console.example",
    });
    await created("inv-d", "dave@console.example");
    expect((await names(["inv-d"]))["inv-d"]).toBeUndefined();
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await names(["inv-d"])).toEqual({ "inv-d": "dave@console.example" });

    // The last read listed only D: A was dropped from the copy, and asked again it has no row any more.
    expect(await names(["inv-a", "inv-d"])).toEqual({ "inv-d": "dave@console.example" });
  });
});
