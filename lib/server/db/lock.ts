import "server-only";
import { closeSync, linkSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { makePrivateDir } from "./file-modes";

// docs/security.md 8: PGlite has no data-dir lock of its own, and two processes on one directory silently lose
// acknowledged writes. One process per DATA_DIR, enforced here with a lock file created atomically.

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data directory ${path.dirname(lockFile)} is in use by process ${holder.pid} on ${holder.hostname} ` +
        `(started ${holder.startedAt}). One console process per data directory: stop that process, point ` +
        `DATA_DIR elsewhere, or use DATABASE_URL (PostgreSQL) to run several instances. If no such process ` +
        `exists, delete ${lockFile}.`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly file: string;
  readonly info: LockInfo;
  release(): void;
}

/**
 * Lock files this process holds: a lock naming our own pid but not in here is left over from an earlier run
 * (a container restarted with the same pid). On globalThis, like the database slot: Next.js may load this
 * module twice, and a second copy must not mistake our own live lock for a stale one.
 */
const HELD = Symbol.for("invite-console.held-locks");
const held = ((globalThis as Record<symbol, unknown>)[HELD] ??= new Set<string>()) as Set<string>;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): { raw: string; info: LockInfo | null } | null {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof parsed.pid === "number" && typeof parsed.hostname === "string") {
      return {
        raw,
        info: { pid: parsed.pid, hostname: parsed.hostname, startedAt: String(parsed.startedAt) },
      };
    }
  } catch {
    // A torn or foreign file: treated as stale below only when it is clearly not a live lock.
  }
  return { raw, info: null };
}

function isStale(file: string, info: LockInfo | null): boolean {
  if (!info) return true;
  // Another host's pid cannot be checked from here: a shared volume stays locked until someone decides.
  if (info.hostname !== hostname()) return false;
  if (info.pid === process.pid) return !held.has(file);
  return !alive(info.pid);
}

/** Takes DATA_DIR's lock file, or throws DataDirLockedError naming the holder. A dead holder's lock is taken over. */
export function acquireDataDirLock(dir: string): DataDirLock {
  // Private to the console's user, as PostgreSQL requires of its data directory (lib/server/db/file-modes.ts).
  makePrivateDir(dir);
  const file = path.resolve(dir, "console.lock");
  const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  const content = `${JSON.stringify(info)}\n`;
  // Write the whole content first, then link it into place: link() fails if the lock exists, so there is
  // never a moment where another process can read a half-written lock of ours.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(tmp, file);
        held.add(file);
        const release = () => {
          process.removeListener("exit", release);
          if (!held.delete(file)) return;
          const current = readLock(file);
          if (current && current.raw === content) rmSync(file, { force: true });
        };
        // Next.js exits on SIGTERM without waiting for async handlers: give the lock back synchronously then.
        process.on("exit", release);
        return { file, info, release };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      }
      const current = readLock(file);
      if (!current) continue;
      if (!isStale(file, current.info)) throw new DataDirLockedError(file, current.info!);
      // Stale: remove it only if it is still the very file we judged (another process may have taken over).
      const again = readLock(file);
      if (again && again.raw === current.raw) {
        try {
          unlinkSync(file);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
        }
      }
    }
    throw new Error(`Could not take the lock ${file}: it keeps changing. Is another console starting?`);
  } finally {
    rmSync(tmp, { force: true });
  }
}
