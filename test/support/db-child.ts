// A second process for the database tests (run with `node --conditions=react-server --import tsx`):
//   hold <dataDir>          open PGlite behind the lock, print "ready", stay until killed
//   open <dataDir>          open PGlite behind the lock and exit 0, or print the error and exit 3
import { openDatabase } from "@/lib/server/db";

async function main(argv: string[]): Promise<number> {
  const [mode, target] = argv;
  if (!target) throw new Error("usage: db-child <hold|open> <dataDir>");
  if (mode === "hold") {
    await openDatabase({ dataDir: target });
    console.log("ready");
    await new Promise(() => {});
  }
  if (mode === "open") {
    try {
      const handle = await openDatabase({ dataDir: target });
      await handle.close();
      console.log("opened");
      return 0;
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      return 3;
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : String(e));
    process.exit(1);
  },
);
