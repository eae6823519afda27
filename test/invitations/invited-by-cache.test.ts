// "invited by" kept per org (lib/server/invitations/invited-by-cache.ts; the ledger first, then the audit log:
// lib/server/ledger/attribution.ts), on PGlite and PostgreSQL: a name found is not asked again while the
// invitation is listed (its audit row can be removed and the name stays); an id without one is asked again
// after ROUTING_CACHE_MS (2 s by default) or at once after this process's own change to the org; the copy
// keeps only what the last read listed.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { env } from "@/lib/server/env";
import { invitedBy, invitedByChanged } from "@/lib/server/invitations/invited-by-cache";
import type { LedgerRow } from "@/lib/server/ledger/repository";
import { recordPending, setSupersededBy, transition } from "@/lib/server/ledger/repository";
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

  it("the ledger names who acted, what they did and the first inviter of a renewed chain", async () => {
    const handle = await kind.open();
    opened.push(handle);
    const { db } = handle;
    const org = `org${randomUUID().replaceAll("-", "").slice(0, 21)}`;
    const grants = { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] };
    const person = (email: string) => ({ userId: `u-${email}`, email });
    const [alice, bob, carol] = ["alice@c.example", "bob@c.example", "carol@c.example"].map(person);
    const row = (email: string, userId: string, inviter: string | null = null) => ({
      connectionId: "env",
      orgId: org,
      email,
      source: "users" as const,
      grants,
      userId,
      inviter,
    });
    // How renew, re-invite and createUser write the ledger (lib/server/invitations/renew-invitation.ts,
    // reinvite-invitation.ts, lib/server/atlas-users/create-atlas-user.ts).
    const replace = async (old: LedgerRow, userId: string, by: typeof alice, detail?: unknown) => {
      expect(await transition(db, old, "superseded", { kind: "renewed" })).toBe(true);
      const next = await recordPending(db, row(old.email, userId), {
        kind: "created",
        createdBy: by,
        actor: by,
        detail,
      });
      await setSupersededBy(db, old.id, next.id);
      return next;
    };
    // Alice invites, Bob renews, Carol renews again: Carol renewed it, Alice first invited.
    const a1 = await recordPending(db, row("pat@x.example", "u-a1", "mdb_sa_id_1"), {
      kind: "created",
      createdBy: alice,
    });
    const a2 = await replace(a1, "u-a2", bob!, { renewOf: a1.id });
    await replace(a2, "u-a3", carol!, { renewOf: a2.id });
    // Found by the sync (a service account made it), then renewed by Bob.
    const b1 = await recordPending(db, row("sam@x.example", "u-b1", "mdb_sa_id_1"), { kind: "discovered" });
    await replace(b1, "u-b2", bob!, { renewOf: b1.id });
    // Re-invited by Bob after Alice's invitation lapsed.
    const c1 = await recordPending(db, row("lee@x.example", "u-c1"), { kind: "created", createdBy: alice });
    await replace(c1, "u-c2", bob!);
    // An Atlas account Bob made.
    await recordPending(db, row("kim@x.example", "u-d1", "Demo connection"), {
      kind: "created",
      createdBy: bob,
      detail: "createUser",
    });
    await recordPending(db, row("sync@x.example", "u-e1", "mdb_sa_id_1"), { kind: "discovered" });

    const got = Object.fromEntries(await invitedBy(db, org, ["u-a3", "u-b2", "u-c2", "u-d1", "u-e1"]));
    expect(got).toEqual({
      "u-a3": { by: carol!.email, via: "renewed", firstBy: alice!.email, firstByIsAtlas: false },
      "u-b2": { by: bob!.email, via: "renewed", firstBy: "mdb_sa_id_1", firstByIsAtlas: true },
      "u-c2": { by: bob!.email, via: "reinvited", firstBy: alice!.email, firstByIsAtlas: false },
      "u-d1": { by: bob!.email, via: "account", firstBy: null, firstByIsAtlas: false },
    });
  });
});
