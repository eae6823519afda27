// A bounded audit write loop in its own process, for the kill -9 test (docs/security.md T11):
//   audit-writer <pglite dataDir | postgres url> <count>
// Prints "ack <id>" after each write has committed; the test kills it mid-loop and reopens the database.
import { beginAudit, completeAudit, recordAudit } from "@/lib/server/audit";
import { openDatabase } from "@/lib/server/db";

async function main(target: string, count: number): Promise<number> {
  const { db } = await openDatabase(/^postgres(ql)?:/.test(target) ? { url: target } : { dataDir: target });
  const actor = { userId: "u1", email: "writer@example.com", ip: "127.0.0.1", userAgent: "audit-writer" };
  console.log("ready");
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const id = await recordAudit(
        actor,
        { action: "auth.signed_in", outcome: "success", detail: `n=${i}` },
        db,
      );
      console.log(`ack ${id}`);
    } else {
      const id = await beginAudit(
        actor,
        { action: "invitation.created", orgId: "5f1000000000000000000001", targetEmail: `w${i}@example.com` },
        db,
      );
      await completeAudit(id, { outcome: "success", atlasStatus: 201 }, db);
      console.log(`ack ${id}`);
    }
  }
  console.log("done");
  return 0;
}

const [target, count] = process.argv.slice(2);
main(target!, Number(count)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
