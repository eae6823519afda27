// A console process for the bulk crash tests (run with `node --conditions=react-server --import tsx`), with the
// environment it was given (DATA_DIR or DATABASE_URL, ATLAS_*), through lib/server/startup.ts start() — so the
// job layer, its sweep and the bulk worker run as in the console:
//   plan <csv file>   plan an import of the file as an admin and start it; print "run <id>"
//   watch <runId>     only start (the sweep takes the run up)
// Both then print "done <n>" each time the rows finished change, and "finished <states as JSON>" at the end.
import { readFileSync } from "node:fs";
import { bulkImportInputSchema } from "@/lib/schemas/bulk";
import { commandRun } from "@/lib/server/bulk/commands";
import { readBulkRun } from "@/lib/server/bulk/list-runs";
import { planImport } from "@/lib/server/bulk/plan-import";
import { start } from "@/lib/server/startup";

const ORG = process.env.CRASH_ORG_ID ?? "";
const user = { id: "bulk-crash-admin", email: "bulk-crash@console.test", role: "admin" as const };
const actor = { userId: user.id, email: user.email, ip: null, userAgent: null };

async function main([mode, arg]: string[]): Promise<void> {
  if (!arg || !ORG) throw new Error("usage: bulk-child <plan <csv>|watch <runId>> (CRASH_ORG_ID)");
  await start();
  let runId = arg;
  if (mode === "plan") {
    const input = bulkImportInputSchema.parse({ label: "crash.csv", csv: readFileSync(arg, "utf8") });
    const run = await planImport({ orgId: ORG, input, user });
    runId = run.id;
    await commandRun({ orgId: ORG, runId, command: "start", actor, user });
    console.log(`run ${runId}`);
  } else if (mode !== "watch") {
    throw new Error(`unknown mode ${mode}`);
  }
  let last = -1;
  for (;;) {
    const run = await readBulkRun({ orgId: ORG, runId });
    if (run.progress.done !== last) console.log(`done ${run.progress.done}`);
    last = run.progress.done;
    if (run.status === "done" || run.status === "cancelled") {
      console.log(`finished ${JSON.stringify(run.states)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
