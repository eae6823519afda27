import { z } from "zod";
import { grantsSchema } from "./grants";
import { APPROVAL_STATUSES } from "./onboarding";
import { plainTextSchema } from "./text";

// The approval queue (GET /api/orgs/{orgId}/approvals, POST …/approvals/{id}/approve|deny): requests held
// for a second admin (lib/server/approvals/).

/** Request ids are UUIDs; any 20–40 hex-and-dash id passes here and an unknown one is a 404. */
export const approvalParamsSchema = z.object({
  orgId: z.string().regex(/^[a-f0-9]{24}$/, "must be a 24-character hex id"),
  approvalId: z.string().regex(/^[a-f0-9-]{20,40}$/, "is not an approval request id"),
});

export const approvalListQuerySchema = z.object({
  status: z.enum([...APPROVAL_STATUSES, "all"]).default("all"),
});

export const reasonSchema = plainTextSchema().trim().max(500, "at most 500 characters");

/** Approve and deny: the approver's reason, required for both (it is what the audit row explains). */
export const decisionInputSchema = z.object({
  reason: reasonSchema.pipe(z.string().min(1, "say why (it is recorded with your decision)")),
});
export type DecisionInput = z.input<typeof decisionInputSchema>;

export const approvalSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  email: z.string(),
  grants: grantsSchema,
  reasons: z.array(z.string()),
  status: z.enum(APPROVAL_STATUSES),
  requestedByUserId: z.string(),
  requestedByEmail: z.string(),
  requestReason: z.string(),
  decidedByEmail: z.string().nullable(),
  decisionReason: z.string().nullable(),
  /** Once approved: the Atlas invitation id, or the refusal. */
  result: z
    .object({
      invitationId: z.string().optional(),
      message: z.string().optional(),
      atlasErrorCode: z.string().optional(),
    })
    .nullable(),
  bulkRunId: z.string().nullable(),
  bulkLine: z.number().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedAt: z.string().nullable(),
});

/** What approve and deny answer. */
export const decisionResponseSchema = z.object({ approval: approvalSchema });
export type Approval = z.infer<typeof approvalSchema>;

export const approvalListSchema = z.object({ approvals: z.array(approvalSchema) });
export type ApprovalList = z.infer<typeof approvalListSchema>;

export const APPROVAL_STATUS_LABELS: Record<(typeof APPROVAL_STATUSES)[number], string> = {
  pending: "Awaiting approval",
  approved: "Approved",
  denied: "Denied",
  expired: "Expired",
  sent: "Approved and sent",
  failed: "Approved, Atlas refused",
};

/** The answer of POST .../approvals/{approvalId}/approve (201 once sent) and .../deny (200). */
export const approvalDecisionResponseSchema = z.object({ approval: approvalSchema });
