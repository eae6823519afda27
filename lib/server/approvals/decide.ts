import "server-only";
import { and, eq } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import type { Approval } from "@/lib/schemas/approvals";
import type { InviteInput, InviteResult } from "@/lib/schemas/invitations";
import { HttpError, isHttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import type { AuditTarget } from "../audit/mutation";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import type { Db } from "../db";
import { getDb } from "../db";
import type { ApprovalRow } from "../db/schema";
import { approvalRequests } from "../db/schema";
import { createInvitations } from "../invitations/create-invitations";
import { approvalOf, expireOverdue, requesterText } from "./rows";

// Approve and deny (POST /api/orgs/{orgId}/approvals/{id}/approve|deny): by an admin who is not the requester,
// once per request. The pending → decided step is one conditional UPDATE, so two decisions (two admins, a
// double click) cannot both pass: the second answers 409. An approval makes the invitation through
// createInvitations with the approver as actor (its rules hold: the domain rule is applied again as the
// policy is now) and an Idempotency-Key derived from the request id.

export interface DecideRequest {
  actor: AuditActor;
  role: Role;
  orgId: string;
  id: string;
  reason: string;
}

const LABEL = { "approval.approved": "approved", "approval.denied": "denied" } as const;

async function loadDecidable(
  db: Db,
  req: DecideRequest,
  action: keyof typeof LABEL,
): Promise<{ row: ApprovalRow; target: AuditTarget }> {
  const [found] = await db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.orgId, req.orgId), eq(approvalRequests.id, req.id)))
    .limit(1);
  if (!found) {
    throw new HttpError({ code: "not_found", message: "No such approval request in this organization." });
  }
  const target: AuditTarget = {
    orgId: req.orgId,
    targetEmail: found.email,
    targetId: found.id,
    grants: found.grants,
  };
  const refuse = async (e: HttpError) =>
    auditedRefusal(req.actor, action, { ...target, detail: `${requesterText(found)}; ${e.message}` }, e);
  if (found.requestedByUserId === req.actor.userId) {
    throw await refuse(
      new HttpError({
        code: "forbidden",
        message: `You asked for this invitation: another admin must ${LABEL[action].replace(/d$/, "")} it.`,
      }),
    );
  }
  await expireOverdue(db, { id: found.id });
  const [row] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, found.id)).limit(1);
  if (!row || row.status !== "pending") {
    const by = row?.decidedByEmail ? ` by ${row.decidedByEmail}` : "";
    throw await refuse(
      new HttpError({
        code: "conflict",
        message: `This request was already ${row?.status ?? "decided"}${by}: a request is decided once.`,
      }),
    );
  }
  return { row, target };
}

/** pending → status, by this actor; false when another decision came first. */
async function claim(
  db: Db,
  row: ApprovalRow,
  req: DecideRequest,
  status: "approved" | "denied",
): Promise<boolean> {
  const done = await db
    .update(approvalRequests)
    .set({
      status,
      decidedByUserId: req.actor.userId,
      decidedByEmail: req.actor.email,
      decisionReason: req.reason,
      decidedAt: new Date(),
    })
    .where(and(eq(approvalRequests.id, row.id), eq(approvalRequests.status, "pending")))
    .returning({ id: approvalRequests.id });
  return done.length > 0;
}

const raced = () =>
  new HttpError({ code: "conflict", message: "Another admin decided this request a moment ago." });

const detailOf = (row: ApprovalRow, req: DecideRequest, verb: string) =>
  `${requesterText(row)}; ${verb} by ${req.actor.email ?? "?"} ("${req.reason}")`.slice(0, 1000);

export async function denyApproval(req: DecideRequest): Promise<Approval> {
  const db = await getDb();
  const { row, target } = await loadDecidable(db, req, "approval.denied");
  await auditedMutation({
    actor: req.actor,
    action: "approval.denied",
    target: { ...target, detail: detailOf(row, req, "denied") },
    db,
    act: async () => {
      if (!(await claim(db, row, req, "denied"))) throw raced();
    },
  });
  return reread(db, row.id);
}

export async function approveApproval(req: DecideRequest): Promise<Approval> {
  const db = await getDb();
  const { row, target } = await loadDecidable(db, req, "approval.approved");
  await auditedMutation({
    actor: req.actor,
    action: "approval.approved",
    target: { ...target, detail: detailOf(row, req, "approved") },
    db,
    act: async () => {
      if (!(await claim(db, row, req, "approved"))) throw raced();
      let one: InviteResult | undefined;
      try {
        [one] = await createInvitations({
          orgId: req.orgId,
          input: {
            emails: row.email,
            orgRoles: row.grants.orgRoles as InviteInput["orgRoles"],
            teamIds: row.grants.teamIds,
            projectRoles: row.grants.projectRoles,
          },
          idempotencyKey: `approval-${row.id}`,
          actor: req.actor,
          role: req.role,
          approved: { approvalId: row.id },
        });
      } catch (e) {
        // Not an Atlas answer (no connection for the org, the database): recorded, so that the request does
        // not stay "approved" with nothing sent; the requester asks again.
        await settle(db, row.id, {
          message: isHttpError(e) ? e.message : "The invitation could not be sent.",
        });
        throw e;
      }
      const sent = one?.outcome === "invited";
      await settle(
        db,
        row.id,
        sent
          ? { invitationId: one?.invitation?.id }
          : {
              message: one?.message ?? "Not invited.",
              ...(one?.atlasErrorCode ? { atlasErrorCode: one.atlasErrorCode } : {}),
            },
      );
      return one;
    },
    onSuccess: (one) =>
      one?.outcome === "invited"
        ? {
            targetId: row.id,
            detail: `${detailOf(row, req, "approved")}; sent (invitation ${one.invitation?.id})`,
          }
        : {
            outcome: "failure",
            atlasErrorCode: one?.atlasErrorCode ?? null,
            detail: `${detailOf(row, req, "approved")}; not sent: ${one?.message ?? one?.outcome}`.slice(
              0,
              1000,
            ),
          },
  });
  return reread(db, row.id);
}

/** approved → sent (with the invitation id) or failed (with the refusal). */
async function settle(db: Db, id: string, result: NonNullable<Approval["result"]>): Promise<void> {
  await db
    .update(approvalRequests)
    .set({ status: result.invitationId ? "sent" : "failed", result })
    .where(eq(approvalRequests.id, id));
}

async function reread(db: Db, id: string): Promise<Approval> {
  const [row] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, id)).limit(1);
  return approvalOf(row!);
}
