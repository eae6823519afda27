import "server-only";
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { BulkRow, BulkRun } from "@/lib/schemas/bulk";
import type { BulkKind, BulkPlanBucket, BulkRowState, BulkRunStatus } from "@/lib/schemas/onboarding";
import { BULK_PLAN_BUCKETS, BULK_ROW_STATES } from "@/lib/schemas/onboarding";
import type { Grants } from "@/lib/schemas/grants";
import type { Db } from "../db";
import type { BulkRowRow, BulkRunRow } from "../db/schema";
import { bulkRows, bulkRuns } from "../db/schema";

// The bulk runs' tables as queries (lib/server/db/schema/onboarding.ts). Counters are never stored: every count
// is read from the rows, so they always add up to the run's total, whatever crashed where.

export const newRunId = () => randomBytes(12).toString("hex");

/** Statuses in which a worker owns the run (one per org: the partial unique index bulk_runs_active_uq). */
export const ACTIVE_STATUSES: readonly BulkRunStatus[] = ["running", "pausing", "paused", "cancelling"];

export interface NewRow {
  line: number;
  original: Record<string, string>;
  email: string;
  grants: Grants | null;
  target?: Record<string, string> | null;
  bucket: BulkPlanBucket;
  field?: string | null;
  reason?: string | null;
}

export interface NewRun {
  orgId: string;
  kind: BulkKind;
  label: string;
  headers: string[];
  options: Record<string, unknown>;
  parentRunId?: string | null;
  createdBy: { userId: string; email: string; role: string };
}

/** Rows that are sent are `planned`; every other bucket is `skipped` from the start. */
const initialState = (bucket: BulkPlanBucket): BulkRowState =>
  bucket === "ready" || bucket === "needs_approval" ? "planned" : "skipped";

export async function insertRun(db: Db, run: NewRun, rows: NewRow[]): Promise<BulkRunRow> {
  const id = newRunId();
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(bulkRuns)
      .values({
        id,
        orgId: run.orgId,
        kind: run.kind,
        status: "planned",
        label: run.label,
        headers: run.headers,
        options: run.options,
        total: rows.length,
        parentRunId: run.parentRunId ?? null,
        createdByUserId: run.createdBy.userId,
        createdByEmail: run.createdBy.email,
        createdByRole: run.createdBy.role,
      })
      .returning();
    // In slices: one statement per 500 rows keeps each well under PostgreSQL's 65,535 parameters.
    for (let i = 0; i < rows.length; i += 500) {
      await tx.insert(bulkRows).values(
        rows.slice(i, i + 500).map((r) => ({
          runId: id,
          line: r.line,
          original: r.original,
          email: r.email,
          grants: r.grants,
          target: r.target ?? null,
          bucket: r.bucket,
          field: r.field ?? null,
          reason: r.reason ?? null,
          state: initialState(r.bucket),
        })),
      );
    }
    return created!;
  });
}

export async function getRun(db: Db, orgId: string, runId: string): Promise<BulkRunRow | null> {
  const [row] = await db
    .select()
    .from(bulkRuns)
    .where(and(eq(bulkRuns.id, runId), eq(bulkRuns.orgId, orgId)));
  return row ?? null;
}

export async function listRuns(db: Db, orgId: string, limit = 20): Promise<BulkRunRow[]> {
  return db
    .select()
    .from(bulkRuns)
    .where(eq(bulkRuns.orgId, orgId))
    .orderBy(desc(bulkRuns.createdAt))
    .limit(limit);
}

