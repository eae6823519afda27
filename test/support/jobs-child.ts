// A console instance's job layer in its own process (run with `node --conditions=react-server --import tsx`),
// for the two-instance tests: opens the database of its environment (DATABASE_URL), starts the job layer,
// prints "jobs started" and works jobs until it is killed.
import { getDatabaseHandle } from "@/lib/server/db";
import { startJobs } from "@/lib/server/jobs";

async function main(): Promise<void> {
  const handle = await getDatabaseHandle();
  await startJobs(handle);
  console.log("jobs started");
  await new Promise(() => {});
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(3);
});
