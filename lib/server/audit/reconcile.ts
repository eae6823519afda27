import "server-only";
import type { AuditAction } from "@/lib/schemas/audit";
import { grantsDiff } from "@/lib/schemas/grants";
import type { Invitation, InviteResult } from "@/lib/schemas/invitations";
import type { Grants } from "@/lib/schemas/grants";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db";
import { auditRows, idempotencyRecords } from "../db/schema";
import { env } from "../env";
import type { AtlasHttp } from "../atlas/http";
import { getOrgMember } from "../atlas/members";
import { longestSendMs } from "../atlas/http";
import { invitationsApi, readAnyInvitation } from "../atlas/invitations";
import { logger } from "../log";
import type { AuditCompletion } from "./index";
import { completeAudit } from "./index";
import { isInFlightHere } from "./mutation";

// docs/security.md 8 and 18: rows left "pending" by a crash between the intent and the completion are finished
// by what Atlas shows, at start-up and by the "audit-reconcile" job (lib/server/jobs/audit-reconcile.ts).
// What Atlas shows done (the invitation exists, the cancel happened, the edit's grants are there) settles a
// row at once. What it does not show settles it only after the row's Atlas calls could have finished (its
// begin time + their longest time with retries, settleAfterMs): until then Atlas may still be working on a
// call the dead process sent, so the row stays pending and is read again. A running process completes its
// own rows (the reconciler skips those), and completeAudit ignores a second completion, so a row read while
// its request still runs in another instance is settled once, the same way.

export type AtlasResolver = (orgId: string, connectionId: string | null) => Promise<AtlasHttp>;

export interface ReconcileReport {
  resolved: number;
  left: number;
}

