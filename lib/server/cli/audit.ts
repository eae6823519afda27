import "server-only";
import { verifyAuditChain } from "../audit/verify";
import { closeDb, getDb } from "../db";

const USAGE = "Usage: npm run console -- audit verify";

/** `npm run console -- audit verify`: checks the hash chain and the rows; exit 0 intact, 1 broken. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "verify" || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  // Opens the database like the server does (DATA_DIR behind its lock, or DATABASE_URL): with PGlite the
  // console must be stopped first, and the lock says so.
  try {
    const result = await verifyAuditChain(await getDb());
    if (result.ok) {
      console.log(`Audit log intact: ${result.events} events, ${result.rows} rows, every link verified.`);
      return 0;
    }
    const b = result.firstBroken!;
    const where = b.seq === null ? `audit row ${b.auditId}` : `event ${b.seq} (audit row ${b.auditId})`;
    console.error(`Audit log BROKEN at ${where}: ${b.reason}.`);
    console.error(`Verified ${result.events} events before it.`);
    return 1;
  } finally {
    await closeDb();
  }
}
