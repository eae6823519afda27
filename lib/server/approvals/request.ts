import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Grants } from "@/lib/schemas/grants";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { approvalRequests } from "../db/schema";
import { readPolicy } from "../guardrails/check";
import { expireOverdue } from "./rows";

/**
 * Holds an invitation for a second admin: one pending request per (org, address), so that a second submit,
 * a retried bulk row or a double click finds the first (`created: false`) instead of queueing another; its
 * grants stay those of the first. Audited as "approval.requested" with the requester and the reasons.
 */
export async function requestApproval({
  actor,
  orgId,
  email,
  grants,
  reasons,
  requestReason,
  bulk,
}: {
  actor: AuditActor;
  orgId: string;
  email: string;
  grants: Grants;
  reasons: string[];
  requestReason?: string;
  bulk?: { runId: string; line: number };
}): Promise<{ id: string; created: boolean }> {
  const db = await getDb();
  const address = email.toLowerCase();
  const pendingFor = async () => {
    const [row] = await db
      .select({ id: approvalRequests.id })
      .from(approvalRequests)
      .where(
        and(
          eq(approvalRequests.orgId, orgId),
          eq(approvalRequests.email, address),
          eq(approvalRequests.status, "pending"),
        ),
      )
      .limit(1);
    return row?.id ?? null;
  };
  // An overdue one no longer holds the place: expire it first (audited), then ask anew.
  await expireOverdue(db, { orgId });
  const existing = await pendingFor();
  if (existing) return { id: existing, created: false };

  const policy = await readPolicy({ orgId, db });
  const id = randomUUID();
  const now = new Date();
  const reason = (requestReason ?? "").trim().slice(0, 500);
  const { result: inserted } = await auditedMutation({
    actor,
    action: "approval.requested",
    target: {
      orgId,
      targetEmail: address,
      targetId: id,
      grants,
      detail:
        `requested by ${actor.email ?? "the system"}${reason ? ` ("${reason}")` : ""}: ${reasons.join(" ")}`.slice(
          0,
          1000,
        ),
    },
    db,
    act: async () =>
      db
        .insert(approvalRequests)
        .values({
          id,
          orgId,
          email: address,
          grants,
          reasons,
          requestedByUserId: actor.userId ?? "system",
          requestedByEmail: actor.email ?? "system",
          requestReason: reason,
          bulkRunId: bulk?.runId ?? null,
          bulkLine: bulk?.line ?? null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + policy.approvalExpiresHours * 3600_000),
        })
        // The partial unique index (one pending per org and address): another request won the race.
        .onConflictDoNothing()
        .returning({ id: approvalRequests.id }),
    onSuccess: (rows) => (rows.length ? {} : { outcome: "noop", detail: "already awaiting approval" }),
  });
  if (inserted.length > 0) return { id, created: true };
  const winner = await pendingFor();
  if (!winner) throw new Error("approval request vanished between insert and read");
  return { id: winner, created: false };
}
