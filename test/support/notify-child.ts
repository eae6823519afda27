// One console instance for the notifications test (run with `node --conditions=react-server --import tsx`):
//   notify-child <day> <goFile>   open DATABASE_URL, start the job layer, print "ready"; once <goFile>
//                                 exists, run the digest job for <day> as its cron tick would, print "built",
//                                 and keep working send jobs until killed.
import { existsSync } from "node:fs";
import { getDatabaseHandle } from "@/lib/server/db";
import { startJobs } from "@/lib/server/jobs";
import { notifyDigestJob } from "@/lib/server/jobs/notify";
import { logger } from "@/lib/server/log";

async function main([day, goFile]: string[]): Promise<void> {
  if (!day || !goFile) throw new Error("usage: notify-child <day> <goFile>");
  await startJobs(await getDatabaseHandle());
  console.log("ready");
  while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 50));
  await notifyDigestJob.handler({ day }, { jobId: "child", log: logger });
  console.log("built");
  await new Promise(() => {});
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
