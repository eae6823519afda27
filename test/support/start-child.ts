// A console start-up in its own process (run with `node --conditions=react-server --import tsx`): runs
// lib/server/startup.ts start() with the environment it was given, prints "started" or the error, and exits.
import { closeDb } from "@/lib/server/db";
import { start } from "@/lib/server/startup";

start().then(
  async () => {
    console.log("started");
    await closeDb();
    process.exit(0);
  },
  async (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    await closeDb().catch(() => undefined);
    process.exit(3);
  },
);
