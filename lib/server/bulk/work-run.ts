import "server-only";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import { observedBudget } from "../atlas/budget";
import { atlasForOrg } from "../connections/route-org";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { Db } from "../db";
import { getDb } from "../db";
import { abandonClaims } from "../db/idempotency";
import type { BulkRowRow, BulkRunRow } from "../db/schema";
import { bulkRows, bulkRuns } from "../db/schema";
import { env } from "../env";
import { logger } from "../log";
import type { RowContext, RowOutcome } from "./row-actions";
import { sendRow, settleRow } from "./row-actions";
import { cancelUnsentRows, countRun, moveRun } from "./runs";

// The bulk job's unit of work (docs/bulk.md): one worker at a time per run, by a lease in the run's row that
// the worker renews while it works. Rows go one by one, in line order: `planned` → `sending` (Atlas may be
// called from here on) → done / failed / held. A row found `sending` by the next worker (its predecessor died:
// kill -9, a restart, another instance gone) is settled by reading Atlas before anything is sent again, so no
// row is sent twice. Creates are paced by Atlas's budget for the org (RateLimit-Remaining), keeping a reserve for
// the people using the console meanwhile, and a 429's Retry-After is always waited out.

const leaseMs = () => env().BULK_LEASE_SECONDS * 1000;
/** This process, as a lease owner. */
export const WORKER_ID = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`;
/** A worker gives the run back after this long (the next job continues): jobs stay short. */
const SLICE_MS = 5 * 60_000;
/** Waits are taken in steps this long, so that a pause or cancel is seen quickly. */
const STEP_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The part of a bucket left to interactive use: a tenth of it, at least 2 calls. */
export const reserveOf = (limit: number | null) => Math.max(2, Math.ceil((limit ?? 20) / 10));

async function takeLease(db: Db, runId: string, owner: string): Promise<BulkRunRow | null> {
  const now = new Date();
  const [run] = await db
    .update(bulkRuns)
    .set({ leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs()) })
    .where(
      and(
        eq(bulkRuns.id, runId),
        sql`${bulkRuns.status} in ('running', 'pausing', 'cancelling')`,
        or(isNull(bulkRuns.leaseUntil), lt(bulkRuns.leaseUntil, now), eq(bulkRuns.leaseOwner, owner)),
      ),
    )
    .returning();
  return run ?? null;
}

async function renewLease(db: Db, runId: string, owner: string): Promise<BulkRunRow | null> {
  const [run] = await db
    .update(bulkRuns)
    .set({ leaseUntil: new Date(Date.now() + leaseMs()) })
    .where(and(eq(bulkRuns.id, runId), eq(bulkRuns.leaseOwner, owner)))
    .returning();
  return run ?? null;
}

async function releaseLease(db: Db, runId: string, owner: string): Promise<void> {
  await db
    .update(bulkRuns)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(bulkRuns.id, runId), eq(bulkRuns.leaseOwner, owner)));
}

async function rowIn(db: Db, runId: string, state: "sending"): Promise<BulkRowRow | null> {
  const [row] = await db
    .select()
    .from(bulkRows)
    .where(and(eq(bulkRows.runId, runId), eq(bulkRows.state, state)))
    .orderBy(asc(bulkRows.line))
    .limit(1);
  return row ?? null;
}

/** The next planned row, marked `sending` in the same statement (from here on Atlas may have been called). */
async function claimNext(db: Db, runId: string): Promise<BulkRowRow | null> {
  const [row] = await db
    .update(bulkRows)
    .set({ state: "sending", attempts: sql`${bulkRows.attempts} + 1`, startedAt: new Date() })
    .where(
      and(
        eq(bulkRows.runId, runId),
        eq(bulkRows.state, "planned"),
        sql`${bulkRows.line} = (select min(line) from bulk_rows where run_id = ${runId} and state = 'planned')`,
      ),
    )
    .returning();
  return row ?? null;
}

async function finishRow(
  db: Db,
  row: BulkRowRow,
  out: Extract<RowOutcome, { kind: "finished" }>,
): Promise<void> {
  await db
    .update(bulkRows)
    .set({
      state: out.state,
      outcome: out.outcome,
      message: out.message ?? null,
      atlasErrorCode: out.atlasErrorCode ?? null,
      httpStatus: out.httpStatus ?? null,
      invitationId: out.invitationId ?? null,
      expiresAt: out.expiresAt ? new Date(out.expiresAt) : null,
      finishedAt: new Date(),
    })
    .where(and(eq(bulkRows.runId, row.runId), eq(bulkRows.line, row.line), eq(bulkRows.state, "sending")));
}

/** Back to `planned`: Atlas refused for its budget (nothing was created), the next attempt has a new key. */
async function replanRow(db: Db, row: BulkRowRow): Promise<void> {
  await db
    .update(bulkRows)
    .set({ state: "planned" })
    .where(and(eq(bulkRows.runId, row.runId), eq(bulkRows.line, row.line), eq(bulkRows.state, "sending")));
}

/** Keeps the lease while one row's Atlas calls run (they may take up to a couple of minutes with retries). */
async function heartbeat<T>(db: Db, runId: string, owner: string, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    renewLease(db, runId, owner).catch(() => {});
  }, leaseMs() / 4);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export const runActor = (run: BulkRunRow): AuditActor => ({
  userId: run.createdByUserId,
  email: run.createdByEmail,
  ip: null,
  userAgent: `bulk run ${run.id}`,
  ...(run.createdByTokenId ? { tokenId: run.createdByTokenId, tokenName: run.createdByTokenName } : {}),
});

const keyOf = (run: BulkRunRow, row: BulkRowRow) => `bulk-${run.id}-${row.line}-${row.attempts}`;

async function endRun(db: Db, run: BulkRunRow, to: "done" | "cancelled"): Promise<void> {
  await auditedMutation({
    actor: runActor(run),
    action: "bulk.finished",
    target: { orgId: run.orgId, targetId: run.id },
    db,
    act: async () => {
      if (to === "cancelled") {
        await cancelUnsentRows(db, run.id);
      }
      await moveRun(db, run.id, [run.status], to, { finishedAt: new Date(), nextSendAt: null });
      return countRun(db, run.id);
    },
    onSuccess: (c) => ({
      detail: `${run.label}: ${to}; ${c.states.done} done, ${c.states.failed} failed, ${c.states.held} awaiting approval, ${c.states.cancelled} cancelled, ${c.states.skipped} skipped`,
    }),
  });
}

/** After a create: the next one waits when the org's bucket is down to its reserve. */
function paceAfter(ctx: RowContext, template: "createOrgUser" | "createOrgInvite", now: number) {
  const b = observedBudget(ctx.http.conn.id, template, ctx.orgId);
  if (!b) return { limit: null, remaining: null, next: null };
  const reserve = reserveOf(b.limit);
  const refill = ctx.options.budget as { refillRate: number; refillDurationSeconds: number } | undefined;
  const perTokenMs = refill
    ? (refill.refillDurationSeconds * 1000) / refill.refillRate
    : 60_000 / (b.limit ?? 60);
  const next = b.remaining <= reserve ? new Date(now + perTokenMs * (reserve - b.remaining + 1)) : null;
  return { limit: b.limit, remaining: b.remaining, next };
}

export type WorkResult = "finished" | "yielded" | "stopped" | "not-mine";

/**
 * Works a run for up to one slice. "yielded": more rows are left and the caller queues the next job;
 * "stopped": paused or waiting (a later command or sweep continues); "not-mine": another worker holds it.
 */
export async function workRun(runId: string, worker: string, sliceMs = SLICE_MS): Promise<WorkResult> {
  const db = await getDb();
  // Each call owns the lease on its own: a second wake in this process (a pause or resume while a row is in
  // flight, a job retried beside a live one) must not work the run beside the first, nor release its lease.
  const owner = `${worker}/${randomBytes(4).toString("hex")}`;
  const taken = await takeLease(db, runId, owner);
  if (!taken) return "not-mine";
  let run: BulkRunRow = taken;
  const log = logger.child({ bulkRun: runId });
  try {
    const { http } = await atlasForOrg(run.orgId);
    const ctx: RowContext = {
      orgId: run.orgId,
      kind: run.kind,
      actor: runActor(run),
      role: run.createdByRole as Role,
      http,
      options: run.options,
    };
    const template = http.conn.invitesApi === "users" ? "createOrgUser" : "createOrgInvite";
    const sliceEnd = Date.now() + sliceMs;
    for (;;) {
      if (run.status === "pausing") {
        // The lease goes with the move, so that a resume right after finds the run free to work.
        const paused = await moveRun(db, run.id, ["pausing"], "paused", {
          nextSendAt: null,
          leaseOwner: null,
          leaseUntil: null,
        });
        if (paused) return "stopped";
        // Resumed or cancelled meanwhile: this worker goes on with the run as it is now.
        const now = await renewLease(db, run.id, owner);
        if (!now) return "not-mine";
        run = now;
        continue;
      }
      if (run.status === "cancelling") {
        await endRun(db, run, "cancelled");
        return "finished";
      }
      if (run.status !== "running") return "stopped";
      if (Date.now() > sliceEnd) return "yielded";
      const wait = (run.nextSendAt?.getTime() ?? 0) - Date.now();
      if (wait > 0) {
        await sleep(Math.min(wait, STEP_MS));
        const renewed = await renewLease(db, run.id, owner);
        if (!renewed) return "not-mine";
        run = renewed;
        continue;
      }
      const orphan = await rowIn(db, run.id, "sending");
      let row = orphan;
      let out: RowOutcome | null = null;
      if (orphan) {
        out = await heartbeat(db, run.id, owner, () => settleRow(ctx, orphan));
        if (!out) {
          // Atlas has nothing from the dead attempt: free its claim and send again, with a new key.
          await abandonClaims(db, {
            orgId: run.orgId,
            email: orphan.email,
            keyPrefix: `bulk-${run.id}-${orphan.line}-`,
          });
          await db
            .update(bulkRows)
            .set({ attempts: sql`${bulkRows.attempts} + 1`, startedAt: new Date() })
            .where(and(eq(bulkRows.runId, run.id), eq(bulkRows.line, orphan.line)));
          row = { ...orphan, attempts: orphan.attempts + 1, startedAt: new Date() };
        }
      } else {
        row = await claimNext(db, run.id);
        if (!row) {
          await endRun(db, run, "done");
          return "finished";
        }
      }
      out ??= await heartbeat(db, run.id, owner, () => sendRow(ctx, row!, keyOf(run, row!)));
      const now = Date.now();
      let nextSendAt: Date | null = null;
      if (out.kind === "finished") {
        await finishRow(db, row!, out);
      } else {
        await replanRow(db, row!);
        nextSendAt = new Date(now + out.retryAfterSeconds * 1000);
        if (out.rateLimited) log.info({ retryAfter: out.retryAfterSeconds }, "Atlas rate limit: waiting");
      }
      const pace =
        ctx.kind === "import" ? paceAfter(ctx, template, now) : { limit: null, remaining: null, next: null };
      if (!nextSendAt) nextSendAt = pace.next;
      const [updated] = await db
        .update(bulkRuns)
        .set({
          nextSendAt,
          leaseUntil: new Date(Date.now() + leaseMs()),
          updatedAt: new Date(),
          ...(pace.remaining !== null ? { rateRemaining: pace.remaining, rateLimit: pace.limit } : {}),
          ...(out.kind === "later" && out.rateLimited ? { rate429s: sql`${bulkRuns.rate429s} + 1` } : {}),
        })
        .where(and(eq(bulkRuns.id, run.id), eq(bulkRuns.leaseOwner, owner)))
        .returning();
      if (!updated) return "not-mine";
      run = updated;
    }
  } finally {
    await releaseLease(db, runId, owner).catch((err: unknown) =>
      log.warn({ err }, "could not release the lease"),
    );
  }
}

/**
 * At start-up on PGlite: a lease held by another process is a dead one (one process opens a PGlite directory, under
 * a lock), so it is ended at once instead of after BULK_LEASE_SECONDS. On PostgreSQL another instance may be alive: not here.
 */
export async function endDeadLeases(db: Db): Promise<void> {
  await db
    .update(bulkRuns)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(sql`${bulkRuns.leaseOwner} is not null`);
}

/** Runs that should be worked but that no live worker holds (after a crash or restart): the sweep queues them. */
export async function orphanedRuns(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: bulkRuns.id })
    .from(bulkRuns)
    .where(
      and(
        sql`${bulkRuns.status} in ('running', 'pausing', 'cancelling')`,
        or(isNull(bulkRuns.leaseUntil), lt(bulkRuns.leaseUntil, new Date())),
      ),
    );
  return rows.map((r) => r.id);
}
