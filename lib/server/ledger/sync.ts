import "server-only";
import { eq, isNull, lte, or, sql } from "drizzle-orm";
import type { LedgerSyncStatus } from "@/lib/schemas/ledger-sync";
import { HttpError, isHttpError } from "../api/errors";
import { isAtlasError } from "../atlas/errors";
import { LegacyInvitations } from "../atlas/invitations";
import { listAllOrgPeople, readOrgProjectInvitations } from "../atlas/ledger-reads";
import { MeteredAtlasHttp, isAtlasBudgetLow } from "../atlas/metered";
import { atlasForOrg } from "../connections/route-org";
import type { Db } from "../db";
import { getDb } from "../db";
import { ledgerSyncState } from "../db/schema/ledger-sync";
import type { LedgerSyncCounts, LedgerSyncStateRow } from "../db/schema/ledger-sync";
import { env } from "../env";
import { logger } from "../log";
import { countLedger } from "./repository";
import { applyOrgRead, applyProjectRead, emptyCounts } from "./sync-apply";

// The invitation ledger's sync (docs/jobs.md): for one org, through the connection that serves it
// (lib/server/connections/route-org.ts, as the invitations list), read the users API's people (pending, active,
// expired, rejected), the legacy org invitations in invitations mode, and the legacy project invitations, and
// record what changed (lib/server/ledger/sync-apply.ts). It stays inside Atlas's rate-limit budget: it stops
// when Ratelimit-Remaining runs low (lib/server/atlas/metered.ts) and on a 429 (the job runs it again after
// Retry-After). Per-org state in ledger_sync_state (lib/server/db/schema/ledger-sync.ts).

export type LedgerSyncOutcome = "done" | "paused" | "rate_limited" | "failed";

export interface LedgerSyncResult {
  orgId: string;
  connectionId: string | null;
  outcome: LedgerSyncOutcome;
  counts: LedgerSyncCounts;
  error: string | null;
  /** rate_limited: seconds Atlas asked to wait. */
  retryAfterSeconds: number | null;
  /** failed: what was thrown (an HttpError when no working connection serves the org). */
  cause?: unknown;
}

const inflight = new Map<string, Promise<LedgerSyncResult>>();

function shared(orgId: string, start: () => Promise<LedgerSyncResult>): Promise<LedgerSyncResult> {
  let run = inflight.get(orgId);
  if (!run) {
    run = start().finally(() => inflight.delete(orgId));
    inflight.set(orgId, run);
  }
  return run;
}

/** Syncs one org; a caller asking while this process already syncs it shares that run. */
export function syncLedger(orgId: string): Promise<LedgerSyncResult> {
  return shared(orgId, async () => {
    const db = await getDb();
    const started = new Date();
    await markStarted(db, orgId, started);
    return runSync(db, orgId);
  });
}

/**
 * "Sync now" (POST /api/orgs/{orgId}/ledger/sync): at most one sync of an org per LEDGER_SYNC_NOW_SECONDS,
 * whoever started the last one (schedule, catch-up, another user, another instance), so that clicking cannot
 * spend the org's Atlas budget. The start is claimed by one conditional upsert: parallel clicks, in one process
 * or several, start one run. Throws a rate_limited HttpError with the seconds left.
 */
export function syncLedgerNow(orgId: string, now = new Date()): Promise<LedgerSyncResult> {
  const running = inflight.get(orgId);
  if (running) return running;
  return (async () => {
    const db = await getDb();
    const minMs = env().LEDGER_SYNC_NOW_SECONDS * 1000;
    if (!(await markStarted(db, orgId, now, minMs))) {
      const last = (await ledgerSyncStateOf(db, orgId))?.lastStartedAt ?? now;
      const wait = Math.max(1, Math.ceil((last.getTime() + minMs - now.getTime()) / 1000));
      throw new HttpError({
        code: "rate_limited",
        message: `This organization was synced moments ago; sync now again in ${wait} s.`,
        retryAfter: wait,
      });
    }
    return shared(orgId, () => runSync(db, orgId));
  })();
}

/** Counts a run as started; with `notWithinMs`, only when no run started in that time (answers whether it did). */
async function markStarted(db: Db, orgId: string, at: Date, notWithinMs = 0): Promise<boolean> {
  const rows = await db
    .insert(ledgerSyncState)
    .values({ orgId, runs: 1, lastStartedAt: at })
    .onConflictDoUpdate({
      target: ledgerSyncState.orgId,
      set: { runs: sql`${ledgerSyncState.runs} + 1`, lastStartedAt: at },
      ...(notWithinMs > 0
        ? {
            setWhere: or(
              isNull(ledgerSyncState.lastStartedAt),
              lte(ledgerSyncState.lastStartedAt, new Date(at.getTime() - notWithinMs)),
            ),
          }
        : {}),
    })
    .returning({ orgId: ledgerSyncState.orgId });
  return rows.length > 0;
}

