import "server-only";
import { ensureKeyRing } from "../crypto";
import type { Db } from "../db";
import { logger } from "../log";
import { countStoredSecrets, verifyStoredSecrets } from "./repository";

/**
 * Start-up check (docs/security.md 11): a key ring must exist (production: CONSOLE_ENCRYPTION_KEYS; elsewhere a
 * generated DATA_DIR/encryption.key when nothing is stored yet), and every stored secret must decrypt with it.
 * A missing or wrong key stops the start with a message; nothing is re-initialised.
 */
export async function checkEncryptionKeys(db: Db): Promise<void> {
  const stored = await countStoredSecrets(db);
  const { ring, source } = ensureKeyRing(stored);
  const verified = await verifyStoredSecrets(db, ring);
  logger.info(
    { keySource: source, currentKeyId: ring.currentId, keys: ring.keys.size, storedSecrets: verified },
    "encryption keys checked",
  );
}
