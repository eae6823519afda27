import "server-only";
import type { AuditAction } from "@/lib/schemas/audit";
import { isHttpError } from "../api/errors";
import { atlasRefusalText, isAtlasError } from "../atlas/errors";
import type { Db } from "../db";
import { getDb } from "../db";
import { logger } from "../log";
import type { AuditActor, AuditCompletion } from "./index";
import { beginAudit, completeAudit, recordAudit } from "./index";

// Every audited change (invitations, console users, and any other resource that adopts it) goes through
// here, so that each has one row with one failure policy:
//   - the console refuses (an HttpError, before or instead of the act)  → "refused", with its message;
//   - Atlas answers with an error                                        → "failure", its status and errorCode;
//   - nobody knows whether Atlas did it (5xx, timeout, dropped connection, after the act's own read-back)
//                                                                        → "unknown", with the reason;
//   - the process dies between the intent and the completion           → left "pending": the reconciler
//     (lib/server/audit/reconcile.ts, at start-up and as a job) reads Atlas and finishes the row
//     (docs/security.md 8). A running process finishes its own rows; the reconciler leaves them alone.
//   - anything else                                                       → "failure", "internal error".
// A resource can override the classification of known Atlas answers (an invitation already gone is a
// "noop", not a failure). The error is marked as audited, so that withConsole does not add a second row.

/** Who and what a row is about; everything but the action and the actor. */
export interface AuditTarget {
  connectionId?: string | null;
  orgId?: string | null;
  targetEmail?: string | null;
  targetId?: string | null;
  grants?: unknown;
  detail?: string | null;
}

// A registered symbol, not a WeakSet: the error may be thrown by one Next.js bundle and caught by another.
const AUDITED = Symbol.for("invite-console/audited");

/** Marks an error whose audit row is written, so that no caller up the stack writes another. */
export function markAudited<E>(e: E): E {
  if (typeof e === "object" && e !== null) (e as Record<symbol, unknown>)[AUDITED] = true;
  return e;
}

export function isAudited(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[AUDITED] === true;
}

/** The one failure policy. */
function completionOfError(e: unknown): AuditCompletion {
  if (isHttpError(e)) return { outcome: "refused", detail: e.message };
  if (isAtlasError(e)) {
    if (e.failure === "unknown_outcome") {
      return {
        outcome: "unknown",
        atlasStatus: e.status ?? null,
        atlasErrorCode: e.errorCode,
        detail: e.message,
      };
    }
    return {
      outcome: "failure",
      atlasStatus: e.status ?? null,
      atlasErrorCode: e.errorCode ?? null,
      // The Atlas detail text never goes into the log (it may quote input back); our own message does.
      detail: e.failure === "http" ? atlasRefusalText(e) : e.message,
    };
  }
  return { outcome: "failure", detail: "internal error" };
}

export interface MutationSpec<T> {
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget;
  /**
   * Runs after the intent row is written, before the act, for what needs the row's id while the act runs (to
   * link it to an idempotency record or an operation in flight); otherwise take `auditId` from the result.
   */
  onBegin?: (auditId: string) => Promise<void>;
  /** The change itself (an Atlas call, a database update). */
  act: () => Promise<T>;
  /**
   * The completion of an act that returned (default: "success"); an act that reports a problem instead of
   * throwing (a connection test) may say "failure".
   */
  onSuccess?: (result: T) => Omit<AuditCompletion, "outcome"> & { outcome?: AuditCompletion["outcome"] };
  /** Classifies known errors before the default policy; return undefined to fall through to it. */
  onError?: (e: unknown) => AuditCompletion | undefined;
  db?: Db;
}

// The rows this process is working on (one set per process: Next.js bundles may load this module twice).
const IN_FLIGHT = Symbol.for("invite-console/audit-in-flight");
const inFlight = ((globalThis as Record<symbol, unknown>)[IN_FLIGHT] ??= new Set<string>()) as Set<string>;

/** Whether this process is between the intent and the completion of that row (the reconciler skips it). */
export function isInFlightHere(auditId: string): boolean {
  return inFlight.has(auditId);
}

/** The act's result and the id of its audit row (for a ledger event or a link to the row). */
export interface AuditedResult<T> {
  result: T;
  auditId: string;
}

/** begin → act → complete: the act's result and the row's id, or the act's error rethrown (marked as audited). */
export async function auditedMutation<T>(spec: MutationSpec<T>): Promise<AuditedResult<T>> {
  const db = spec.db ?? (await getDb());
  const auditId = await beginAudit(spec.actor, { action: spec.action, ...spec.target }, db);
  inFlight.add(auditId);
  try {
    let result: T;
    try {
      await spec.onBegin?.(auditId);
      result = await spec.act();
    } catch (e) {
      await complete(db, auditId, spec.onError?.(e) ?? completionOfError(e));
      throw markAudited(e);
    }
    const done = spec.onSuccess?.(result) ?? {};
    await complete(db, auditId, { ...done, outcome: done.outcome ?? "success" });
    return { result, auditId };
  } finally {
    inFlight.delete(auditId);
  }
}

async function complete(db: Db, auditId: string, completion: AuditCompletion): Promise<void> {
  // The change happened (or was refused) whatever the log says: a failed completion is the reconciler's.
  await completeAudit(auditId, completion, db).catch((err: unknown) =>
    logger.error({ err, auditId }, "audit completion failed; the reconciler will finish it"),
  );
}

/**
 * One row for an attempt that ends before any change: the console refused it (an HttpError) or Atlas's
 * answer to a read shows there is nothing to do. Returns the error, marked, for the caller to throw.
 */
export async function auditedRefusal<E>(
  actor: AuditActor,
  action: AuditAction,
  target: AuditTarget,
  e: E,
  completion: AuditCompletion = completionOfError(e),
  db?: Db,
): Promise<E> {
  await recordOutcome(actor, action, target, completion, db);
  return markAudited(e);
}

/** One "noop" row for an attempt that succeeds without changing anything (nothing is thrown). */
export async function auditedNoop(
  actor: AuditActor,
  action: AuditAction,
  target: AuditTarget,
  completion: Omit<AuditCompletion, "outcome">,
  db?: Db,
): Promise<void> {
  await recordOutcome(actor, action, target, { ...completion, outcome: "noop" }, db);
}

async function recordOutcome(
  actor: AuditActor,
  action: AuditAction,
  target: AuditTarget,
  row: AuditCompletion,
  db?: Db,
): Promise<void> {
  try {
    await recordAudit(
      actor,
      {
        action,
        ...target,
        targetId: row.targetId ?? target.targetId ?? null,
        detail: row.detail ?? target.detail ?? null,
        outcome: row.outcome,
        atlasStatus: row.atlasStatus ?? null,
        atlasErrorCode: row.atlasErrorCode ?? null,
      },
      db ?? (await getDb()),
    );
  } catch (err) {
    // Auditing an attempt must never turn it into a 500; the failure itself is logged.
    logger.error({ err, action }, "could not write an audit row");
  }
}
