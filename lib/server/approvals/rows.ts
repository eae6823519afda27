import "server-only";
import { and, eq, lt } from "drizzle-orm";
import type { Approval } from "@/lib/schemas/approvals";
import type { AuditActor } from "../audit";
import { auditedNoop } from "../audit/mutation";
import type { Db } from "../db";
import type { ApprovalRow } from "../db/schema";
import { approvalRequests } from "../db/schema";

// Shared by the approval verbs (request, list, approve, deny, the expiry job): how a row reads, and the one
// place overdue requests become "expired".

export const SYSTEM_ACTOR: AuditActor = { userId: null, email: null, ip: null, userAgent: null };

const isOverdue = (row: ApprovalRow, now: Date) => row.status === "pending" && row.expiresAt <= now;

/** A row as the API answers it; a pending one past its expiry reads as expired before the job marks it. */
export function approvalOf(row: ApprovalRow, now = new Date()): Approval {
  const result = (row.result ?? null) as Approval["result"];
  return {
    id: row.id,
    orgId: row.orgId,
    email: row.email,
    grants: row.grants,
    reasons: row.reasons,
    status: isOverdue(row, now) ? "expired" : row.status,
    requestedByUserId: row.requestedByUserId,
    requestedByEmail: row.requestedByEmail,
    requestReason: row.requestReason,
    decidedByEmail: row.decidedByEmail,
    decisionReason: row.decisionReason,
    result,
    bulkRunId: row.bulkRunId,
    bulkLine: row.bulkLine,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** "requested by ada@x (reason)" for the audit rows, which name both people. */
export function requesterText(row: Pick<ApprovalRow, "requestedByEmail" | "requestReason">): string {
  return `requested by ${row.requestedByEmail}${row.requestReason ? ` ("${row.requestReason}")` : ""}`;
}

/**
 * Marks overdue pending requests "expired" (auto-denied) and audits each with its requester; `orgId` limits it
 * to one org, `id` to one request. Idempotent: a row is marked once, by whoever gets to it first.
 */
export async function expireOverdue(
  db: Db,
  { orgId, id, now = new Date() }: { orgId?: string; id?: string; now?: Date } = {},
): Promise<ApprovalRow[]> {
  const expired = await db
    .update(approvalRequests)
    .set({ status: "expired", decidedAt: now })
    .where(
      and(
        eq(approvalRequests.status, "pending"),
        lt(approvalRequests.expiresAt, new Date(now.getTime() + 1)),
        orgId ? eq(approvalRequests.orgId, orgId) : undefined,
        id ? eq(approvalRequests.id, id) : undefined,
      ),
    )
    .returning();
  for (const row of expired) {
    await auditedNoop(
      SYSTEM_ACTOR,
      "approval.expired",
      { orgId: row.orgId, targetEmail: row.email, targetId: row.id, grants: row.grants },
      { detail: `${requesterText(row)}; unanswered by ${row.expiresAt.toISOString()}: auto-denied` },
      db,
    );
  }
  return expired;
}
