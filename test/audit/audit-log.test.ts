// The audit log on every test database: rows, the hash chain, tamper detection, crash safety (T11).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginAudit, completeAudit, recordAudit } from "@/lib/server/audit";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { openDatabase } from "@/lib/server/db";
import type { TestDatabaseHandle } from "../support/db";
import { createPostgresDatabase, migratedDataDir, testDatabases, TEST_DATABASE_URL } from "../support/db";
import { spawnTs } from "../support/child";

const actor = { userId: "u-1", email: "ada@console.example", ip: "10.0.0.1", userAgent: "vitest" };
const ORG = "5f1000000000000000000001";

describe.each(testDatabases())("audit log on $name", ({ open }) => {
  let h: TestDatabaseHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(() => h.close());

  it("an intent row is pending until completed; a one-shot row is complete at once", async () => {
    const id = await beginAudit(
      actor,
      {
        action: "invitation.created",
        connectionId: "env",
        orgId: ORG,
        targetEmail: "new@example.com",
        grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
      },
      h.db,
    );
    const pending = await h.db.execute<{ outcome: string; completed_at: unknown }>(
      sql`select outcome, completed_at from audit_rows where id = ${id}`,
    );
    expect(pending.rows[0]).toMatchObject({ outcome: "pending", completed_at: null });
    await completeAudit(
      id,
      { outcome: "success", atlasStatus: 201, targetId: "5f5000000000000000000abc" },
      h.db,
    );
    // A second completion (the reconciler racing the request) is ignored, not a second event.
    await completeAudit(id, { outcome: "failure" }, h.db);
    const done = await h.db.execute<Record<string, unknown>>(sql`select * from audit_rows where id = ${id}`);
    expect(done.rows[0]).toMatchObject({
      outcome: "success",
      atlas_status: 201,
      target_id: "5f5000000000000000000abc",
      user_email: "ada@console.example",
      grants: { orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
    });
    const events = await h.db.execute<{ kind: string }>(
      sql`select kind from audit_events where audit_id = ${id} order by seq`,
    );
    expect(events.rows.map((e) => e.kind)).toEqual(["intent", "completion"]);
    const one = await recordAudit(actor, { action: "auth.signed_in", outcome: "success" }, h.db);
    const row = await h.db.execute<{ outcome: string }>(
      sql`select outcome from audit_rows where id = ${one}`,
    );
    expect(row.rows[0]?.outcome).toBe("success");
    expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, firstBroken: null });
  });

  it("concurrent writers keep one chain (200 writes at once)", async () => {
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const id = await beginAudit(
          actor,
          { action: "invitation.cancelled", orgId: ORG, targetId: `${i}` },
          h.db,
        );
        await completeAudit(id, { outcome: i % 3 ? "success" : "noop" }, h.db);
      }),
    );
    const result = await verifyAuditChain(h.db, 37);
    expect(result.ok).toBe(true);
    expect(result.events).toBeGreaterThanOrEqual(200);
  });

  it("verify names the first broken link: an altered event, an altered row, a deleted event", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await recordAudit(
          actor,
          { action: "user.created", outcome: "success", targetEmail: `t${i}@x.io` },
          h.db,
        ),
      );
    }
    expect((await verifyAuditChain(h.db)).ok).toBe(true);

    // UPDATE on the rows table (what the Audit page shows): the row no longer matches its events.
    await h.db.execute(
      sql`update audit_rows set outcome = 'failure', user_email = 'mallory@x.io' where id = ${ids[3]}`,
    );
    await h.db.execute(sql`update audit_rows set outcome = 'failure' where id = ${ids[4]}`);
    let r = await verifyAuditChain(h.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({
      auditId: ids[3],
      reason: expect.stringMatching(/outcome, .*userEmail|userEmail.*outcome/),
    });

    // UPDATE on the event itself, with its data rewritten consistently: the hash gives it away.
    const [seqRow] = (
      await h.db.execute<{ seq: number }>(
        sql`select seq::int as seq from audit_events where audit_id = ${ids[2]}`,
      )
    ).rows;
    await h.db.execute(
      sql`update audit_events set data = replace(data, 't2@x.io', 'evil@x.io') where audit_id = ${ids[2]}`,
    );
    r = await verifyAuditChain(h.db);
    expect(r.firstBroken).toMatchObject({
      seq: seqRow!.seq,
      auditId: ids[2],
      reason: expect.stringMatching(/altered/),
    });

    // A deleted event breaks the link of the one after it.
    await h.db.execute(sql`delete from audit_events where audit_id = ${ids[1]}`);
    r = await verifyAuditChain(h.db);
    expect(r.firstBroken).toMatchObject({ auditId: ids[2], reason: expect.stringMatching(/does not link/) });
  });
});

describe("T11: kill -9 during audit writes", () => {
  const targets: { name: string; prepare(): Promise<{ target: string; cleanup(): Promise<void> }> }[] = [
    {
      name: "pglite",
      prepare: async () => ({ target: migratedDataDir("console-crash-"), cleanup: async () => {} }),
    },
  ];
  if (TEST_DATABASE_URL) {
    const base = TEST_DATABASE_URL;
    targets.push({
      name: "postgres",
      prepare: async () => {
        const fresh = await createPostgresDatabase(base, { migrated: true });
        return { target: fresh.url, cleanup: fresh.drop };
      },
    });
  }

  it.each(targets)(
    "$name: every acknowledged write survives, and the chain verifies after restart",
    async ({ name, prepare }) => {
      const { target, cleanup } = await prepare();
      try {
        for (let round = 0; round < 3; round++) {
          const writer = spawnTs("test/support/audit-writer.ts", [target, "400"]);
          await writer.waitFor("ready", 30_000);
          const wanted = 20 + round * 15;
          await writer.waitFor((out) => (out.match(/^ack /gm)?.length ?? 0) >= wanted, 30_000);
          writer.proc.kill("SIGKILL");
          await writer.exited;
          const acked = [...writer.stdout().matchAll(/^ack (\S+)$/gm)].map((m) => m[1]!);
          expect(acked.length).toBeGreaterThanOrEqual(wanted);
          const reopened = await openDatabase(name === "pglite" ? { dataDir: target } : { url: target });
          try {
            const present = await reopened.db.execute<{ id: string }>(sql`select id from audit_rows`);
            const ids = new Set(present.rows.map((r) => r.id));
            expect(acked.filter((id) => !ids.has(id))).toEqual([]);
            const verified = await verifyAuditChain(reopened.db);
            expect(verified.firstBroken).toBeNull();
          } finally {
            await reopened.close();
          }
        }
      } finally {
        await cleanup();
      }
    },
    120_000,
  );
});
