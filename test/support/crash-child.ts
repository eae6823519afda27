// A console process for the crash tests (run with `node --conditions=react-server --import tsx`), with the
// environment it was given (DATA_DIR or DATABASE_URL, ATLAS_*), through lib/server/startup.ts start():
//   invite <email> <key>   start, print "started", invite <email> with Idempotency-Key <key> (the test kills
//                          it while Atlas is still working on the create)
//   watch <email> <key>    start, print "started", then print "outcome <o>" each time the audit row of the
//                          invite of <email> changes; once it is settled, replay <key> and print
//                          "replay <result as JSON>"; stay until killed
import { and, eq } from "drizzle-orm";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { createInvitations } from "@/lib/server/invitations/create-invitations";
import { start } from "@/lib/server/startup";

const ORG = process.env.CRASH_ORG_ID ?? "";
const actor = { userId: null, email: "crash-test@console.test", ip: null, userAgent: null };

const invite = (email: string, key: string) =>
  createInvitations({
    orgId: ORG,
    input: { emails: email, orgRoles: ["ORG_MEMBER"], teamIds: [], projectRoles: [] },
    idempotencyKey: key,
    actor,
    role: "admin",
  });

async function main([mode, email, key]: string[]): Promise<void> {
  if (!email || !key || !ORG)
    throw new Error("usage: crash-child <invite|watch> <email> <key> (CRASH_ORG_ID)");
  await start();
  console.log("started");
  if (mode === "invite") {
    console.log(`answer ${JSON.stringify(await invite(email, key))}`);
    return;
  }
  if (mode !== "watch") throw new Error(`unknown mode ${mode}`);
  let last = "";
  for (;;) {
    const [row] = await (
      await getDb()
    )
      .select({ outcome: auditRows.outcome })
      .from(auditRows)
      .where(and(eq(auditRows.action, "invitation.created"), eq(auditRows.targetEmail, email)));
    const outcome = row?.outcome ?? "none";
    if (outcome !== last) console.log(`outcome ${outcome}`);
    last = outcome;
    if (outcome !== "pending" && outcome !== "none") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`replay ${JSON.stringify(await invite(email, key))}`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
