// `npm run console -- audit verify` as an operator runs it: a separate process on the data directory.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/server/audit";
import { openDatabase } from "@/lib/server/db";
import { spawnTs } from "../support/child";
import { migratedDataDir } from "../support/db";

const actor = { userId: "u", email: "ops@console.example", ip: null, userAgent: null };

async function verify(dataDir: string) {
  const child = spawnTs("scripts/console.ts", ["audit", "verify"], { DATA_DIR: dataDir });
  const { code } = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

describe("audit verify (CLI)", () => {
  it("reports an intact log, then the first broken link after a row is tampered with", async () => {
    const dir = migratedDataDir("console-cli-");
    const h = await openDatabase({ dataDir: dir });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(await recordAudit(actor, { action: "user.created", outcome: "success" }, h.db));
    await h.close();

    const ok = await verify(dir);
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("Audit log intact: 4 events, 4 rows");

    const again = await openDatabase({ dataDir: dir });
    const seq = (
      await again.db.execute<{ seq: number }>(
        sql`select seq::int as seq from audit_events where audit_id = ${ids[1]}`,
      )
    ).rows[0]!.seq;
    await again.db.execute(
      sql`update audit_events set data = replace(data, 'success', 'failure') where audit_id = ${ids[1]}`,
    );
    await again.db.execute(sql`update audit_rows set outcome = 'failure' where id = ${ids[1]}`);
    await again.close();

    const broken = await verify(dir);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain(`Audit log BROKEN at event ${seq} (audit row ${ids[1]})`);
    expect(broken.err).toContain("altered");
  });

  it("refuses while the console holds the data directory, naming its pid", async () => {
    const dir = migratedDataDir("console-cli-");
    const h = await openDatabase({ dataDir: dir });
    try {
      const res = await verify(dir);
      expect(res.code).toBe(1);
      expect(res.err).toContain(`in use by process ${process.pid}`);
    } finally {
      await h.close();
    }
  });
});