async function runSync(db: Db, orgId: string): Promise<LedgerSyncResult> {
  const counts = emptyCounts();
  const result: LedgerSyncResult = {
    orgId,
    connectionId: null,
    outcome: "done",
    counts,
    error: null,
    retryAfterSeconds: null,
  };
  let http: MeteredAtlasHttp | null = null;
  try {
    const served = await atlasForOrg(orgId);
    result.connectionId = served.connection.id;
    http = new MeteredAtlasHttp(served.http);
    const base = { connectionId: served.connection.id, orgId, readStartedAt: new Date() };
    const people = await listAllOrgPeople(http, orgId);
    const legacy =
      http.conn.invitesApi === "invitations" ? await new LegacyInvitations(http).list(orgId) : null;
    const now = () => new Date(Math.max(Date.now(), http!.atlasNow ?? 0));
    await applyOrgRead(db, { ...base, people, legacy, now: now() }, counts);
    const projects = await readOrgProjectInvitations(http, orgId);
    await applyProjectRead(db, { ...base, people, now: now() }, projects, counts);
  } catch (e) {
    if (isAtlasBudgetLow(e)) {
      result.outcome = "paused";
      result.error = e.message;
    } else if (isAtlasError(e) && e.status === 429) {
      result.outcome = "rate_limited";
      result.retryAfterSeconds = e.retryAfter ?? 60;
      result.error = `stopped: Atlas answered 429 (rate limit); retried after ${result.retryAfterSeconds} s`;
    } else {
      result.outcome = "failed";
      result.cause = e;
      result.error = isHttpError(e) || isAtlasError(e) ? e.message : "internal error (see the console's log)";
      if (!isHttpError(e) && !isAtlasError(e)) logger.error({ err: e, orgId }, "ledger sync failed");
    }
  }
  counts.atlasCalls = http?.calls ?? 0;
  const finished = new Date();
  await db
    .update(ledgerSyncState)
    .set({
      connectionId: result.connectionId,
      lastFinishedAt: finished,
      ...(result.outcome === "done" ? { lastSuccessAt: finished } : {}),
      lastError: result.error,
      retryAfterAt:
        result.retryAfterSeconds === null
          ? null
          : new Date(finished.getTime() + result.retryAfterSeconds * 1000),
      lastCounts: counts,
      lowestRateLimitRemaining: http?.lowestRemaining ?? null,
    })
    .where(eq(ledgerSyncState.orgId, orgId));
  logger.info({ orgId, outcome: result.outcome, counts }, "ledger sync");
  return result;
}

/** The sync state of an org (null: never synced). */
export async function ledgerSyncStateOf(db: Db, orgId: string): Promise<LedgerSyncStateRow | null> {
  const [row] = await db.select().from(ledgerSyncState).where(eq(ledgerSyncState.orgId, orgId)).limit(1);
  return row ?? null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What GET /api/orgs/{orgId}/ledger/sync answers (and POST, with the run). */
export async function ledgerSyncStatus(orgId: string, run?: LedgerSyncResult): Promise<LedgerSyncStatus> {
  const db = await getDb();
  const s = await ledgerSyncStateOf(db, orgId);
  const now = new Date();
  const nextAllowed = (s?.lastStartedAt?.getTime() ?? 0) + env().LEDGER_SYNC_NOW_SECONDS * 1000;
  return {
    orgId,
    now: now.toISOString(),
    intervalMinutes: env().LEDGER_SYNC_MINUTES,
    syncNowWaitSeconds: Math.max(0, Math.ceil((nextAllowed - now.getTime()) / 1000)),
    state: s && {
      connectionId: s.connectionId,
      runs: s.runs,
      lastStartedAt: iso(s.lastStartedAt),
      lastFinishedAt: iso(s.lastFinishedAt),
      lastSuccessAt: iso(s.lastSuccessAt),
      lastError: s.lastError,
      retryAfterAt: iso(s.retryAfterAt),
      lastCounts: s.lastCounts,
      lowestRateLimitRemaining: s.lowestRateLimitRemaining,
    },
    ledger: await countLedger(db, orgId),
    ...(run
      ? {
          run: {
            outcome: run.outcome,
            counts: run.counts,
            error: run.error,
            retryAfterSeconds: run.retryAfterSeconds,
          },
        }
      : {}),
  };
}
