import "server-only";
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

// DATA_DIR holds the PGlite database, its lock and (outside production) the generated encryption key and
// sign-in secret: readable by the console's user only, as PostgreSQL requires of its own data directory.
// The directory is 0700 and everything in it 0600 (directories 0700). PGlite writes its files 0666 whatever the
// umask, so the modes are set again after it opens and when it closes.

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates `dir` (0700) if needed. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Sets `dir` to 0700 and, below it, directories to 0700 and files to 0600 (symbolic links are left alone). */
export function securePrivateDir(dir: string): void {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  if (!stat.isDirectory()) return;
  chmodSync(dir, DIR_MODE);
  for (const name of readdirSync(dir)) {
    const entry = path.join(dir, name);
    let st;
    try {
      st = lstatSync(entry);
    } catch {
      continue; // Removed meanwhile (a lock file, a PGlite temporary).
    }
    if (st.isDirectory()) securePrivateDir(entry);
    else if (st.isFile() && (st.mode & 0o777) !== FILE_MODE) {
      try {
        chmodSync(entry, FILE_MODE);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  }
}

/** Runs `work` with umask 077, so that what it creates is private to the console's user from the start. */
export async function withPrivateUmask<T>(work: () => Promise<T>): Promise<T> {
  const before = process.umask(0o077);
  try {
    return await work();
  } finally {
    process.umask(before);
  }
}
