// A second console instance for the session-cache tests on PostgreSQL (run with `node --conditions=react-server
// --import tsx`): it checks one session cookie (argv[2]) in a loop, as requests would, and prints
//   state <active:role|none>   whenever the answer changes
//   warm                       once the session is cached (40 checks in a row sent no session query)
// DATABASE_URL and CONSOLE_AUTH_SECRET come from the environment, as the console's would.
import pg from "pg";
import { getConsoleSession } from "@/lib/server/auth/session";

let sessionQueries = 0;
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
  if (text?.includes("auth_session")) sessionQueries++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

async function main(cookie: string): Promise<void> {
  const headers = new Headers({ cookie });
  let last = "";
  let quiet = 0;
  let warm = false;
  for (;;) {
    const before = sessionQueries;
    const found = await getConsoleSession(headers);
    const state = found ? `active:${found.user.role}` : "none";
    if (state !== last) {
      console.log(`state ${state}`);
      last = state;
    }
    quiet = sessionQueries === before ? quiet + 1 : 0;
    if (!warm && found && quiet >= 40) {
      warm = true;
      console.log("warm");
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

main(process.argv[2]!).catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
