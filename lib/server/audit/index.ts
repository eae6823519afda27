import "server-only";
import type { AuditAction, AuditOutcome } from "@/lib/schemas/audit";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db";
import { getDb } from "../db";
import { auditRows } from "../db/schema";
import { logger } from "../log";
import { appendEvent } from "./chain";

// The audit trail: an intent row before the Atlas call, its
// completion after, both as events of the hash chain; audit_rows holds each action's latest state.
// Never put a secret in an audit row: callers pass ids, e-mails, roles and Atlas error codes only.

export interface AuditActor {
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  /** The API token behind the request ("alice via token 'hr-sync'"); absent for a session or a job. */
  tokenId?: string | null;
  tokenName?: string | null;
}

export interface AuditFields {
  action: AuditAction;
  connectionId?: string | null;
  orgId?: string | null;
  targetEmail?: string | null;
  /** The Atlas id acted on (invitation or user id), when known. */
  targetId?: string | null;
  grants?: unknown;
  detail?: string | null;
}

export type { AuditAction, AuditOutcome };

export interface AuditCompletion {
  outcome: Exclude<AuditOutcome, "pending">;
  atlasStatus?: number | null;
  atlasErrorCode?: string | null;
  detail?: string | null;
  /** Known only after the call (the id Atlas gave a new invitation). */
  targetId?: string | null;
}

/** The intent / record event's data: everything an audit row shows, as hashed. */
export interface IntentData {
  at: string;
  userId: string | null;
  userEmail: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Only in events of requests made with a token (older events have neither key: their hashes stay). */
  tokenId?: string;
  tokenName?: string;
  action: string;
  connectionId: string | null;
  orgId: string | null;
  targetEmail: string | null;
  targetId: string | null;
  grants: unknown;
  detail: string | null;
  outcome: AuditOutcome;
  atlasStatus: number | null;
  atlasErrorCode: string | null;
}

export interface CompletionData {
  at: string;
  outcome: AuditOutcome;
  atlasStatus: number | null;
  atlasErrorCode: string | null;
  detail: string | null;
  targetId: string | null;
}

const clip = (s: string | null | undefined, max: number) =>
  s === null || s === undefined ? null : s.slice(0, max);

function intentOf(
  actor: AuditActor,
  fields: AuditFields,
  outcome: AuditOutcome,
  atlas: { atlasStatus?: number | null; atlasErrorCode?: string | null },
): IntentData {
  return {
    at: new Date().toISOString(),
    userId: clip(actor.userId, 200),
    userEmail: clip(actor.email, 320),
    ip: clip(actor.ip, 100),
    userAgent: clip(actor.userAgent, 300),
    ...(actor.tokenId
      ? { tokenId: actor.tokenId.slice(0, 100), tokenName: (actor.tokenName ?? "").slice(0, 100) }
      : {}),
    action: fields.action.slice(0, 100),
    connectionId: clip(fields.connectionId, 200),
    orgId: clip(fields.orgId, 100),
    targetEmail: clip(fields.targetEmail, 320),
    targetId: clip(fields.targetId, 200),
    // Through JSON once, so that what is hashed is exactly what jsonb stores and the page shows.
    grants: fields.grants === undefined ? null : (JSON.parse(JSON.stringify(fields.grants)) as unknown),
    detail: clip(fields.detail, 2000),
    outcome,
    atlasStatus: atlas.atlasStatus ?? null,
    atlasErrorCode: clip(atlas.atlasErrorCode, 200),
  };
}

export function rowOfIntent(id: string, d: IntentData, completedAt: Date | null = null) {
  return {
    id,
    createdAt: new Date(d.at),
    completedAt,
    userId: d.userId,
    userEmail: d.userEmail,
    ip: d.ip,
    userAgent: d.userAgent,
    tokenId: d.tokenId ?? null,
    tokenName: d.tokenName ?? null,
    action: d.action,
    connectionId: d.connectionId,
    orgId: d.orgId,
    targetEmail: d.targetEmail,
    targetId: d.targetId,
    grants: d.grants,
    outcome: d.outcome,
    atlasStatus: d.atlasStatus,
    atlasErrorCode: d.atlasErrorCode,
    detail: d.detail,
  };
}

async function writeIntent(db: Db, kind: "intent" | "record", data: IntentData): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await appendEvent(tx, id, kind, data);
    await tx.insert(auditRows).values(rowOfIntent(id, data, kind === "record" ? new Date(data.at) : null));
  });
  return id;
}

/** Writes the "pending" row before the Atlas call; returns its id for completeAudit. */
export async function beginAudit(actor: AuditActor, fields: AuditFields, db?: Db): Promise<string> {
  return writeIntent(db ?? (await getDb()), "intent", intentOf(actor, fields, "pending", {}));
}

/** Completes a pending row. A row that is no longer pending (the reconciler got there first) is left alone. */
export async function completeAudit(id: string, completion: AuditCompletion, db?: Db): Promise<void> {
  const conn = db ?? (await getDb());
  const data: CompletionData = {
    at: new Date().toISOString(),
    outcome: completion.outcome,
    atlasStatus: completion.atlasStatus ?? null,
    atlasErrorCode: clip(completion.atlasErrorCode, 200),
    detail: clip(completion.detail, 2000),
    targetId: clip(completion.targetId, 200),
  };
  const done = await conn.transaction(async (tx) => {
    const [row] = await tx
      .select({ outcome: auditRows.outcome })
      .from(auditRows)
      .where(eq(auditRows.id, id))
      .for("update");
    if (!row || row.outcome !== "pending") return false;
    await appendEvent(tx, id, "completion", data);
    await tx
      .update(auditRows)
      .set({
        completedAt: new Date(data.at),
        outcome: data.outcome,
        atlasStatus: data.atlasStatus,
        atlasErrorCode: data.atlasErrorCode,
        ...(data.detail !== null ? { detail: data.detail } : {}),
        ...(data.targetId !== null ? { targetId: data.targetId } : {}),
      })
      .where(and(eq(auditRows.id, id), eq(auditRows.outcome, "pending")));
    return true;
  });
  if (!done) logger.warn({ auditId: id }, "audit row was not pending; completion ignored");
}

/** A one-shot row (sign-in, refusal, a change without an Atlas call). */
export async function recordAudit(
  actor: AuditActor,
  fields: AuditFields & {
    outcome: Exclude<AuditOutcome, "pending">;
    atlasStatus?: number | null;
    atlasErrorCode?: string | null;
  },
  db?: Db,
): Promise<string> {
  return writeIntent(db ?? (await getDb()), "record", intentOf(actor, fields, fields.outcome, fields));
}