export interface ReconcileOptions {
  /** Only rows at least this old (0: all; the start-up run on PGlite, where no other process is mid-call). */
  minAgeMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Sends from the row's begin that may still change Atlas (a cancel reads, then deletes; a renew does more). */
const SENDS: Partial<Record<AuditAction, number>> = {
  "member.removed": 1,
  "invitation.created": 1,
  "atlas_user.created": 1,
  "invitation.updated": 1,
  "invitation.cancelled": 2,
};

/** How long after its begin a pending row may still see Atlas act on its calls. */
export function settleAfterMs(action: string, timeoutMs = env().ATLAS_TIMEOUT_MS): number {
  return (SENDS[action as AuditAction] ?? 4) * longestSendMs(timeoutMs);
}

export async function reconcilePendingAudit(
  db: Db,
  atlasFor: AtlasResolver,
  opts: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const now = opts.now ?? Date.now;
  const pending = await db
    .select()
    .from(auditRows)
    .where(eq(auditRows.outcome, "pending"))
    .orderBy(auditRows.createdAt);
  const youngerThan = now() - (opts.minAgeMs ?? 0);
  let resolved = 0;
  for (const row of pending) {
    // Counted as left: its own request in this process completes it; a young row most likely has a request
    // still running (in another instance), read at the next run.
    if (isInFlightHere(row.id) || row.createdAt.getTime() > youngerThan) continue;
    try {
      const done = await resolveOne(row, atlasFor, now);
      if (!done) continue;
      await completeAudit(row.id, done.completion, db);
      if (row.action === "invitation.created") await answerReplays(db, row, done.invitation);
      resolved++;
    } catch (err) {
      // Atlas unreachable or no connection for the org: left pending for the next run.
      logger.warn({ auditId: row.id, action: row.action, err: String(err) }, "audit row left pending");
    }
  }
  await releaseInterrupted(db, now());
  return { resolved, left: pending.length - resolved };
}

type Row = typeof auditRows.$inferSelect;
interface Settled {
  completion: AuditCompletion;
  /** invitation.created: what Atlas holds, for the Idempotency-Key replay's answer. */
  invitation?: Invitation;
}

const NOTE = "reconciled after a restart";

/** The row's completion from what Atlas shows, or null while Atlas may still act on its calls. */
async function resolveOne(row: Row, atlasFor: AtlasResolver, now: () => number): Promise<Settled | null> {
  const http = row.orgId ? await atlasFor(row.orgId, row.connectionId) : null;
  const due = now() >= row.createdAt.getTime() + settleAfterMs(row.action, http?.conn.timeoutMs);
  const orgId = row.orgId;
  // A new Atlas account (createUser) is a pending org user too: the same read-back finds it.
  if (
    (row.action === "invitation.created" || row.action === "atlas_user.created") &&
    http &&
    orgId &&
    row.targetEmail
  ) {
    const found = await invitationsApi(http).findByEmail(orgId, row.targetEmail);
    if (found) {
      return {
        completion: {
          outcome: "success",
          targetId: found.id,
          detail: `${NOTE}: the invitation exists in Atlas`,
        },
        invitation: found,
      };
    }
    return due
      ? {
          completion: {
            outcome: "failure",
            detail: `${NOTE}: Atlas has no pending invitation for this address`,
          },
        }
      : null;
  }
  if (row.action === "invitation.cancelled" && http && orgId && row.targetId) {
    const still = (await readAnyInvitation(http, orgId, row.targetId)).state === "pending";
    if (!still) {
      return {
        completion: { outcome: "success", detail: `${NOTE}: the invitation is no longer pending in Atlas` },
      };
    }
    return due
      ? { completion: { outcome: "failure", detail: `${NOTE}: the invitation is still pending in Atlas` } }
      : null;
  }
  if (row.action === "member.removed" && http && orgId && row.targetId) {
    const member = await getOrgMember(http, orgId, row.targetId);
    if (!member || member.status !== "ACTIVE") {
      return {
        completion: { outcome: "success", detail: `${NOTE}: the person is no longer a member in Atlas` },
      };
    }
    return due
      ? { completion: { outcome: "failure", detail: `${NOTE}: the person is still a member in Atlas` } }
      : null;
  }
  const after = intendedGrants(row);
  if (row.action === "member.teams_changed" && http && orgId && row.targetId && after) {
    const member = await getOrgMember(http, orgId, row.targetId);
    const before = (row.grants as { before?: Grants } | null)?.before;
    const gone = (before?.teamIds ?? []).filter((t) => !after.teamIds.includes(t));
    const holds =
      member !== null &&
      after.teamIds.every((t) => member.teamIds.includes(t)) &&
      gone.every((t) => !member.teamIds.includes(t));
    if (holds)
      return { completion: { outcome: "success", detail: `${NOTE}: Atlas holds the member's new teams` } };
    return due
      ? { completion: { outcome: "failure", detail: `${NOTE}: Atlas holds other teams than the change's` } }
      : null;
  }
  if (row.action === "invitation.updated" && http && orgId && row.targetId && after) {
    const read = await invitationsApi(http).read(orgId, row.targetId);
    if (read.state === "pending" && !grantsDiff(grantsOf(read.invitation), after).changed) {
      return { completion: { outcome: "success", detail: `${NOTE}: Atlas holds the edit's grants` } };
    }
    if (!due) return null;
    return read.state === "pending"
      ? { completion: { outcome: "failure", detail: `${NOTE}: Atlas holds other grants than the edit's` } }
      : {
          completion: {
            outcome: "unknown",
            detail: `${NOTE}: the invitation is no longer pending in Atlas; whether the edit reached it cannot be read`,
          },
        };
  }
  return due
    ? { completion: { outcome: "unknown", detail: `${NOTE}: the outcome cannot be read back` } }
    : null;
}

/** An edit's row holds `{ before, after }` (lib/server/invitations/edit-invitation.ts). */
function intendedGrants(row: Row): Grants | null {
  const after = (row.grants as { after?: Grants } | null)?.after;
  return after &&
    Array.isArray(after.orgRoles) &&
    Array.isArray(after.teamIds) &&
    Array.isArray(after.projectRoles)
    ? after
    : null;
}

const grantsOf = (i: Invitation): Grants => ({
  orgRoles: [...i.orgRoles],
  teamIds: [...i.teamIds],
  projectRoles: i.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
});

const UNKNOWN = "unknown_outcome";

/**
 * The submit the crash interrupted: an Idempotency-Key replay gets what the original would have answered (the
 * invitation, 201), or learns it was not sent. Also a record given up meanwhile as "interrupted"
 * (lib/server/db/idempotency.ts) gets the answer now known.
 */
async function answerReplays(db: Db, row: Row, invitation: Invitation | undefined): Promise<void> {
  const email = row.targetEmail ?? "";
  const result: InviteResult = invitation
    ? { email, outcome: "invited", invitation }
    : {
        email,
        outcome: "failed",
        code: "atlas_unavailable",
        status: 502,
        message:
          "The console restarted while this invitation was being sent, and Atlas did not create it. Send it again.",
      };
  await db
    .update(idempotencyRecords)
    .set({ state: "done", completedAt: new Date(), result })
    .where(
      and(
        eq(idempotencyRecords.auditId, row.id),
        or(
          eq(idempotencyRecords.state, "pending"),
          sql`${idempotencyRecords.result} ->> 'code' = ${UNKNOWN}`,
        ),
      ),
    );
}

const INTERRUPTED =
  "The console restarted while this invitation was being sent. Check the list before retrying.";

/**
 * Submits interrupted by the crash whose row is settled or never began (the process died before the Atlas
 * call): the address may be submitted again. A record whose row is still pending keeps waiting for it.
 */
async function releaseInterrupted(db: Db, now: number): Promise<void> {
  await db
    .update(idempotencyRecords)
    .set({
      state: "done",
      completedAt: new Date(),
      result: { outcome: "failed", code: UNKNOWN, status: 502, message: INTERRUPTED },
    })
    .where(
      and(
        eq(idempotencyRecords.state, "pending"),
        lt(idempotencyRecords.createdAt, new Date(now - settleAfterMs("invitation.created"))),
        or(
          isNull(idempotencyRecords.auditId),
          sql`not exists (select 1 from ${auditRows} where ${auditRows.id} = ${idempotencyRecords.auditId}
                and ${auditRows.outcome} = 'pending')`,
        ),
      ),
    );
}

/** Done idempotency records are only needed for Idempotency-Key replays, which last a day. */
export async function pruneIdempotency(db: Db, maxAgeMs = 24 * 3600_000): Promise<void> {
  await db
    .delete(idempotencyRecords)
    .where(
      and(
        eq(idempotencyRecords.state, "done"),
        lt(idempotencyRecords.createdAt, new Date(Date.now() - maxAgeMs)),
      ),
    );
}
