// The database layer: migrations on every test database, and the PGlite data-dir lock (docs/security.md T12).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/server/db";
import { DataDirLockedError, acquireDataDirLock } from "@/lib/server/db/lock";
import { initPgliteInChild } from "@/lib/server/db/pglite-init";
import type { Child } from "../support/child";
import { spawnTs } from "../support/child";
import { tempDataDir, testDatabases } from "../support/db";

const CHILD = "test/support/db-child.ts";

describe.each(testDatabases())("migrations on $name", ({ open }) => {
  it("a fresh database gets every table of the schema, and opening again applies nothing twice", async () => {
    const handle = await open();
    try {
      const tables = await handle.db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      const names = tables.rows.map((r) => r.table_name);
      expect(names).toEqual(expect.arrayContaining(["audit_events", "audit_rows", "idempotency_records"]));
      const applied = await handle.db.execute<{ n: number }>(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const journal = JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")) as {
        entries: unknown[];
      };
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
    } finally {
      await handle.close();
    }
  });
});

describe("PGlite data directory", () => {
  const children: Child[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.proc.kill("SIGKILL");
  });

  it("keeps data across a close and a reopen, and migrates only once", async () => {
    const dir = tempDataDir();
    const first = await openDatabase({ dataDir: dir });
    await first.db.execute(sql`create table kept (v text)`);
    await first.db.execute(sql`insert into kept values ('still here')`);
    await first.close();
    expect(existsSync(path.join(dir, "console.lock"))).toBe(false);
    const second = await openDatabase({ dataDir: dir });
    const rows = await second.db.execute<{ v: string }>(sql`select v from kept`);
    expect(rows.rows).toEqual([{ v: "still here" }]);
    await second.close();
  });

  it("T12: a second process on the same directory refuses to start and names the holder's pid", async () => {
    const dir = tempDataDir();
    const holder = spawnTs(CHILD, ["hold", dir]);
    children.push(holder);
    await holder.waitFor("ready");
    const second = spawnTs(CHILD, ["open", dir]);
    const { code } = await second.exited;
    expect(code).toBe(3);
    expect(second.stderr()).toContain(`in use by process ${holder.proc.pid} on ${hostname()}`);
    expect(second.stdout()).not.toContain("opened");
    // In this process too, while the holder lives.
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(`process ${holder.proc.pid}`);
  });

  it("T12: a stale lock (its process was killed) is taken over", async () => {
    const dir = tempDataDir();
    const holder = spawnTs(CHILD, ["hold", dir]);
    children.push(holder);
    await holder.waitFor("ready");
    const pid = holder.proc.pid!;
    holder.proc.kill("SIGKILL");
    await holder.exited;
    expect(JSON.parse(readFileSync(path.join(dir, "console.lock"), "utf8")).pid).toBe(pid);
    const next = spawnTs(CHILD, ["open", dir]);
    const { code } = await next.exited;
    expect(next.stderr()).toBe("");
    expect(code).toBe(0);
  });

  it("the lock file names pid, host and start time; a live foreign lock is refused, a garbled one replaced", () => {
    const dir = tempDataDir();
    const file = path.join(dir, "console.lock");
    const live = { pid: process.ppid, hostname: hostname(), startedAt: "2026-01-01T00:00:00.000Z" };
    writeFileSync(file, JSON.stringify(live));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(`process ${process.ppid}`);
    writeFileSync(file, "{not json");
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(() => acquireDataDirLock(dir)).toThrow(`process ${process.pid}`);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it("a lock held by another host is never taken over (its pid cannot be checked from here)", () => {
    const dir = tempDataDir();
    writeFileSync(
      path.join(dir, "console.lock"),
      JSON.stringify({ pid: 999_999, hostname: "another-host", startedAt: "x" }),
    );
    expect(() => acquireDataDirLock(dir)).toThrow("in use by process 999999 on another-host");
  });
});

describe("PGlite created by a child process (the console's server: lib/server/db/pglite-init.ts)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("a fresh directory gets its cluster from the child; the console then opens and migrates it", async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const dir = path.join(dataDir, "pglite");
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(false);
    expect(await initPgliteInChild(dir, ["shared_buffers = 16MB"])).toBe(true);
    expect(existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    const handle = await openDatabase({ dataDir, initInChild: true });
    try {
      const one = await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from audit_rows`);
      expect(one.rows[0]?.n).toBe(0);
    } finally {
      await handle.close();
    }
    // Already there: nothing is spawned, the answer is immediate.
    const t0 = performance.now();
    expect(await initPgliteInChild(dir, [])).toBe(true);
    expect(performance.now() - t0).toBeLessThan(50);
  }, 60_000);

  it("when the child cannot create it (a file where the directory should be), the caller is told so", async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    mkdirSync(dataDir, { recursive: true });
    const dir = path.join(dataDir, "pglite");
    writeFileSync(dir, "not a directory");
    expect(await initPgliteInChild(dir, [])).toBe(false);
  }, 60_000);
});
