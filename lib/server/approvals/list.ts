import "server-only";
import { and, desc, eq, gt } from "drizzle-orm";
import type { ApprovalList } from "@/lib/schemas/approvals";
import type { ApprovalStatus } from "@/lib/schemas/onboarding";
import { getDb } from "../db";
import { approvalRequests } from "../db/schema";
import { approvalOf } from "./rows";

/**
 * GET /api/orgs/{orgId}/approvals: newest first, at most 500. A read writes nothing: a pending request past
 * its expiry reads (and filters) as expired until the job (lib/server/jobs/approvals-expire.ts) marks it.
 */
export async function listApprovals({
  orgId,
  status,
}: {
  orgId: string;
  status: ApprovalStatus | "all";
}): Promise<ApprovalList> {
  const db = await getDb();
  const now = new Date();
  const pending = eq(approvalRequests.status, "pending");
  const byStatus =
    status === "all"
      ? undefined
      : status === "pending"
        ? and(pending, gt(approvalRequests.expiresAt, now))
        : status === "expired"
          ? undefined
          : eq(approvalRequests.status, status);
  const rows = await db
    .select()
    .from(approvalRequests)
    .where(and(eq(approvalRequests.orgId, orgId), byStatus))
    .orderBy(desc(approvalRequests.createdAt))
    .limit(500);
  const approvals = rows.map((r) => approvalOf(r, now));
  return {
    approvals: status === "expired" ? approvals.filter((a) => a.status === "expired") : approvals,
  };
}
