import "server-only";
import { reencryptSecrets } from "../connections/repository";
import { isCryptoError, keyRing } from "../crypto";
import { generateKeyEntry } from "../crypto/key-ring";
import { openDatabase } from "../db";
import { env } from "../env";

const USAGE = `Usage:
  npm run console -- keys rotate             re-encrypt every stored Atlas secret with the first key of
                                             CONSOLE_ENCRYPTION_KEYS (idempotent)
  npm run console -- keys generate [--id v2] print a new key entry to put first in CONSOLE_ENCRYPTION_KEYS`;

/**
 * Key rotation: put a new key first in CONSOLE_ENCRYPTION_KEYS (keeping the old ones after it), restart, run
 * `keys rotate`, then the old keys may be removed. Secrets and keys are never printed.
 */
export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === "generate") {
    const i = rest.indexOf("--id");
    const id = i >= 0 ? rest[i + 1] : "v1";
    if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      console.error("--id must be letters, digits, - or _ (like v2)");
      return 2;
    }
    console.log(generateKeyEntry(id));
    return 0;
  }
  if (command !== "rotate") {
    console.error(USAGE);
    return command ? 2 : 0;
  }
  let ring;
  try {
    ring = keyRing();
  } catch (e) {
    console.error(isCryptoError(e) ? e.message : String(e));
    return 1;
  }
  const e = env();
  const { db, close } = await openDatabase(
    e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: e.DATA_DIR },
  );
  try {
    const report = await reencryptSecrets(db, ring);
    console.log(
      `Stored Atlas secrets: ${report.total}; re-encrypted with key "${ring.currentId}": ${report.reencrypted}; ` +
        `already on it: ${report.alreadyCurrent}.`,
    );
    if (report.reencrypted === 0) console.log("Nothing to do: every stored secret uses the current key.");
    else console.log("Keys other than the first may now be removed from CONSOLE_ENCRYPTION_KEYS.");
    return 0;
  } catch (err) {
    console.error(`Rotation stopped: ${(err as Error).message}`);
    return 1;
  } finally {
    await close();
  }
}
