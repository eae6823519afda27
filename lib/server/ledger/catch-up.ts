import "server-only";
import { and, eq } from "drizzle-orm";
import type { Invitation } from "@/lib/schemas/invitations";
import type { Db } from "../db";
import { getDb } from "../db";
import { invitationLedger } from "../db/schema/ledger";
import { env } from "../env";
import { logger } from "../log";
import { ledgerSyncStateOf } from "./sync";

// Reading the live list (lib/server/invitations/list-invitations.ts) is where the console first sees that
// invitations left Atlas's pending list (expired, accepted, rejected, cancelled in Atlas). When the ledger
// still holds one of them as pending, the org's sync is queued at once ("ledger-sync-org", at most one waiting
// per org: lib/server/jobs/ledger-sync.ts) instead of waiting for the next scheduled run. The list's request
// does not wait for the check nor for the sync.

/** A run that started this recently and has not finished is taken as still running. */
const RUNNING_MS = 10 * 60_000;

const checking = new Set<string>();

const keyOf = (source: string, projectId: string, email: string) =>
  source === "project" ? `project\u0000${projectId}\u0000${email}` : `org\u0000${email}`;

function liveKey(i: Invitation): string {
  const projectId = i.source === "project" ? (i.projectRoles[0]?.projectId ?? "") : "";
  return keyOf(i.source, projectId, i.email.toLowerCase());
}

/**
 * Why the org's sync should run now, or null: the org was never synced (a fresh console: its Expired and
 * Rejected tabs would wait a whole interval), or pending ledger rows are missing from `invitations` (Atlas's
 * pending list read at `readStartedAt`). Not counted: rows recorded after that read began (the console's own
 * create meanwhile), a renew or migration still under way (its finisher owns the person), and rows the last
 * successful sync already saw missing and left as they were (it could not judge them: asking again on every
 * read would spend Atlas's budget for nothing). `invitations` null: only whether it was never synced (a
 * ledger tab read, which holds no live list).
 */
export async function catchUpReason(
  db: Db,
  orgId: string,
  invitations: readonly Invitation[] | null,
  readStartedAt: Date,
): Promise<string | null> {
  const state = await ledgerSyncStateOf(db, orgId);
  if (!state) return "never synced";
  if (!invitations) return null;
  const started = state.lastStartedAt;
  const finished = state.lastFinishedAt;
  if (
    started &&
    (!finished || finished < started) &&
    readStartedAt.getTime() - started.getTime() < RUNNING_MS
  )
    return null; // a run is under way: it reads Atlas itself
  const succeeded = !!state.lastSuccessAt && !!finished && state.lastSuccessAt >= finished;
  const since = succeeded ? started : null;
  const rows = await db
    .select({
      email: invitationLedger.email,
      source: invitationLedger.source,
      projectId: invitationLedger.projectId,
      lastSeenAt: invitationLedger.lastSeenAt,
      createdAt: invitationLedger.createdAt,
      pendingOperation: invitationLedger.pendingOperation,
    })
    .from(invitationLedger)
    .where(and(eq(invitationLedger.orgId, orgId), eq(invitationLedger.status, "pending")));
  const live = new Set(invitations.map(liveKey));
  let departed = 0;
  for (const r of rows) {
    if (live.has(keyOf(r.source, r.projectId, r.email))) continue;
    if (r.pendingOperation && r.pendingOperation.step !== "created") continue;
    const seen = r.lastSeenAt ?? r.createdAt;
    if (seen > readStartedAt) continue;
    if (since && seen < since) continue;
    departed++;
  }
  return departed === 0 ? null : `${departed} pending in the ledger, no longer listed by Atlas`;
}

/**
 * Called by every read of the live list (and, with `invitations` null, of the ledger tabs' counts): checks in
 * the background (one check per org at a time) and queues the org's sync when invitations left the list or
 * the org was never synced. Off when automatic syncs are (LEDGER_SYNC_MINUTES=0) or the job layer does not run
 * in this process; a failure is logged, never the request's.
 */
export function noticeDepartures(
  orgId: string,
  invitations: readonly Invitation[] | null,
  readStartedAt = new Date(),
): void {
  if (env().LEDGER_SYNC_MINUTES === 0 || env().JOBS === "0") return;
  if (checking.has(orgId)) return;
  checking.add(orgId);
  void (async () => {
    // Imported when used: jobs registered in the job layer may import the services that import this file.
    const { jobsBoss, sendJob } = await import("../jobs");
    if (!(await jobsBoss())) return;
    const reason = await catchUpReason(await getDb(), orgId, invitations, readStartedAt);
    if (!reason) return;
    // At most one waits per org (a stately queue keyed by the org): reads in a row queue one sync.
    const noticedAt = readStartedAt.toISOString();
    if (!(await sendJob("ledger-sync-org", { orgId, noticedAt }, { singletonKey: orgId }))) return;
    logger.info({ orgId, reason }, "ledger catch-up sync queued");
  })()
    .catch((err: unknown) =>
      logger.warn(
        { orgId, err: err instanceof Error ? err.message : String(err) },
        "ledger catch-up not queued; the scheduled sync will see the change",
      ),
    )
    .finally(() => checking.delete(orgId));
}