export async function rowsPage(
  db: Db,
  runId: string,
  q: { bucket?: BulkPlanBucket | undefined; state?: BulkRowState | undefined; offset: number; limit: number },
): Promise<{ rows: BulkRowRow[]; total: number }> {
  const where = and(
    eq(bulkRows.runId, runId),
    q.bucket ? eq(bulkRows.bucket, q.bucket) : undefined,
    q.state ? eq(bulkRows.state, q.state) : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db.select().from(bulkRows).where(where).orderBy(asc(bulkRows.line)).offset(q.offset).limit(q.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(bulkRows)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export async function allRows(db: Db, runId: string): Promise<BulkRowRow[]> {
  return db.select().from(bulkRows).where(eq(bulkRows.runId, runId)).orderBy(asc(bulkRows.line));
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function rowOut(r: BulkRowRow): BulkRow {
  return {
    line: r.line,
    email: r.email,
    original: r.original,
    grants: r.grants ?? null,
    bucket: r.bucket,
    field: r.field,
    reason: r.reason,
    state: r.state,
    outcome: r.outcome,
    message: r.message,
    atlasErrorCode: r.atlasErrorCode,
    invitationId: r.invitationId,
    expiresAt: iso(r.expiresAt),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}

/** Outcomes a retry cannot change: the person is in, or the row itself is wrong. */
export const FINAL_OUTCOMES = new Set([
  "already_member",
  "already_invited",
  "blocked",
  "invalid_input",
  "forbidden",
]);

export interface RunCounts {
  buckets: Record<BulkPlanBucket, number>;
  states: Record<BulkRowState, number>;
  failures: { reason: string; atlasErrorCode: string | null; count: number }[];
  retryable: number;
  finishedLastMinutes: number;
  approvalsNeeded: number;
}

export async function countRun(db: Db, runId: string): Promise<RunCounts> {
  const [grouped, failures, recent] = await Promise.all([
    db
      .select({ bucket: bulkRows.bucket, state: bulkRows.state, n: sql<number>`count(*)::int` })
      .from(bulkRows)
      .where(eq(bulkRows.runId, runId))
      .groupBy(bulkRows.bucket, bulkRows.state),
    db
      .select({
        reason: sql<string>`coalesce(${bulkRows.message}, ${bulkRows.outcome}, 'failed')`,
        outcome: bulkRows.outcome,
        atlasErrorCode: bulkRows.atlasErrorCode,
        n: sql<number>`count(*)::int`,
      })
      .from(bulkRows)
      .where(and(eq(bulkRows.runId, runId), eq(bulkRows.state, "failed")))
      .groupBy(sql`1`, bulkRows.outcome, bulkRows.atlasErrorCode)
      .orderBy(sql`count(*) desc`),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(bulkRows)
      .where(
        and(
          eq(bulkRows.runId, runId),
          sql`${bulkRows.finishedAt} > now() - interval '2 minutes'`,
          sql`${bulkRows.state} in ('done', 'failed', 'held')`,
        ),
      ),
  ]);
  const buckets = Object.fromEntries(BULK_PLAN_BUCKETS.map((b) => [b, 0])) as Record<BulkPlanBucket, number>;
  const states = Object.fromEntries(BULK_ROW_STATES.map((s) => [s, 0])) as Record<BulkRowState, number>;
  for (const g of grouped) {
    buckets[g.bucket] += g.n;
    states[g.state] += g.n;
  }
  const merged = new Map<string, { reason: string; atlasErrorCode: string | null; count: number }>();
  let retryable = 0;
  for (const f of failures) {
    if (!FINAL_OUTCOMES.has(f.outcome ?? "")) retryable += f.n;
    const key = `${f.reason}\u0000${f.atlasErrorCode ?? ""}`;
    const m = merged.get(key) ?? { reason: f.reason, atlasErrorCode: f.atlasErrorCode, count: 0 };
    m.count += f.n;
    merged.set(key, m);
  }
  return {
    buckets,
    states,
    failures: [...merged.values()].sort((a, b) => b.count - a.count),
    retryable,
    finishedLastMinutes: recent[0]?.n ?? 0,
    approvalsNeeded: buckets.needs_approval,
  };
}

export function runOut(
  run: BulkRunRow,
  counts: RunCounts,
  extra: { expectedSeconds: number | null; unknownHeaders?: string[] },
): BulkRun {
  const toSend = counts.buckets.ready + counts.buckets.needs_approval;
  const done = counts.states.done + counts.states.failed + counts.states.held + counts.states.cancelled;
  const perMinute = counts.finishedLastMinutes > 1 ? counts.finishedLastMinutes / 2 : null;
  const left = counts.states.planned + counts.states.sending;
  const waiting = run.nextSendAt && run.nextSendAt.getTime() > Date.now() ? run.nextSendAt : null;
  return {
    id: run.id,
    orgId: run.orgId,
    kind: run.kind,
    status: run.status,
    label: run.label,
    headers: run.headers,
    unknownHeaders: extra.unknownHeaders ?? (run.options.unknownHeaders as string[] | undefined) ?? [],
    total: run.total,
    buckets: counts.buckets,
    states: counts.states,
    failures: counts.failures,
    retryable: counts.retryable,
    parentRunId: run.parentRunId,
    createdBy: run.createdByEmail,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    progress: {
      done,
      toSend,
      perMinute,
      etaSeconds:
        run.status === "running" && perMinute && left > 0 ? Math.round((left / perMinute) * 60) : null,
      rateLimit: run.rateLimit,
      rateRemaining: run.rateRemaining,
      waitingUntil: iso(waiting),
    },
    expectedSeconds: extra.expectedSeconds,
    approvalsNeeded: counts.approvalsNeeded,
  };
}

/** Moves a run from one status to another; false when it was not in `from` (someone else moved it). */
export async function moveRun(
  db: Db,
  runId: string,
  from: readonly BulkRunStatus[],
  to: BulkRunStatus,
  set: Partial<typeof bulkRuns.$inferInsert> = {},
): Promise<boolean> {
  const moved = await db
    .update(bulkRuns)
    .set({ status: to, updatedAt: new Date(), ...set })
    .where(and(eq(bulkRuns.id, runId), inArray(bulkRuns.status, [...from])))
    .returning({ id: bulkRuns.id });
  return moved.length > 0;
}

/** Every row not yet sent is cancelled (a cancel of the run): never one that Atlas may have been called for. */
export async function cancelUnsentRows(db: Db, runId: string): Promise<void> {
  await db
    .update(bulkRows)
    .set({
      state: "cancelled",
      outcome: "cancelled",
      message: "Cancelled before it was sent.",
      finishedAt: new Date(),
    })
    .where(and(eq(bulkRows.runId, runId), eq(bulkRows.state, "planned")));
}
